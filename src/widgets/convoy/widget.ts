import './style.css';
import type { RunSpec } from '../../engine/plan.js';
import type { Metric, WidgetDefinition } from '../definition.js';
import { type ConvoyData, type ConvoyStrategy, convoyBar, convoyPlan, convoySummary, emptyConvoy, gilWords, withBar } from './model.js';
import { convoy } from './schema.js';
import { convoyView } from './view.js';

/**
 * How many I/O calls a configuration makes when they are counted in advance: alone (nothing to wait for, so a
 * fixed count), and beside CPU-bound threads in the message fallback, where the I/O thread cannot loop until they
 * finish. Sized to last about a quarter of `duration` (respectively its whole) at one call per wait or interval.
 */
function ioOpsFor(durationS: number, ioWaitMs: number, perCallMs: number): number {
  return Math.max(20, Math.min(1000, Math.round((durationS * 1000) / Math.max(0.5, ioWaitMs + perCallMs))));
}

/** One configuration: worker 0 does I/O; `competitors` more threads compute `duration` seconds between them. */
export function convoySpec(strategy: ConvoyStrategy, competitors: number, v: { duration: number; 'io-wait': number; 'switch-interval': number }, sharedMemory: boolean): RunSpec {
  const common = { strategy, ioWaitMs: v['io-wait'], switchIntervalMs: v['switch-interval'] } as const;
  if (competitors === 0) return { ...common, workers: 1, workload: 'io', seconds: v.duration, ioOps: ioOpsFor(v.duration / 4, v['io-wait'], 0) };
  return {
    ...common,
    workers: competitors + 1,
    workload: 'mixed',
    // Under the GIL the competitors take turns, so the configuration lasts about `duration` whatever their number.
    seconds: v.duration / competitors,
    perWorker: true,
    // With shared memory the I/O thread repeats its call until the CPU-bound threads are done (one call per round).
    ...(sharedMemory ? {} : { ioOps: ioOpsFor(v.duration, v['io-wait'], v['switch-interval']) }),
  };
}

export const convoyWidget: WidgetDefinition<typeof convoy.attributes, ConvoyData> = {
  spec: convoy,
  initial: (v) => emptyConvoy({ competitors: v.competitors, switchIntervalMs: v['switch-interval'], ioWaitMs: v['io-wait'] }),
  async work({ values: v, host, trace, show }) {
    let data: ConvoyData = { ...emptyConvoy({ competitors: v.competitors, switchIntervalMs: v['switch-interval'], ioWaitMs: v['io-wait'] }), running: true };
    for (const { strategy, competitors } of convoyPlan(v.competitors)) {
      data = withBar(data, convoyBar([], strategy, competitors, 'running'));
      show(data);
      const run = await trace(convoySpec(strategy, competitors, v, host.sharedMemory), (events) => withBar(data, convoyBar(events, strategy, competitors, 'running')));
      data = withBar(data, convoyBar(run.events, strategy, competitors, 'done'));
      show(data);
    }
    return { ...data, running: false };
  },
  view: (root) => convoyView(root),
  summary: convoySummary,
  metrics: (d): Metric[] =>
    d.bars
      .filter((b) => b.competitors === d.competitors && b.state === 'done' && b.p50Us !== null)
      .map((b) => ({
        key: `convoy:${b.strategy}`,
        label: `I/O latency (p50) beside ${b.competitors} CPU-bound thread${b.competitors === 1 ? '' : 's'}, ${gilWords(b.strategy).long}`,
        value: b.p50Us!,
        unit: 'us',
        competitors: b.competitors,
      })),
};
