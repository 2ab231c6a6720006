import { execFile } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Engine } from '../engine/index.js';
import { nodeHost } from '../engine/nodeHost.js';
import type { RunSpec } from '../engine/plan.js';
import { UsageError } from '../cli/deckFiles.js';
import { bundleWorker } from '../cli/workerBundle.js';
import { gapKinds, ioCallsUs, shareToLongestWaiter, slicesMs, type Switch, switchesOf, WOKEN_GAP_US } from './fidelityAnalysis.js';
import { median, medianReproduction } from '../stats.js';
import { printGrid, writeJson } from './report.js';
import { benchScript, launchChromium, type ServeDeck, serveDeck } from './chromium.js';
import type { TraceEvent } from '../engine/trace.js';
import { recorderPath, runRecorder } from '../recorder/python.js';
import { recordedRun } from '../recorder/recording.js';
import { parseRecording } from '../recorder/read.js';

const run = promisify(execFile);

export interface FidelityOptions {
  root: string;
  json?: string;
  /** Rounds of every scenario, each CPython then gildeck. */
  repeats: number;
  /** Seconds each scenario runs on each side (about). */
  seconds: number;
  /** Also run gildeck's side in headless Chromium over the served deck (what the audience's browser runs). */
  browser?: boolean;
  /** Serves the deck for the Chromium side (the CLI's server). */
  serveDeck?: ServeDeck;
}

/**
 * Who ran a scenario: CPython, CPython again in the same round (the control, on the other side of gildeck's run), and gildeck on Node
 * worker_threads and, with --browser, the deck's engine in Chromium.
 */
type Side = 'cpython' | 'control' | 'gildeck' | 'chromium';
export type GildeckSide = Exclude<Side, 'cpython' | 'control'>;

interface Ran {
  events: readonly TraceEvent[];
  wallMs: number;
}

interface Runtime {
  side: GildeckSide;
  run(spec: RunSpec): Promise<Ran>;
}

/** How a row is judged: gildeck/CPython within 0.75-1.33, inside CPython's range +-0.1, or reported only. */
export type Target = 'ratio' | 'range' | 'report';

export interface Metric {
  metric: string;
  digits: number;
  target: Target;
  cpython: number[];
  /**
   * CPython's second run of the same scenario in each round, after gildeck's: how far CPython reproduces itself.
   * Empty for rows without one (the recorder rows, start costs).
   */
  control: number[];
  gildeck: number[];
  chromium: number[];
  /** Report-only rows compare gildeck with another row's CPython values (worker start vs process start). */
  against?: string;
  /** Printed under the table when the row misses its target on that side: why, as far as we know. */
  whyMissed?: Explained;
  /** A few microseconds: finer than Chromium's clock, so reported there, not judged. */
  belowChromiumClock?: boolean;
}

/**
 * Chromium coarsens performance.now() to 5 us in a cross-origin isolated page (against timing attacks), workers
 * included: a hand-off of a few microseconds reads as 0 or 5 us there.
 */
const CHROMIUM_CLOCK_NOTE = "Chromium's clock ticks every 5 us in an isolated page (coarsened against timing attacks), so a hand-off of a few microseconds reads as 0 or 5 us there: reported, not judged.";

/** One side's figures on a row, judged against CPython's. */
export interface Judged {
  median: number;
  min: number;
  max: number;
  values: number[];
  ratio: number;
  /** null: reported only. */
  met: boolean | null;
  /** Why it missed, as far as we know. */
  note?: string;
  /** Why it is reported only on this side. */
  info?: string;
}

interface PyResult {
  switches?: Array<[number, number, number]>;
  io_us?: number[];
  sequential_ms?: number;
  threads_ms?: number;
  ms?: number[];
}

const RATIO = [0.75, 1.33] as const;
/**
 * How often CPython, measured as gildeck is (the median of as many runs), must land inside the band of its own
 * median for the band to be a target: below this, no implementation could be held to it on this row here.
 */
const REPRODUCIBLE = 0.9;

/**
 * Who wins a hand-off, measured in CPython 3.11 here with an LD_PRELOAD shim timing each pthread_cond_timedwait
 * (3 threads, 6 runs; the shim moved the share by < 0.03): the thread whose timeout asked for the switch wins
 * 64-74% of hand-offs, and the longest waiter wins when it is still in G1 and gets the signal (~15%) or when its own
 * timed wait ran late past the hand-off (~14%; its timer woke it as the holder let go). gildeck's hand-offs break
 * down the same way (scratch runs on fresh engines: 70% / 13% / 12%). What decided the shares was how soon the
 * holder answers: looking at its eval breaker once per ~50 us chunk with an 80 us watch, gildeck's requester won
 * more (4-thread share 0.15-0.20 against CPython's 0.22-0.25, 10-round A/B: 0.19 / 0.19 against 0.30 / 0.25); every
 * ~0.5 us of work with the watch set to the holder's answer time (~6 us), 0.28-0.33 / 0.23-0.25 in the same A/B
 * (a 10 us watch 0.27 / 0.20). Earlier tries, before glibc's system calls and the switch mutex were ported: a holder
 * looking every ~5 us with an 8 us watch (0.19 against 0.29); a requester awake only until the holder saw its
 * request (asleep at 72-96% of hand-offs, 3 and 4 threads rotating, share 0.73-0.99); a 25-50 us watch with
 * ~50 us chunks (the outcome hung on the chunk's exact length). A watching requester polling the condition
 * variable in a tight loop slowed the holder's writes to its cache line (condvar.ts WATCH_POLL_MS). Since the drop
 * request is recorded before it is set (gil.ts), the holder answers sooner and the 6 us watch errs long: the
 * requester wins 87-91% of hand-offs with both waiters signalled where CPython's wins 70-77% (glibc's groups read by
 * a shim), shares 0.05 low; a watch learned to a set share traded that for the on-CPU hand-off and the convoy
 * (gil.ts, beside DROP_PATH_MS).
 */
const SHARE_BELOW =
  "Fewer hand-offs went to the longest waiter than CPython's: in both the thread that asked for the switch takes " +
  "it when it is still awake as the holder lets go, and gildeck's is awake more often (87-91% of hand-offs with " +
  "both waiters signalled, CPython's 70-77%): its holder answers in a few microseconds, not under one, and the " +
  "requester's watch that stands in for a faster holder errs long (gil.ts DROP_PATH_MS; see SHARE_BELOW in " +
  'src/bench/fidelity.ts for what was tried).';

/** Why gildeck misses a target on one side, as far as we know. */
export interface Explained {
  below?: string;
  above?: string;
}

/**
 * Known misses, explained rather than hidden (no delay is added to gildeck to meet them): printed under the table
 * and written to the JSON when the row misses its target on that side.
 */
/**
 * Measured with a timeline of every GIL wait (an LD_PRELOAD shim on CPython 3.11; the trace, with each timed wait's
 * outcome, in gildeck): the three agree on the mechanism and its rates, not on the outcome of each race.
 */
const CONVOY2_1 =
  'Beside two CPU-bound threads an I/O call lasts a whole number of switch periods (5.1, 10.3, 15.4 ... ms): the I/O ' +
  'thread gets in when one of its 5 ms waits passes with no switch, and its timeouts come 45-60 us a period sooner ' +
  'than the switches (CPython, Node and Chromium alike: switches every 5.13 ms, its timeouts every 5.07-5.09), so ' +
  'where its first wait falls against the switches, set by microsecond races at the hand-off after its last call, ' +
  'decides how many periods it waits. The median moves in steps of 5.1 ms from run to run (CPython here 10-97 ms ' +
  'between runs minutes apart, gildeck 11-70 ms in consecutive runs). '
const WHY_MISSED: Record<string, Explained> = {
  'gap-awake': {
    below:
      "A hand-off to a thread still on its CPU, a few microseconds in both, through the same mutexes and " +
      "condition variable, with glibc's futex system calls modelled (condvar.ts FUTEX_CALL_MS). CPython's also " +
      'includes its eval-breaker handling and thread-state swap, its own measuring loop (~0.2 us a turn) and the ' +
      "new holder's mutex unlock with its wake call, where gildeck stamps the acquire still under the mutex (so " +
      'no drop request can precede it in the trace); the hand-offs per second and the slices agree.',
    above:
      "A hand-off to a thread still on its CPU took longer than CPython's: gildeck's holder or requester was " +
      'descheduled for part of it (the machine was busy), or V8 notified a waiter it had just put to sleep.',
  },
  'gap-woken': {
    below: "A futex wake in V8 (Atomics.notify) came back faster than the kernel's wake of a CPython thread this round.",
    above:
      "A hand-off that wakes the next holder costs a wake-up (~22-26 us in this VM, in C and in V8 alike) and the " +
      "new holder's wake of the forced dropper (~7.5 us once that one's core has gone idle); this round they cost " +
      "more than CPython's.",
  },
  'woken-share': {
    below:
      "gildeck's requester stays on its CPU for the holder's answer time, ~6 us (gil.ts DROP_PATH_MS), where " +
      "CPython's goes straight into its wait and is caught there by a holder that answers within a microsecond; " +
      'whether that race ends before the kernel puts the requester to sleep moves from run to run in CPython ' +
      '(0.12-0.78 of hand-offs woke it here).',
    above:
      "gildeck's holder answered the drop request after its requester had gone to sleep more often than CPython's " +
      '(its drop path takes a few microseconds where C takes under one; a busy machine delays it more).',
  },
  share3: {
    below: SHARE_BELOW,
    above:
      "More hand-offs went to the longest waiter than CPython's: its requester lost the signal more often (it was " +
      'descheduled, as on a busy machine, where CPython too goes nearly first-come-first-served: 0.8-0.98).',
  },
  share4: { below: SHARE_BELOW },
  'convoy2-1': {
    below: CONVOY2_1 + "This round gildeck's first waits fell so as to let it in sooner.",
    above: CONVOY2_1 + "This round gildeck's first waits fell so as to keep it out longer.",
  },
};
const RANGE_SLACK = 0.1;

/** `python3 --version`, or null when there is no python3 on PATH. */
async function pythonVersion(): Promise<string | null> {
  try {
    const { stdout, stderr } = await run('python3', ['--version']);
    return (stdout || stderr).trim();
  } catch {
    return null;
  }
}

/**
 * `npm run bench -- --fidelity`: the same scenarios in CPython (src/bench/fidelity.py, threads and the stdlib) and
 * in gildeck's engine on Node worker_threads, alternated scenario by scenario so the VM's drift hits both sides, and
 * repeated: each row gives both medians, CPython's range over the repeats, the ratio and whether it meets its target.
 */
export async function benchFidelity(o: FidelityOptions): Promise<void> {
  if (!Number.isInteger(o.repeats) || o.repeats < 1) throw new UsageError(`--repeats must be a whole number of at least 1, not "${o.repeats}"`);
  if (!(o.seconds > 0)) throw new UsageError(`--seconds must be a positive number, not "${o.seconds}"`);
  const python = await pythonVersion();
  if (!python) {
    console.log('fidelity benchmark skipped: python3 is not on PATH. It compares gildeck with real CPython (3.11 or later, with the GIL); install python3 and run it again.');
    return;
  }
  const script = join(o.root, 'src/bench/fidelity.py');
  const py = async (scenario: string, params: Record<string, number | string>): Promise<PyResult> => {
    const { stdout } = await run('python3', [script, scenario, JSON.stringify(params)], { maxBuffer: 64 << 20, timeout: 120_000 });
    return JSON.parse(stdout) as PyResult;
  };
  const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
  const loadBefore = load();
  console.log(`fidelity benchmark: ${python} vs gildeck on node ${process.version}, ${o.repeats} rounds, load average ${loadBefore}`);

  const metrics = new Map<string, Metric>();
  const metric = (key: string, label: string, digits: number, target: Target, against?: string): Metric => {
    let m = metrics.get(key);
    if (!m) metrics.set(key, (m = { metric: label, digits, target, cpython: [], control: [], gildeck: [], chromium: [], ...(against ? { against } : {}), ...(WHY_MISSED[key] ? { whyMissed: WHY_MISSED[key] } : {}) }));
    return m;
  };
  const fromSwitches = (side: Side, s: Switch[], threads: number, interval: number) => {
    if (threads === 2) {
      metric(`slice${interval}`, `slice p50 at ${interval} ms (ms)`, 2, 'ratio')[side].push(median(slicesMs(s)));
      if (interval === 5) {
        const gaps = s.map((x) => x.gapUs);
        const k = gapKinds(gaps);
        // Reported: the median of a two-kind mix jumps between the kinds as the mix moves; each kind's gap is judged
        // by ratio, and the share of woken hand-offs (the mix) against CPython's range.
        metric('gap', 'hand-off gap p50, all (us)', 1, 'report')[side].push(median(gaps));
        if (Number.isFinite(k.awakeUs)) {
          const m = metric('gap-awake', 'hand-off gap p50, next holder on its CPU (us)', 1, 'ratio');
          m.belowChromiumClock = true;
          m[side].push(k.awakeUs);
        }
        if (Number.isFinite(k.wokenUs)) metric('gap-woken', `hand-off gap p50, next holder woken (>= ${WOKEN_GAP_US} us)`, 0, 'ratio')[side].push(k.wokenUs);
        metric('woken-share', 'hand-offs that had to wake the next holder', 2, 'range')[side].push(k.wokenShare);
      }
    } else {
      metric(`share${threads}`, `${threads} threads: share to longest waiter`, 2, threads === 3 ? 'range' : 'ratio')[side].push(shareToLongestWaiter(s.map((x) => x.worker), threads));
    }
  };

  const engine = new Engine(nodeHost(await bundleWorker(o.root)));
  const runtimes: Runtime[] = [{ side: 'gildeck', run: (spec) => engine.run(spec).result }];
  let closeBrowser = async (): Promise<void> => undefined;
  try {
    await engine.calibrate('countdown');
    await engine.calibrate('primes');
    await engine.warm(5);
    if (o.browser) {
      if (!o.serveDeck) throw new Error('benchFidelity: --browser needs serveDeck');
      const chromium = await openChromium(o.root, o.serveDeck);
      closeBrowser = chromium.close;
      runtimes.push({ side: 'chromium', run: chromium.run });
      console.log(`  gildeck also in ${chromium.version}, over the served deck (shared memory)`);
    }
    const S = o.seconds;
    const switchRuns = [
      { threads: 2, interval: 1, seconds: 0.5 * S },
      { threads: 2, interval: 5, seconds: S },
      { threads: 2, interval: 20, seconds: 1.5 * S },
      { threads: 3, interval: 5, seconds: 1.5 * S },
      { threads: 4, interval: 5, seconds: 1.5 * S },
    ];
    // Beside two CPU threads an I/O call lasts tens of ms, so that run is longer: ~60 calls per side, not ~20.
    const convoyRuns = [
      { cpu: 0, io: 1, seconds: S },
      { cpu: 1, io: 1, seconds: S },
      { cpu: 2, io: 1, seconds: 3 * S },
      { cpu: 1, io: 0, seconds: S },
    ];
    for (let round = 1; round <= o.repeats; round++) {
      console.log(`  round ${round}/${o.repeats} (load ${load()})`);
      // CPython's two runs of a scenario take turns before and after gildeck's, so drift within a round lands on
      // both, and the control cannot read gildeck's after-effects as CPython not reproducing itself.
      const [before, after] = round % 2 ? (['cpython', 'control'] as const) : (['control', 'cpython'] as const);
      for (const r of switchRuns) {
        const cpython = async (side: 'cpython' | 'control') => {
          const p = await py('switches', { threads: r.threads, interval_ms: r.interval, seconds: r.seconds });
          fromSwitches(side, (p.switches ?? []).map(([t, worker, gapUs]) => ({ t, worker, gapUs })), r.threads, r.interval);
        };
        await cpython(before);
        let g!: Ran;
        for (const rt of runtimes) {
          const ran = await rt.run({ strategy: 'threads', workers: r.threads, workload: 'countdown', seconds: r.seconds, switchIntervalMs: r.interval });
          fromSwitches(rt.side, switchesOf(ran.events), r.threads, r.interval);
          if (rt.side === 'gildeck') g = ran;
        }
        await cpython(after);
        if (r.threads === 2 && r.interval === 5) {
          // The recorder (what `trace=` widgets draw) beside the emulation, the same workload in the same round:
          // its timeline must tell the same story (slices, hand-offs per second).
          const lines: string[] = [];
          await runRecorder('python3', recorderPath(o.root), { strategy: 'threads', workers: 2, workload: 'countdown', seconds: r.seconds, switchIntervalMs: 5, ioWaitMs: 1, flushMs: 0 }, (l) => lines.push(l)).done;
          const rec = recordedRun(parseRecording(lines.join('\n')));
          const recorded = switchesOf(rec.events);
          const emulated = switchesOf(g.events);
          const slice = metric('rec-slice5', 'recorder vs emulation: slice p50, 2 threads at 5 ms (ms)', 2, 'ratio');
          slice.cpython.push(median(slicesMs(recorded)));
          slice.gildeck.push(median(slicesMs(emulated)));
          const rate = metric('rec-rate5', 'recorder vs emulation: hand-offs per second', 0, 'ratio');
          rate.cpython.push((recorded.length / rec.wallMs) * 1000);
          rate.gildeck.push((emulated.length / g.wallMs) * 1000);
        }
      }
      for (const c of convoyRuns) {
        const m = metric(`convoy${c.cpu}-${c.io}`, `I/O call p50, ${c.io} ms I/O, ${c.cpu} CPU thread${c.cpu === 1 ? '' : 's'} (ms)`, 2, 'ratio');
        const cpython = async () => median((await py('convoy', { cpu: c.cpu, io_ms: c.io, seconds: c.seconds, interval_ms: 5 })).io_us ?? []) / 1000;
        m[before].push(await cpython());
        const spec: RunSpec =
          c.cpu === 0
            ? { strategy: 'threads', workers: 1, workload: 'io', ioWaitMs: c.io, ioOps: Math.round((c.seconds * 1000) / (c.io + 0.1)) }
            : { strategy: 'threads', workers: c.cpu + 1, workload: 'mixed', ioWaitMs: c.io, seconds: c.seconds / c.cpu, perWorker: true };
        for (const rt of runtimes) m[rt.side].push(median(ioCallsUs((await rt.run({ ...spec, switchIntervalMs: 5 })).events, 0)) / 1000);
        m[after].push(await cpython());
      }
      const w = metric('wall', 'threads/sequential wall, 2 threads countdown', 2, 'ratio');
      const cpythonWall = async () => {
        const p = await py('wall', { n: Math.round(8_000_000 * S) });
        return p.threads_ms! / p.sequential_ms!;
      };
      w[before].push(await cpythonWall());
      // ABBA, as on CPython's side: sequential, threads, threads, sequential.
      const base = { workers: 2, workload: 'countdown' as const, seconds: S / 2 };
      for (const rt of runtimes) {
        const wall = async (strategy: 'sequential' | 'threads') => (await rt.run({ ...base, strategy })).wallMs;
        let seq = await wall('sequential');
        const thr = (await wall('threads')) + (await wall('threads'));
        seq += await wall('sequential');
        w[rt.side].push(thr / seq);
      }
      w[after].push(await cpythonWall());
    }
    // Process start: each method's first start pays one-off costs (the fork server itself), so it is left out.
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) starts.push(await engine.measureStart());
    for (const method of ['fork', 'forkserver', 'spawn']) {
      const p = await py('start', { method, repeats: 6 });
      const m = metric(`start-${method}`, `worker start vs ${method} start+join (ms)`, 1, 'report');
      m.cpython.push(...(p.ms ?? []).slice(1));
      m.gildeck.push(...starts);
    }
  } finally {
    await engine.dispose();
    await closeBrowser();
  }
  // What recording costs the kernel it records, per CPU second (ABBA inside the recorder).
  const overhead: Array<{ workload: string; lossPct: number }> = [];
  for (const w of ['countdown', 'primes']) {
    const { stdout } = await run('python3', [recorderPath(o.root), '--overhead', '--workload', w], { timeout: 60_000 });
    overhead.push(JSON.parse(stdout) as { workload: string; lossPct: number });
  }

  const f = (n: number, d: number) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  const spread = (xs: number[], d: number) => (xs.length > 1 ? ` (${f(Math.min(...xs), d)}-${f(Math.max(...xs), d)})` : '');
  const sides = runtimes.map((r) => r.side);
  const rows = [...metrics.entries()].map(([key, m]) => judgeRow(key, m, sides));
  const loadAfter = load();
  const cell = (x: { median: number; values: number[] } | undefined, d: number) => (x && x.values.length ? `${f(x.median, d)}${spread(x.values, d)}` : '');
  const metCell = (x: { met: boolean | null; note?: string; info?: string } | undefined, rule: Rule) =>
    !x || x.met === null ? (x?.info ? 'see note' : '') : x.met ? (rule === 'spread' ? 'yes (range)' : 'yes') : x.note ? 'NO, see note' : 'NO';
  const label: Record<GildeckSide, string> = { gildeck: 'Node', chromium: 'Chromium' };
  printGrid(
    `fidelity: ${python} vs gildeck (node ${process.version}${sides.includes('chromium') ? ' and Chromium' : ''}), medians of ${o.repeats} rounds (range), CPython twice a round, before and after gildeck in turn, judged on both runs ("first / again": each run's median; "self": again/first; "repro": how often a median of as many CPython runs as gildeck had lands within ${RATIO[0]}-${RATIO[1]} of CPython's, a bootstrap: below ${100 * REPRODUCIBLE}% the row is judged against where CPython's own medians land); load average ${loadBefore} -> ${loadAfter}`,
    ['metric', 'CPython, both runs (range)', 'first / again', 'self', 'repro', ...sides.flatMap((sd) => [`gildeck ${label[sd]} (range)`, 'ratio', 'met']), 'target'],
    rows.map((r) => [
      r.metric,
      `${f(r.cpython.median, r.digits)}${spread(r.cpython.values, r.digits)}`,
      r.control.values.length ? `${f(r.first.median, r.digits)} / ${f(r.control.median, r.digits)}` : '',
      r.control.values.length ? f(r.control.ratio, 2) : '',
      Number.isFinite(r.agreement) ? `${f(100 * r.agreement, 0)}%` : '',
      ...sides.flatMap((sd) => {
        const x = r[sd];
        return [cell(x, r.digits), x && x.values.length ? f(x.ratio, 2) : '', metCell(x, r.rule)];
      }),
      r.target,
    ]),
  );
  for (const r of rows) {
    if (r.why) console.log(`\nnote, ${r.metric}: ${r.why}`);
    for (const sd of sides) {
      const x = r[sd];
      if (x?.note) console.log(`\nnote, ${r.metric} (${label[sd]}): missed (ratio ${f(x.ratio, 2)}). ${x.note}`);
      if (x?.info) console.log(`\nnote, ${r.metric} (${label[sd]}): ${x.info}`);
    }
  }
  for (const x of overhead) console.log(`recorder overhead, ${x.workload}: ${x.lossPct.toFixed(1)}% of the kernel's throughput per CPU second (target <= 5%): ${x.lossPct <= 5 ? 'yes' : 'NO'}`);
  console.log('');
  for (const sd of sides) {
    const judged = rows.filter((r) => r[sd] && r[sd].met !== null);
    const met = judged.filter((r) => r[sd]!.met);
    const byRange = met.filter((r) => r.rule === 'spread').length;
    const how = byRange ? `, ${byRange} of them where CPython did not reproduce its own median, against where its own medians land` : '';
    console.log(`${label[sd]}: ${met.length} of ${judged.length} targets met${how}${sd === 'gildeck' ? ' (the recorder rows compare the recorder with the emulation)' : ''}`);
  }
  await writeJson(o.json, { env: { python, node: process.version, cores: engine.host.cores, loadBefore, loadAfter, repeats: o.repeats, seconds: o.seconds, sides }, rows: rows.map(({ digits: _, ...r }) => r), recorderOverhead: overhead });
}

/** The served deck in headless Chromium, its engine calibrated and warmed, running one emulated run at a time. */
async function openChromium(root: string, serve: ServeDeck): Promise<{ version: string; run(spec: RunSpec): Promise<Ran>; close(): Promise<void> }> {
  const script = await benchScript(root);
  const deck = await serveDeck(serve);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(deck.url);
    await page.waitForFunction(() => typeof (window as unknown as { gildeck?: { engine?: unknown } }).gildeck?.engine === 'function');
    await page.addScriptTag({ content: script });
    await page.evaluate(() => window.gildeckBench.fidelityPrepare());
    return {
      version: `Chromium ${browser.version()}`,
      async run(spec) {
        const r = await page.evaluate((sp) => window.gildeckBench.fidelityRun(sp), spec);
        // The comparison is with CPython's GIL on shared memory; the message fallback is another scheduler.
        if (r.mode !== 'shared-memory') throw new Error(`the deck's engine ran in ${r.mode} mode in Chromium: the page is not cross-origin isolated`);
        return r;
      },
      async close() {
        await browser.close();
        await deck.stop();
      },
    };
  } catch (e) {
    await browser.close();
    await deck.stop();
    throw e;
  }
}

/**
 * How a row was judged: `ratio` gildeck/CPython within 0.75-1.33; `spread` (a ratio row where CPython does not
 * reproduce its own median to that band) inside where 95% of CPython's own medians of as many runs land, or the band
 * around its median where that is wider;
 * `range` (shares) inside CPython's range +-0.1; `report` not judged.
 */
export type Rule = 'ratio' | 'spread' | 'range' | 'report';

/**
 * One row of the table: CPython's median and range over all its runs, each run's median and their ratio ("self"),
 * and each gildeck side's median, ratio and whether it meets the row's target, with the known reason when it misses.
 *
 * A ratio of medians is a target only where CPython reproduces itself: CPython runs each scenario twice a round,
 * before and after gildeck, and where a median of as many of its runs as gildeck had lands outside 0.75-1.33 of the
 * median of all of them in more than 10% of random draws (who wins a microsecond race moves with the machine's
 * state, and an I/O call beside two CPU threads moves in whole 5 ms switch periods), no implementation could be
 * held to that band: CPython itself would miss it that often. Then gildeck is judged against where 95% of CPython's
 * own medians of as many runs land, or the band around its median where that is wider. A single split (the control's
 * median against the first runs') decided this before; it called convoy2-1 reproducible at self-ratios 0.98 and
 * 1.31 where the draws gave 60% and 32%. The table says which rule each row was judged by, and why.
 */
export function judgeRow(key: string, m: Metric, sides: readonly GildeckSide[]) {
  const f = (n: number, d: number) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
  const inBand = (r: number) => r >= RATIO[0] && r <= RATIO[1];
  // CPython's figures are all its runs: in every round one ran before gildeck's and one after, so together they
  // bracket gildeck's run in time and the VM's drift within a round falls on both sides of the comparison.
  const control = m.control.filter(Number.isFinite);
  const all = [...m.cpython, ...control];
  const cpy = median(all);
  const first = median(m.cpython);
  const selfRatio = control.length ? median(control) / first : NaN;
  // Whether CPython reproduces its own median: a median of as many of its runs as gildeck had, drawn from all of them
  // (first and control, a bootstrap), lands inside the band how often? Only rows with a control that measured
  // something are asked (the recorder rows compare two recordings, not CPython with itself).
  const rounds = m.cpython.length;
  const repro = m.target === 'ratio' && control.length ? medianReproduction(all, rounds, RATIO) : null;
  const agreement = repro?.agreement ?? NaN;
  const rule: Rule = Number.isFinite(agreement) && agreement < REPRODUCIBLE ? 'spread' : m.target;
  // Not reproducible: gildeck is held to where CPython's own median of as many runs lands (95% of draws), or to the
  // band around CPython's median, whichever is wider: never looser than what CPython itself would give.
  const [lo, hi] =
    rule === 'spread' && repro
      ? [Math.min(repro.low, cpy * RATIO[0]), Math.max(repro.high, cpy * RATIO[1])]
      : [Math.max(0, Math.min(...all) - RANGE_SLACK), Math.max(...all) + RANGE_SLACK]; // shares: never below 0
  const d = rule === 'spread' ? m.digits : 2;
  const target =
    rule === 'ratio' ? `ratio ${RATIO[0]}-${RATIO[1]}` : rule === 'spread' || rule === 'range' ? `in ${f(lo, d)}-${f(hi, d)}` : key === 'start-forkserver' ? 'report (compare)' : 'report';
  const judge = (values: number[], side: GildeckSide): Judged => {
    const gd = median(values);
    const ratio = gd / cpy;
    const figures = { median: gd, min: Math.min(...values), max: Math.max(...values), values, ratio };
    if (side === 'chromium' && m.belowChromiumClock) return { ...figures, met: null, info: CHROMIUM_CLOCK_NOTE };
    const met = !values.length || !m.cpython.length ? null : rule === 'ratio' ? inBand(ratio) : rule === 'report' ? null : gd >= lo && gd <= hi;
    const note = met === false ? (ratio < RATIO[0] || gd < lo ? m.whyMissed?.below : m.whyMissed?.above) : undefined;
    return { ...figures, met, ...(note ? { note } : {}) };
  };
  return {
    key,
    metric: m.metric,
    rule,
    target,
    digits: m.digits,
    cpython: { median: cpy, min: Math.min(...all), max: Math.max(...all), values: all },
    first: { median: first, values: m.cpython },
    control: { median: median(control), values: m.control, ratio: selfRatio },
    agreement,
    ...(rule === 'spread'
      ? {
          why: `CPython does not reproduce this median to ${RATIO[0]}-${RATIO[1]} at ${rounds} rounds: the median of ${rounds} of its ${all.length} runs (drawn at random, 2000 times) lands inside that band of the median of all in ${f(100 * agreement, 0)}% of draws (its control runs' median against its first runs': ${f(selfRatio, 2)}), so no implementation could be held to the band here; gildeck is judged against where 95% of those medians land (${f(repro!.low, m.digits)}-${f(repro!.high, m.digits)}), or the band around CPython's median where that is wider ("yes (range)" in the table).`,
        }
      : {}),
    gildeck: judge(m.gildeck, 'gildeck'),
    ...(sides.includes('chromium') ? { chromium: judge(m.chromium, 'chromium') } : {}),
  };
}
