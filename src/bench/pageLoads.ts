// `npm run bench -- --page-loads N`: the benchmark twin of tests/e2e/pageLoads.test.ts. Fresh page loads of the
// default talk in Chromium, each running the free-threading timeline, the GIL heatmap and the finale's compare
// table as a presenter would, read from the screen; interleaved with blocks of the engine benchmark measuring the
// same speedups in the same browser, so the table's figures are judged against a benchmark taken alongside.
import { loadavg } from 'node:os';
import type { Browser, Page } from 'playwright-core';
import type { Strategy } from '../engine/index.js';
import { compare } from '../widgets/compare/schema.js';
import { STRATEGY_OF } from '../widgets/compare/model.js';
import { benchScript, freshPage, launchChromium, runWidget, serveDeck } from './chromium.js';
import type { ServeDeck } from './chromium.js';
import type { SpeedupBlock, SpeedupsOptions } from './engineSuite.js';
import { benchAfter, type LoadReading, type PlacedBlock, pageLoadRows, parseHeatmapPeak, parseTimelineWall, strategyAgreement, strategyOfHeader } from './pageLoadsSummary.js';
import { printTable, writeJson } from './report.js';

export interface PageLoadsOptions {
  root: string;
  /** Serves the deck (the CLI's server, passed in). */
  serveDeck: ServeDeck;
  loads: number;
  json?: string;
}

const TIMELINE = 'gd-timeline[strategy="free-threading"]';
const HEATMAP = 'gd-heatmap[strategy="threads"]';
const COMPARE = 'gd-compare';
/** A benchmark block after every this many loads (and before the first, and after the last). */
const BENCH_EVERY = 2;

/** A widget's summary once run; a widget that fails is reported and read as missing (a benchmark reports, it does not stop). */
async function shown(page: Page, selector: string, timeoutMs?: number): Promise<string> {
  try {
    return await runWidget(page, selector, timeoutMs);
  } catch (e) {
    console.log(`  ${selector}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    return '';
  }
}

/** One fresh page load: the three widgets run in talk order, their figures read from what they show. */
async function pageLoad(browser: Browser, url: string): Promise<LoadReading> {
  const page = await freshPage(browser, url);
  try {
    const timelineWallS = parseTimelineWall(await shown(page, TIMELINE));
    const heatmapPeak = parseHeatmapPeak(await shown(page, HEATMAP));
    if ((await shown(page, COMPARE, 180_000)) === '') return { timelineWallS, heatmapPeak, compare: {}, note: null };
    const table = await page.evaluate((s) => {
      const table = document.querySelector(`${s} table`)!;
      return {
        headers: [...table.querySelectorAll('thead th')].map((th) => th.textContent ?? ''),
        cells: [...table.querySelectorAll('tr[data-row="speedup"] td')].map((td) => ({ provenance: (td as HTMLElement).dataset.provenance, text: td.querySelector('.gd-cell-value')?.textContent ?? '' })),
        note: [...table.querySelectorAll('.gd-busy')].map((e) => e.textContent).join(' ') || null,
      };
    }, COMPARE);
    const compareCells: LoadReading['compare'] = {};
    table.headers.forEach((h, i) => {
      const strategy = strategyOfHeader(h);
      const cell = table.cells[i];
      if (strategy && cell?.provenance === 'measured') compareCells[strategy] = cell.text;
    });
    return { timelineWallS, heatmapPeak, compare: compareCells, note: table.note };
  } finally {
    await page.context().close();
  }
}

/** What the deck's compare table measures itself: its columns' strategies at min(2, cores) workers, its duration and budget share. */
async function compareSettings(browser: Browser, url: string): Promise<SpeedupsOptions> {
  const page = await freshPage(browser, url);
  try {
    const raw = await page.evaluate(async (s) => {
      const el = document.querySelector(s)!;
      return { columns: el.getAttribute('columns'), duration: el.getAttribute('duration'), budget: el.getAttribute('budget'), cores: (await (window as any).gildeck.loadEngine()).host.cores as number };
    }, COMPARE);
    const a = compare.attributes;
    const columns = raw.columns === null ? a.columns.default : a.columns.schema.parse(raw.columns);
    const seconds = raw.duration === null ? a.duration.default : a.duration.schema.parse(raw.duration);
    const budget = raw.budget === null ? a.budget.default : a.budget.schema.parse(raw.budget);
    const strategies = columns.map((c) => STRATEGY_OF[c]);
    return { strategies, workers: Math.max(1, Math.min(2, raw.cores)), workload: 'primes', seconds, budgetMs: (budget * 1000) / strategies.length };
  } finally {
    await page.context().close();
  }
}

/** One block of the engine benchmark in its own fresh page of the same browser. */
async function benchBlock(browser: Browser, url: string, script: string, o: SpeedupsOptions): Promise<SpeedupBlock> {
  const page = await freshPage(browser, url);
  try {
    await page.addScriptTag({ content: script });
    return await page.evaluate((opts) => window.gildeckBench.speedups(opts), o);
  } finally {
    await page.context().close();
  }
}

const fmt = (n: number | null, d = 2) => (n === null ? 'n/a' : n.toFixed(d));

export async function benchPageLoads(o: PageLoadsOptions): Promise<void> {
  const before = loadavg()[0]!;
  console.log(`${o.loads} fresh page loads of the default talk in Chromium, interleaved with the engine benchmark (loadavg ${before.toFixed(2)}):`);
  const [deck, script, browser] = await Promise.all([serveDeck(o.serveDeck), benchScript(o.root), launchChromium()]);
  try {
    const settings = await compareSettings(browser, deck.url);
    console.log(`  compare table measures ${settings.strategies.join(', ')} at ${settings.workers} workers, ${settings.workload}, ${settings.seconds} s of work, ${(settings.budgetMs / 1000).toFixed(1)} s budget each`);
    const schedule = benchAfter(o.loads, BENCH_EVERY);
    const blocks: PlacedBlock[] = [];
    const loads: LoadReading[] = [];
    const block = async (after: number) => {
      const b = { ...(await benchBlock(browser, deck.url, script, settings)), after };
      blocks.push(b);
      console.log(`  bench block ${blocks.length}: ${b.available.toFixed(2)} of ${b.cores} cores free; ${b.points.map((p) => `${p.strategy} ${p.speedup.toFixed(2)}x ±${fmt(p.spread)} (${p.pairs.length})`).join(', ')}`);
    };
    if (schedule.includes(-1)) await block(-1);
    for (let i = 0; i < o.loads; i++) {
      const l = await pageLoad(browser, deck.url);
      loads.push(l);
      console.log(`  load ${i + 1}/${o.loads}: timeline ${fmt(l.timelineWallS)} s, heatmap peak ${fmt(l.heatmapPeak)}; ${Object.entries(l.compare).map(([s, t]) => `${s} ${t}`).join('; ')}${l.note ? ` [${l.note}]` : ''}`);
      if (schedule.includes(i)) await block(i);
    }
    const agreement = settings.strategies.map((s: Strategy) => strategyAgreement(loads, blocks, s, settings.workers));
    const after = loadavg()[0]!;
    printTable(`page loads: ${o.loads} fresh loads of the default talk, Chromium, ${blocks[0]?.cores ?? '?'} cores; compare table vs engine benchmark (${blocks.length} interleaved blocks)`, pageLoadRows({ loads, blocks, agreement, loadavg: { before, after } }));
    await writeJson(o.json, { settings, loadavg: { before, after }, loads, blocks, agreement });
  } finally {
    await browser.close();
    await deck.stop();
  }
}
