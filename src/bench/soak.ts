// `npm run soak -- --minutes M`: the kiosk left running, accelerated, in headless Chromium over the served deck,
// sampled every ~30 s (heap after a full GC, DOM nodes and listeners, workers, slide), with its trends per hour.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './chromium.js';
import { printGrid, printTable, writeJson } from './report.js';
import { type SoakSample, type SoakTotals, soakVerdict } from './soakSummary.js';

/** How the soak gets a deck served: the CLI's server, building `slides` once into `out`, without watching. */
export type ServeSlides = (o: { slides: string; out: string; until: Promise<void>; onListening: (url: string) => void }) => Promise<unknown>;

export interface SoakOptions {
  root: string;
  slides: string;
  minutes: number;
  /** ms per step, the demos' hold time and their upper bound, written into the copy's `kiosk:` front matter. */
  paceMs: number;
  holdMs: number;
  maxWaitMs: number;
  sampleSeconds: number;
  json?: string;
  serveSlides: ServeSlides;
}

/**
 * A copy of the deck whose first file's front matter paces the kiosk for the soak (`kiosk: { advance, hold,
 * maxWait }`), replacing a one-line `kiosk:` it had. The deck's own folder is never written.
 */
async function acceleratedCopy(slides: string, into: string, o: SoakOptions): Promise<string> {
  await cp(slides, into, { recursive: true });
  const first = (await readdir(into)).filter((f) => f.endsWith('.md')).sort()[0];
  if (!first) throw new Error(`no .md file in ${slides}`);
  const path = join(into, first);
  const text = await readFile(path, 'utf8');
  const line = `kiosk: { advance: ${o.paceMs}, hold: ${o.holdMs}, maxWait: ${o.maxWaitMs} }`;
  const paced = /^---[ \t]*\r?\n/.test(text) ? text.replace(/^kiosk:.*\r?\n/m, '').replace(/^---[ \t]*\r?\n/, (open) => `${open}${line}\n`) : `---\n${line}\n---\n\n${text}`;
  await writeFile(path, paced);
  return into;
}

/** Installed in every load of the page (the kiosk reloads itself after a freeze): counts steps, checks workers between demos. */
function pageHooks(): void {
  const soak = { changes: 0, longestStepMs: 0, betweenMax: 0, betweenChecks: 0 };
  (window as unknown as { __soak: typeof soak }).__soak = soak;
  const wait = setInterval(() => {
    const g = (window as any).gildeck;
    if (!g?.deck?.isReady?.()) return;
    clearInterval(wait);
    g.loadedEngineWorkers = (): number => {
      try {
        return g.engine().aliveWorkers as number;
      } catch {
        return 0;
      }
    };
    let last = performance.now();
    const onStep = () => {
      const now = performance.now();
      soak.longestStepMs = Math.max(soak.longestStepMs, now - last);
      last = now;
      soak.changes++;
      const slide = g.deck.getCurrentSlide() as Element | undefined;
      if (!slide || Array.from(slide.querySelectorAll('*')).some((e) => e.localName.startsWith('gd-'))) return;
      // A second after arriving on a slide without demos, the demos left behind must have ended their workers.
      setTimeout(() => {
        if (g.deck.getCurrentSlide() !== slide) return;
        soak.betweenChecks++;
        // The engine loads with the first widget: before that there is none, and no worker.
        soak.betweenMax = Math.max(soak.betweenMax, g.loadedEngineWorkers());
      }, 1000);
    };
    g.deck.on('slidechanged', onStep);
    g.deck.on('fragmentshown', onStep);
  }, 50);
}

interface PageReading {
  timeOrigin: number;
  slide: number;
  engineWorkers: number;
  kiosk: { advances: number; maxLateMs: number; watchdogStops: number; recoveries: unknown[] };
  soak: { changes: number; longestStepMs: number; betweenMax: number; betweenChecks: number };
}

const read = (page: Page) =>
  page.evaluate(() => {
    const g = (window as any).gildeck;
    return {
      timeOrigin: performance.timeOrigin,
      slide: g.deck.getIndices().h as number,
      engineWorkers: g.loadedEngineWorkers?.() ?? 0,
      kiosk: g.deck.getPlugin('gildeck-kiosk').status(),
      soak: (window as any).__soak,
    };
  }) as Promise<PageReading>;

export async function soak(o: SoakOptions): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'gildeck-soak-'));
  let release!: () => void;
  const until = new Promise<void>((r) => (release = r));
  const browser = await launchChromium();
  let closed: Promise<unknown> = Promise.resolve();
  try {
    const slides = await acceleratedCopy(o.slides, join(work, 'slides'), o);
    let url!: string;
    await new Promise<void>((listening, fail) => {
      closed = o.serveSlides({ slides, out: join(work, 'dist'), until, onListening: (u) => ((url = u), listening()) });
      closed.catch(fail);
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const page = await context.newPage();
    const origin = new URL(url).origin;
    const consoleErrors: string[] = [];
    const offOrigin: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    context.on('request', (r) => {
      const u = r.url();
      if (!u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).origin !== origin) offOrigin.push(u);
    });
    await context.route((u) => u.origin !== origin && u.protocol !== 'blob:' && u.protocol !== 'data:', (route) => route.abort());
    await page.addInitScript(pageHooks);
    const cdp = await context.newCDPSession(page);
    await page.goto(`${url}?kiosk`);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    const t0 = performance.now();
    console.log(`soak: ${o.minutes} min of the kiosk on ${o.slides} at ${o.paceMs} ms a step (hold ${o.holdMs} ms, maxWait ${o.maxWaitMs} ms), a sample every ${o.sampleSeconds} s`);

    const samples: SoakSample[] = [];
    // Counts from earlier loads of the page (the kiosk reloads after a freeze), carried over.
    const carried = { changes: 0, advances: 0, watchdogStops: 0 };
    let lastOrigin = 0;
    let last: PageReading | null = null;
    let maxLateMs = 0;
    let longestStepMs = 0;
    let betweenMax = 0;
    let betweenChecks = 0;
    const sample = async () => {
      // Samples are taken alike, on a slide without demos half a second after it came (demos' transient data gone).
      await page
        .waitForFunction(
          () => {
            const w = window as any;
            const slide = w.gildeck?.deck?.getCurrentSlide() as Element | undefined;
            if (!slide || Array.from(slide.querySelectorAll('*')).some((e) => e.localName.startsWith('gd-'))) return (w.__quietSince = null), false;
            if (w.__quietSlide !== slide) (w.__quietSlide = slide), (w.__quietSince = performance.now());
            return performance.now() - w.__quietSince >= 500;
          },
          null,
          { timeout: 120_000, polling: 100 },
        )
        .catch(() => console.log('  (no slide without demos for 2 min: sampling where it is)'));
      await cdp.send('HeapProfiler.collectGarbage');
      const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
      const dom = (await cdp.send('Memory.getDOMCounters')) as { nodes: number; jsEventListeners: number };
      const r = await read(page);
      if (last && r.timeOrigin !== lastOrigin) {
        carried.changes += last.soak.changes;
        carried.advances += last.kiosk.advances;
        carried.watchdogStops += last.kiosk.watchdogStops;
      }
      lastOrigin = r.timeOrigin;
      last = r;
      maxLateMs = Math.max(maxLateMs, r.kiosk.maxLateMs);
      longestStepMs = Math.max(longestStepMs, r.soak.longestStepMs);
      betweenMax = Math.max(betweenMax, r.soak.betweenMax);
      betweenChecks = Math.max(betweenChecks, r.soak.betweenChecks);
      const s: SoakSample = {
        minute: (performance.now() - t0) / 60_000,
        heapMb: heap.usedSize / 1024 / 1024,
        nodes: dom.nodes,
        listeners: dom.jsEventListeners,
        engineWorkers: r.engineWorkers,
        browserWorkers: page.workers().length,
        slide: r.slide,
        advances: carried.advances + r.kiosk.advances,
      };
      samples.push(s);
      console.log(`  ${s.minute.toFixed(1).padStart(5)} min  heap ${s.heapMb.toFixed(2)} MB  nodes ${s.nodes}  listeners ${s.listeners}  workers ${s.engineWorkers}/${s.browserWorkers}  slide ${s.slide}  steps ${s.advances}  errors ${consoleErrors.length}`);
    };

    const end = t0 + o.minutes * 60_000;
    await sample();
    while (performance.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(o.sampleSeconds * 1000, Math.max(0, end - performance.now()))));
      await sample();
    }
    const finalReading = last as PageReading | null;
    const recoveries = finalReading?.kiosk.recoveries.length ?? 0;
    const totals: SoakTotals = {
      minutes: o.minutes,
      paceMs: o.paceMs,
      slideChanges: carried.changes + (finalReading?.soak.changes ?? 0),
      recoveries,
      maxLateMs,
      workersBetweenDemos: betweenMax,
      betweenChecks,
      consoleErrors,
      watchdogStops: carried.watchdogStops + (finalReading?.kiosk.watchdogStops ?? 0),
    };
    const verdict = soakVerdict(samples, totals);
    printGrid(
      'samples',
      ['min', 'heap MB', 'nodes', 'listeners', 'engine workers', 'browser workers', 'slide', 'steps'],
      samples.map((s) => [s.minute.toFixed(1), s.heapMb.toFixed(2), String(s.nodes), String(s.listeners), String(s.engineWorkers), String(s.browserWorkers), String(s.slide), String(s.advances)]),
    );
    printTable(`kiosk soak: ${o.minutes} min, ${totals.slideChanges} steps (slides and fragments), ${totals.watchdogStops} demos stopped by the watchdog, longest step ${(longestStepMs / 1000).toFixed(1)} s`, [
      ...verdict.targets,
      { metric: 'DOM nodes slope', value: `${verdict.nodesSlopePerHour.toFixed(0)} /h` },
      { metric: 'event listeners slope', value: `${verdict.listenersSlopePerHour.toFixed(0)} /h` },
      { metric: 'heap first -> last', value: `${samples[0]!.heapMb.toFixed(2)} -> ${samples.at(-1)!.heapMb.toFixed(2)} MB` },
      { metric: 'requests off the deck\'s origin', value: String(offOrigin.length), target: '0', ok: offOrigin.length === 0 },
    ]);
    for (const e of consoleErrors.slice(0, 10)) console.log(`  console error: ${e}`);
    await writeJson(o.json, { settings: { minutes: o.minutes, paceMs: o.paceMs, holdMs: o.holdMs, maxWaitMs: o.maxWaitMs, sampleSeconds: o.sampleSeconds, slides: o.slides }, samples, totals: { ...totals, longestStepMs, offOrigin }, verdict });
  } finally {
    await browser.close();
    release();
    await closed.catch(() => undefined);
    await rm(work, { recursive: true, force: true });
  }
}
