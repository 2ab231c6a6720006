import { spawn } from 'node:child_process';
import { Engine, STRATEGIES, type Strategy } from '../engine/index.js';
import { nodeHost } from '../engine/nodeHost.js';
import { bundleWorker } from '../cli/workerBundle.js';
import type { WidgetBench } from './browserEntry.js';
import { benchScript, launchChromium, type ServeDeck, serveDeck } from './chromium.js';
import { type EngineBench, runEngineSuite } from './engineSuite.js';
import { printTable, type Row, writeJson } from './report.js';
import { formatSpread } from '../widgets/speedup/model.js';

export interface EngineBenchOptions {
  root: string;
  json?: string;
  browser: boolean;
  seconds: number;
  repeats: number;
  /** Keep one core busy with another process throughout, as a busy laptop would. */
  hog?: boolean;
  /** Serves the deck for the browser run (the CLI's server, passed in so the benchmark does not depend on it). */
  serveDeck: ServeDeck;
}

export type { ServeDeck } from './chromium.js';

const f = (n: number, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

/**
 * What a speedup should be, from what the strategy is: about 1x where one GIL is shared; at least 1.85x on two
 * pooled workers that run in parallel (a fresh process per run also pays its start, so it has no target).
 */
export function speedupTarget(strategy: Strategy, workers: number, speedup: number): Pick<Row, 'target' | 'ok'> {
  const s = STRATEGIES[strategy];
  if (s.gil === 'shared') return { target: '0.95-1.05x', ok: speedup >= 0.95 && speedup <= 1.05 };
  if (workers === 2 && s.runsOn === 'each-worker' && s.workers === 'pooled') return { target: '>= 1.85x', ok: speedup >= 1.85 };
  return {};
}

function rows(b: EngineBench): Row[] {
  const p = b.parallelism;
  const out: Row[] = [
    { metric: 'available parallelism (probe)', value: `${f(p.available, 2)} of ${p.cores} cores`, target: `>= ${f(p.cores - 0.2, 1)} (else the machine is busy)`, ok: p.available >= p.cores - 0.2 },
    { metric: 'warm-up until steady', value: `${f(p.warmUpMs, 0)} ms, ${p.unsteadyWorkers} never steady`, target: 'all steady', ok: p.unsteadyWorkers === 0 },
  ];
  for (const s of b.scaling) {
    // The baseline (one worker runs everything) is what the others are measured against.
    if (STRATEGIES[s.strategy].runsOn === 'one-worker') continue;
    const spread = formatSpread(s.spread, s.speedup);
    out.push({ metric: `speedup ${s.strategy} x${s.workers}`, value: `${f(s.speedup, 2)}x${spread}, ${s.pairs} pairs${s.verdict === 'steady' ? '' : ` (${s.verdict})`}`, ...speedupTarget(s.strategy, s.workers, s.speedup) });
  }
  const handoffTarget = b.env.runtime.startsWith('node') ? 30 : 40;
  out.push(
    { metric: 'GIL slice p50 / p99', value: `${f(b.gil.sliceMs.p50, 2)} / ${f(b.gil.sliceMs.p99, 2)} ms`, target: `p50 within 5% of ${b.gil.switchIntervalMs} ms`, ok: Math.abs(b.gil.sliceMs.p50 - b.gil.switchIntervalMs) <= 0.05 * b.gil.switchIntervalMs },
    { metric: 'GIL hand-off p50 / p99', value: `${f(b.gil.handoffUs.p50, 0)} / ${f(b.gil.handoffUs.p99, 0)} us`, target: `p50 <= ${handoffTarget} us`, ok: b.gil.handoffUs.p50 <= handoffTarget },
    { metric: 'overlapping GIL holders', value: String(b.gil.overlaps), target: '0', ok: b.gil.overlaps === 0 },
  );
  const none = b.convoy.find((c) => c.cpuWorkers === 0)!.ioLatencyUs.p50;
  for (const c of b.convoy) {
    const t =
      c.cpuWorkers === 1
        ? { target: 'within 10% of 5 ms, >= 50x none', ok: Math.abs(c.ioLatencyUs.p50 / 1000 - 5) <= 0.5 && c.ioLatencyUs.p50 >= 50 * none }
        : {};
    out.push({ metric: `convoy I/O latency, ${c.cpuWorkers} CPU-bound`, value: `${f(c.ioLatencyUs.p50, 0)} / ${f(c.ioLatencyUs.p99, 0)} us`, ...t });
  }
  out.push(
    { metric: 'worker start', value: `${f(b.costs.workerStartMs)} ms` },
    { metric: 'move 10 MB: copy (pickle-like)', value: `${f(b.costs.copy10MBMs)} ms` },
    { metric: 'move 10 MB: transfer', value: `${f(b.costs.transfer10MBMs, 2)} ms` },
    { metric: 'move 10 MB: shared memory', value: `${f(b.costs.share10MBMs, 2)} ms` },
    { metric: 'trace overhead', value: `${f(b.traceOverhead.pct, 2)} % ±${f(b.traceOverhead.spreadPct, 2)}, ${b.traceOverhead.pairs} pairs`, target: '<= 1%', ok: b.traceOverhead.pct <= 1 },
  );
  return out;
}

/** `npm run bench`: the engine suite in Node worker_threads, and with --browser in headless Chromium too. */
export async function benchEngine(o: EngineBenchOptions): Promise<void> {
  const log = (line: string) => console.log(`  ${line}`);
  // A busy laptop: another program spinning on one core for the whole benchmark.
  const hog = o.hog ? spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }) : null;
  if (hog) console.log(`a CPU hog (pid ${hog.pid}) keeps one core busy throughout`);
  try {
    await benchAll(o, log);
  } finally {
    hog?.kill();
  }
}

async function benchAll(o: EngineBenchOptions, log: (line: string) => void): Promise<void> {
  console.log('engine benchmark, Node worker_threads:');
  const engine = new Engine(nodeHost(await bundleWorker(o.root)));
  let node: EngineBench;
  try {
    node = await runEngineSuite(engine, { seconds: o.seconds, repeats: o.repeats, log });
  } finally {
    await engine.dispose();
  }
  printTable(`engine benchmark: ${node.env.runtime}, ${node.env.cores} cores, shared memory ${node.env.sharedMemory}`, rows(node));
  const out: Record<string, unknown> = { ...node };
  if (o.browser) {
    const { suite, widgets } = await benchInBrowser(o, log);
    printTable(`engine benchmark: ${suite.env.runtime}, ${suite.env.cores} cores, shared memory ${suite.env.sharedMemory}`, rows(suite));
    printTable('widgets in Chromium', [
      { metric: 'live timeline, 8 workers', value: `${f(widgets.timelineFps, 0)} fps`, target: '60 fps', ok: widgets.timelineFps >= 55 },
      ...Object.entries(widgets.firstFrameMs).map(([name, ms]) => ({ metric: `first frame: ${name}`, value: `${f(ms, 0)} ms`, target: '<= 100 ms', ok: ms <= 100 })),
    ]);
    out.browser = { ...suite, widgets };
  }
  await writeJson(o.json, out);
}

async function benchInBrowser(o: EngineBenchOptions, log: (l: string) => void): Promise<{ suite: EngineBench; widgets: WidgetBench }> {
  console.log('\nengine benchmark, headless Chromium over the served deck:');
  const script = await benchScript(o.root);
  const deck = await serveDeck(o.serveDeck);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('console', (m) => log(`[page] ${m.text()}`));
    await page.goto(deck.url);
    await page.waitForFunction(() => typeof (window as unknown as { gildeck?: { engine?: unknown } }).gildeck?.engine === 'function');
    await page.addScriptTag({ content: script });
    const suite = await page.evaluate(([seconds, repeats]) => window.gildeckBench.run({ seconds, repeats, log: (l: string) => console.log(l) }), [o.seconds, o.repeats] as const);
    const widgets = await page.evaluate(() => window.gildeckBench.widgets());
    return { suite, widgets };
  } finally {
    await browser.close();
    await deck.stop();
  }
}
