import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { get } from '../support/http.js';
import { ROOT, startServe } from '../support/serve.js';
import { startFiles } from '../../src/bench/pageBytes.js';

describe('serve: headers and hosts', () => {
  let work: string;
  let server: Awaited<ReturnType<typeof startServe>>;
  let js: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-serve-headers-'));
    cpSync(join(ROOT, 'tests/fixtures/e2e-deck'), join(work, 'slides'), { recursive: true });
    server = await startServe(join(work, 'slides'), join(work, 'dist'));
    js = startFiles((await get(server.url)).body.toString()).at(-1)!;
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('every answer, errors and the event stream included, says nosniff and has a Content-Type', async () => {
    const paths: [string, number][] = [
      ['', 200],
      [js, 200],
      ['__gildeck/client.js', 200],
      ['__gildeck/events', 200],
      ['assets/missing.png', 404],
      ['nope', 404],
      ['%E0%A4%A', 400],
      ['..%2f..%2fetc%2fpasswd', 404],
    ];
    for (const [path, status] of paths) {
      const a = await get(server.url + path);
      expect([path, a.status]).toEqual([path, status]);
      expect([path, a.headers['x-content-type-options']]).toEqual([path, 'nosniff']);
      expect([path, typeof a.headers['content-type']]).toEqual([path, 'string']);
      expect(a.headers['cross-origin-embedder-policy']).toBe('require-corp');
    }
    const refused = await get(server.url, { host: 'attacker.example' });
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(refused.headers['content-type']).toMatch(/^text\/plain/);
  });

  test('only 127.0.0.1, localhost and [::1] Host names are served, with any port (DNS rebinding)', async () => {
    for (const host of ['127.0.0.1', '127.0.0.1:1', 'localhost', 'LOCALHOST:4173', '[::1]', '[::1]:8080']) {
      expect([host, (await get(server.url, { host })).status]).toEqual([host, 200]);
    }
    for (const host of ['attacker.example', 'attacker.example:4173', '127.0.0.1.nip.io', 'localhost.attacker.example', '10.0.0.1', '127.0.0.2', '0.0.0.0']) {
      for (const path of ['', '__gildeck/events', js]) {
        const a = await get(server.url + path, { host });
        expect([host, path, a.status]).toEqual([host, path, 403]);
        expect(a.body.toString()).toMatch(/only to 127\.0\.0\.1, localhost and \[::1\]/);
      }
    }
  });
});
