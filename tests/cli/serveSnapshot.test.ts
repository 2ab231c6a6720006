import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createHandler, ServedBuild } from '../../src/cli/serveHandler.js';
import { readSnapshot } from '../../src/cli/snapshot.js';
import { get } from '../support/http.js';

describe('serve snapshots', () => {
  let work: string;
  const build = (name: string, files: Record<string, string | Buffer>) => {
    const dir = join(work, name);
    for (const [path, body] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), body);
    }
    return dir;
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-snapshot-'));
    writeFileSync(join(work, 'secret.txt'), 'secret');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('holds the plain files of a build, skips links and special files, and rewrites HTML', async () => {
    const dir = build('one', { 'index.html': '<head></head>', 'assets/a.txt': 'a', 'sub/index.html': '<head></head>' });
    symlinkSync(join(work, 'secret.txt'), join(dir, 'assets/link.txt'));
    symlinkSync(work, join(dir, 'assets/dir-link'));
    symlinkSync('../..', join(dir, 'assets/loop'));
    const snap = await readSnapshot(dir, { html: (h) => h.replace('</head>', 'X</head>') });
    expect([...snap.files.keys()].sort()).toEqual(['/assets/a.txt', '/index.html', '/sub/index.html']);
    expect([...snap.dirs].sort()).toEqual(['/', '/assets', '/sub']);
    expect(snap.skipped.sort()).toEqual(['assets/dir-link', 'assets/link.txt', 'assets/loop']);
    expect(String((snap.files.get('/index.html') as { body: Buffer }).body)).toBe('<head>X</head>');
    await snap.close();
  });

  describe('answers', () => {
    let server: Server;
    let url: string;
    let older: ServedBuild;
    let current: ServedBuild;
    const big = Buffer.from(Array.from({ length: 3 * 1024 * 1024 }, (_, i) => (i * 7919) % 251));

    beforeAll(async () => {
      older = new ServedBuild('b1', await readSnapshot(build('b1', { 'index.html': 'old', 'gildeck.OLD1.js': 'old js', 'assets/gone.txt': 'gone' })));
      current = new ServedBuild('b2', await readSnapshot(build('b2', { 'index.html': 'new', 'gildeck.NEW2.js': 'new js', 'assets/big.bin': big }), { maxInMemory: 1024 }));
      server = createServer(createHandler({ current: () => current, previous: () => older, status: () => ({ ok: true, errors: [], build: 'b2' }), clients: new Set(), client: '' }));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    test('a page of the build before still gets its content-hashed bundle, but no other file of that build', async () => {
      expect(String((await get(`${url}gildeck.OLD1.js`)).body)).toBe('old js');
      expect(String((await get(`${url}gildeck.NEW2.js`)).body)).toBe('new js');
      expect((await get(`${url}assets/gone.txt`)).status).toBe(404);
      expect(String((await get(url)).body)).toBe('new');
    });

    test('a large file is read whole from its handle, and the handle survives the build folder being replaced', async () => {
      rmSync(join(work, 'b2'), { recursive: true });
      // A browser leaving halfway through a file must not spoil the file for everyone else.
      await new Promise<void>((done) => {
        request(`${url}assets/big.bin`, (res) => res.once('data', () => (res.destroy(), setTimeout(done, 50)))).end();
      });
      const answers = await Promise.all([1, 2, 3].map(() => get(`${url}assets/big.bin`)));
      for (const a of answers) expect(a.body.equals(big)).toBe(true);
      expect(answers[0]!.headers['content-type']).toBe('application/octet-stream');
    });
  });
});
