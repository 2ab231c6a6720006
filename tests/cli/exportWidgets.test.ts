import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportCommand } from '../../src/cli/exportCommand.js';
import { exportWidgets } from '../../src/cli/widgetsBundle.js';
import { ROOT } from '../support/serve.js';

describe('export widgets', () => {
  let work: string;
  beforeAll(() => void (work = mkdtempSync(join(tmpdir(), 'gildeck-export-widgets-'))));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('writes one classic script with every widget element, its styles and the worker, and no reveal.js', async () => {
    const out = join(work, 'gildeck-widgets.js');
    const r = await exportWidgets({ root: ROOT, out });
    const js = readFileSync(out, 'utf8');
    expect(js.startsWith('/*! gildeck-widgets ')).toBe(true);
    expect(r.widgets).toBe(10);
    expect(js).toContain('gd-w-head');
    expect(js).not.toContain('__GILDECK_WIDGETS_CSS__');
    // reveal.js's core (an event only it fires) and the deck's service worker stay out: the page is not ours.
    expect(js).not.toContain('slidetransitionend');
    expect(js).not.toContain('serviceWorker');
    // A classic script: no module syntax at the top level.
    expect(js).not.toMatch(/^\s*(import|export)\s/m);
    expect(readdirSync(work)).toEqual(['gildeck-widgets.js']);
    // Run again, it replaces its own earlier bundle.
    await exportWidgets({ root: ROOT, out });
    expect(readdirSync(work)).toEqual(['gildeck-widgets.js']);
  }, 60_000);

  test("never replaces a page's own script, nor writes into a folder; says what to pass instead", async () => {
    const mine = join(work, 'app.js');
    writeFileSync(mine, 'console.log("mine")');
    await expect(exportWidgets({ root: ROOT, out: mine })).rejects.toThrow('--out ' + mine + ' exists and is not a widgets bundle gildeck exported, so it is left alone');
    expect(readFileSync(mine, 'utf8')).toBe('console.log("mine")');
    mkdirSync(join(work, 'site'));
    await expect(exportWidgets({ root: ROOT, out: join(work, 'site') })).rejects.toThrow(/is a folder; pass --out with a file name, e.g. --out .*site\/gildeck-widgets\.js/);
  }, 60_000);

  test('an unknown export names widgets among the kinds', async () => {
    await expect(exportCommand('widget', { root: ROOT, slides: 'slides', out: undefined, notes: undefined, widgets: [], onBuilt: () => undefined })).rejects.toThrow(
      'unknown export "widget"; write export pdf, export html, export trace or export widgets',
    );
  });
});
