import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { goToWidget, leaveSlide } from '../support/deck.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';
import { ROOT, startServe } from '../support/serve.js';

const DECK = `---
title: Real Python
---

# Real Python

---

::timeline{strategy=threads workers=2 workload=countdown duration=0.3 trace=assets/traces/threads-2.jsonl}

---

::gil{workers=2 duration=0.2 engine=cpython}

---

::heatmap{strategy=threads workers=2 workload=countdown duration=3 engine=cpython}
`;

/** The Python processes the dev server started (its children). */
const pythonChildren = (pid: number): string[] => {
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('gildeck_recorder.py'));
  } catch {
    return [];
  }
};

const widgetState = (page: Page, name: string) =>
  page.evaluate((n) => {
    const el = document.querySelector(`gd-${n}`)!;
    return {
      state: el.getAttribute('data-state'),
      provenance: el.getAttribute('data-provenance'),
      status: el.querySelector('.gd-w-status')?.textContent ?? '',
      badge: el.querySelector('.gd-w-badge')?.textContent ?? '',
      foot: el.querySelector('.gd-w-foot')?.textContent ?? '',
      marks: el.querySelectorAll('svg rect, svg path, svg circle, svg line').length + el.querySelectorAll('canvas').length,
      error: el.querySelector('.gd-widget-error, .gd-w-error')?.textContent ?? '',
    };
  }, name);

describe.runIf(browserAvailable())('real Python in the deck: recorded, and live from serve --python', () => {
  let work: string;
  let browser: LaunchedBrowser;
  let server: Awaited<ReturnType<typeof startServe>>;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'gildeck-python-e2e-'));
    const slides = join(work, 'slides');
    mkdirSync(join(slides, 'assets', 'traces'), { recursive: true });
    cpSync(join(ROOT, 'tests/fixtures/recordings/threads-2.jsonl'), join(slides, 'assets/traces/threads-2.jsonl'));
    writeFileSync(join(slides, 'talk.md'), DECK);
    [server, browser] = await Promise.all([startServe(slides, join(work, 'dist'), ['--python', 'python3']), launchBrowser()]);
    page = await browser.browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  test('a widget with trace= draws the recording through its own model, labelled recorded, never live or measured here', async () => {
    await goToWidget(page, 'timeline');
    await page.waitForFunction(() => document.querySelector('gd-timeline')?.getAttribute('data-provenance') === 'recorded');
    await page.waitForFunction(() => /recorded: CPython/.test(document.querySelector('gd-timeline .gd-w-status')?.textContent ?? ''));
    const s = await widgetState(page, 'timeline');
    expect(s.status).toMatch(/^recorded: CPython 3\.\d+\.\d+ \(GIL\), Linux, \d+ cores, \d{4}-\d\d-\d\d/);
    expect(s.badge).toBe('recorded: real Python');
    expect(`${s.status} ${s.badge}`).not.toMatch(/live|measured/i);
    expect(s.marks).toBeGreaterThan(3);
    // For a person to look at (after the slide transition): test-results/recorded-timeline.png.
    await page.waitForTimeout(900);
    await page.screenshot({ path: join(ROOT, 'test-results', 'recorded-timeline.png') });
  });

  test('engine=cpython runs real Python from the Run button through the dev server and streams it in', async () => {
    await goToWidget(page, 'gil');
    await page.click('gd-gil .gd-w-run');
    await page.waitForFunction(() => document.querySelector('gd-gil')?.getAttribute('data-state') === 'done', null, { timeout: 20_000 });
    const s = await widgetState(page, 'gil');
    expect(s.error).toBe('');
    expect(s.badge).toBe('real CPython, live');
    expect(s.foot).toMatch(/real CPython 3\.\d+\.\d+, run now by the dev server \(python3\)/);
  });

  test('leaving the slide while real Python runs kills its process: none is left behind', async () => {
    await goToWidget(page, 'heatmap');
    await page.click('gd-heatmap .gd-w-run');
    const pid = server.proc.pid!;
    const t0 = Date.now();
    while (pythonChildren(pid).length === 0 && Date.now() - t0 < 10_000) await new Promise((r) => setTimeout(r, 50));
    expect(pythonChildren(pid).length).toBe(1);
    await leaveSlide(page);
    const t1 = Date.now();
    while (pythonChildren(pid).length > 0 && Date.now() - t1 < 5_000) await new Promise((r) => setTimeout(r, 50));
    expect(pythonChildren(pid)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
