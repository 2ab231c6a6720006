import { writeFile } from 'node:fs/promises';
import { forcedSlicesMs, gilHolds, gilOverlaps, handoffsUs, ioReacquireUs } from '../engine/analysis.js';
import { toChromeTrace } from '../engine/chromeTrace.js';
import { Engine, type Strategy, STRATEGY_NAMES, WORKLOADS, type Workload } from '../engine/index.js';
import { nodeHost } from '../engine/nodeHost.js';
import { median } from '../stats.js';
import { UsageError } from './deckFiles.js';
import { bundleWorker } from './workerBundle.js';

export interface TraceOptions {
  root: string;
  strategy: string;
  workers: number;
  workload: string;
  switchIntervalMs: number;
  /** io and mixed workloads: each I/O call, in ms (0: a call that returns at once). */
  ioWaitMs: number;
  seconds: number;
  out: string;
}

export function checkChoice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

/** Runs one workload on Node worker_threads and writes its Chrome trace (open it in Perfetto). */
export async function traceCommand(o: TraceOptions): Promise<void> {
  const strategy = checkChoice<Strategy>('strategy', o.strategy, STRATEGY_NAMES);
  const workload = checkChoice<Workload>('workload', o.workload, WORKLOADS);
  if (!Number.isInteger(o.workers) || o.workers < 1 || o.workers > 64) throw new UsageError(`--workers must be a whole number from 1 to 64`);
  if (!(o.switchIntervalMs > 0)) throw new UsageError('--switch-interval must be a positive number of milliseconds');
  if (!(o.seconds > 0)) throw new UsageError('--seconds must be a positive number');
  if (!(o.ioWaitMs >= 0) || !Number.isFinite(o.ioWaitMs)) throw new UsageError('--io-wait must be a number of milliseconds, 0 or more (e.g. --io-wait 1)');
  const engine = new Engine(nodeHost(await bundleWorker(o.root)));
  try {
    const result = await engine.run({ strategy, workers: o.workers, workload, seconds: o.seconds, switchIntervalMs: o.switchIntervalMs, ioWaitMs: o.ioWaitMs }).result;
    const trace = toChromeTrace(result);
    await writeFile(o.out, JSON.stringify(trace));
    const holds = gilHolds(result.events);
    const slices = forcedSlicesMs(result.events);
    const handoffs = handoffsUs(result.events);
    console.log(`${strategy}, ${o.workers} workers, ${workload}: ${result.wallMs.toFixed(0)} ms wall, ${result.events.length} events (${result.mode})`);
    if (holds.length) {
      const forced = slices.length
        ? `${slices.length} forced switches, slice p50 ${median(slices).toFixed(2)} ms, hand-off p50 ${median(handoffs).toFixed(0)} us`
        : 'no forced switches (no thread waited a whole interval)';
      console.log(`GIL: ${holds.length} holds, ${forced}, overlapping holders: ${gilOverlaps(result.events).length}`);
    }
    const reacquire = ioReacquireUs(result.events);
    if (reacquire.length) console.log(`I/O: ${reacquire.length} calls of ${o.ioWaitMs} ms, then waited for the GIL p50 ${median(reacquire).toFixed(0)} us`);
    console.log(`wrote ${o.out} (${trace.traceEvents.length} trace events; open it at ui.perfetto.dev or chrome://tracing)`);
  } finally {
    await engine.dispose();
  }
}
