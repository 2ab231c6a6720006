import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { exportPdf } from '../../src/cli/exportPdf.js';
import { countPdfPages } from '../../src/cli/pdfPages.js';
import { RuntimeBundler } from '../../src/cli/runtimeBundle.js';
import { browserAvailable } from '../support/browser.js';
import { ROOT } from '../support/serve.js';

const ARTIFACTS = join(ROOT, 'test-results/export');

describe.runIf(browserAvailable())('export pdf of the default talk', () => {
  let work: string;
  const bundler = new RuntimeBundler(ROOT);
  beforeAll(() => void (work = mkdtempSync(join(tmpdir(), 'gildeck-pdf-'))));
  afterAll(async () => {
    await bundler.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  test('one page per slide, every widget drawn from its labelled reference run, nothing over the footer', async () => {
    const out = join(work, 'deck.pdf');
    const r = await exportPdf({ root: ROOT, slides: join(ROOT, 'slides'), out, bundler, log: () => undefined });
    const slides = Number(/(\d+) slides/.exec(spawnSync(process.execPath, ['build.mjs', 'build', '--out', join(work, 'dist')], { cwd: ROOT, encoding: 'utf8' }).stdout)?.[1]);
    expect(slides).toBeGreaterThan(30);
    expect(countPdfPages(readFileSync(out))).toBe(slides);
    expect(r).toMatchObject({ slides, pages: slides, notesPages: 0, overlaps: [] });
    // Slides taller than their page (asyncio, the server) are fitted by a little, never made illegible.
    expect(r.scaled.length).toBeGreaterThan(0);
    for (const s of r.scaled) expect(s.scale).toBeGreaterThan(0.85);
    expect(r.widgets.length).toBe(16);
    // Each drawn from its reference run, except the one that draws a recording of real CPython (trace=).
    for (const w of r.widgets) expect(w, `${w.name} on slide ${w.slide}`).toMatchObject({ state: 'ready' });
    expect(r.widgets.filter((w) => w.provenance === 'recorded').map((w) => w.name)).toEqual(['timeline']);
    expect(r.widgets.filter((w) => w.provenance !== 'recorded').every((w) => w.provenance === 'reference')).toBe(true);
    // The race widget sits whole on its one page (it used to be cut off by the page's end).
    expect(new Set(r.widgets.filter((w) => w.name === 'race').map((w) => w.slide)).size).toBe(2);
  }, 120_000);

  test('--notes separate-page: a notes page after each slide with notes, and the page count says so', async () => {
    const out = join(work, 'notes.pdf');
    const r = await exportPdf({ root: ROOT, slides: join(ROOT, 'slides'), out, bundler, notes: 'separate-page', log: () => undefined });
    expect(r.notesPages).toBeGreaterThan(30);
    expect(countPdfPages(readFileSync(out))).toBe(r.slides + r.notesPages);
  }, 120_000);

  test('a widget that never signals its final picture is named, with its slide, and nothing is written', async () => {
    const out = join(work, 'late.pdf');
    // The race widgets never say they are drawn.
    const prepare = (page: Page) =>
      page.addInitScript(() => {
        const set = Element.prototype.setAttribute;
        Element.prototype.setAttribute = function (name: string, value: string) {
          if (name === 'data-print' && this.tagName === 'GD-RACE') return;
          set.call(this, name, value);
        };
      });
    await expect(exportPdf({ root: ROOT, slides: join(ROOT, 'slides'), out, bundler, timeoutMs: 20_000, prepare, log: () => undefined })).rejects.toThrow(
      /^widgets race \(slide \d+\), race \(slide \d+\) never drew their final picture within 20 s; nothing was written$/,
    );
    expect(() => readFileSync(out)).toThrow();
  }, 60_000);
});

describe('export pdf refuses what it must not replace', () => {
  let work: string;
  beforeAll(() => void (work = mkdtempSync(join(tmpdir(), 'gildeck-pdf-out-'))));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const cli = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'build.mjs'), 'export', ...args], { cwd: ROOT, encoding: 'utf8' });

  test('an --out that is not an earlier PDF is left alone (exit 2, says why)', () => {
    const notes = join(work, 'notes.pdf');
    writeFileSync(notes, 'my own notes, misnamed');
    const r = cli('pdf', '--out', notes);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/exists and is not PDF gildeck exported, so it is left alone/);
    expect(readFileSync(notes, 'utf8')).toBe('my own notes, misnamed');
  });

  test('without Chromium it says where it looked and how to get one, before building anything', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'build.mjs'), 'export', 'pdf', '--out', join(work, 'y.pdf')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: join(work, 'no-chromium') } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Chromium is needed and is not at .*no-chromium: install it \(apt-get install -y chromium\) or set CHROMIUM_PATH/);
    expect(r.stdout).not.toMatch(/built/);
  });

  test('a bad --notes value names the ones it takes', () => {
    const r = cli('pdf', '--notes', 'inline', '--out', join(work, 'x.pdf'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--notes must be none or separate-page, not "inline"/);
  });
});
