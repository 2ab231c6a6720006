import { type RunSpec, STRATEGIES } from '../../engine/index.js';
import type { WidgetDefinition } from '../definition.js';
import { timelineModel, timelineSummary, type TimelineData } from './model.js';
import { timeline } from './schema.js';
import { timelineView } from './view.js';

export const timelineWidget: WidgetDefinition<typeof timeline.attributes, TimelineData> = {
  spec: timeline,
  initial: (v, cores) => ({ strategy: v.strategy, workers: STRATEGIES[v.strategy].runsOn === 'one-worker' ? 1 : v.workers, cores, mode: null, end: v.duration * 1000, segments: [], handoffs: [], running: false, wallMs: null, forcedSwitches: 0 }),
  async work({ values: v, host, trace }) {
    const spec: RunSpec = {
      strategy: v.strategy,
      workers: v.workers,
      workload: v.workload,
      seconds: v.duration,
      switchIntervalMs: v['switch-interval'],
      ...(v.workload === 'io' || v.workload === 'mixed' ? { ioWaitMs: 1 } : {}),
    };
    const workers = STRATEGIES[v.strategy].runsOn === 'one-worker' ? 1 : v.workers;
    const base = { strategy: v.strategy, workers, cores: host.cores, now: 0 };
    // Open spans are drawn up to the newest event, so lanes grow with what the workers have reported.
    const run = await trace(spec, (events) => timelineModel(events, { ...base, running: true }));
    return timelineModel(run.events, { ...base, running: false, wallMs: run.wallMs });
  },
  view: (root, v) => timelineView(root, v.controls ? { workers: v.workers, switchInterval: v['switch-interval'], strategy: v.strategy } : undefined),
  summary: timelineSummary,
  metrics: (d) => (d.wallMs === null ? [] : [{ key: `wall:${d.strategy}`, label: `${d.strategy} wall time, ${d.workers} workers`, value: d.wallMs, unit: 'ms', workers: d.workers }]),
};
