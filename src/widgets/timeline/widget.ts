import type { RunSpec } from '../../engine/plan.js';
import type { WidgetDefinition } from '../definition.js';
import { everyFrame } from '../frames.js';
import { timelineModel, timelineSummary, type TimelineData } from './model.js';
import { timeline } from './schema.js';
import { timelineView } from './view.js';

export const timelineWidget: WidgetDefinition<typeof timeline.attributes, TimelineData> = {
  spec: timeline,
  initial: (v, cores) => ({ strategy: v.strategy, workers: v.strategy === 'sequential' || v.strategy === 'asyncio' ? 1 : v.workers, cores, mode: null, end: v.duration * 1000, segments: [], handoffs: [], running: false, wallMs: null, forcedSwitches: 0 }),
  async run({ values: v, engine, track }, update) {
    const spec: RunSpec = {
      strategy: v.strategy,
      workers: v.workers,
      workload: v.workload,
      seconds: v.duration,
      switchIntervalMs: v['switch-interval'],
      ...(v.workload === 'io' || v.workload === 'mixed' ? { ioWaitMs: 1 } : {}),
    };
    const handle = track(engine.run(spec));
    const workers = v.strategy === 'sequential' || v.strategy === 'asyncio' ? 1 : v.workers;
    const base = { strategy: v.strategy, workers, cores: engine.host.cores, mode: handle.mode };
    // Open spans are drawn up to the newest event, so lanes grow with what the workers have reported.
    const stop = everyFrame(() => update(timelineModel(handle.events, { ...base, now: 0, running: true })));
    try {
      const result = await handle.result;
      return timelineModel(result.events, { ...base, now: 0, running: false, wallMs: result.wallMs });
    } finally {
      stop();
    }
  },
  view: (root, v) => timelineView(root, v.controls ? { workers: v.workers, switchInterval: v['switch-interval'] } : undefined),
  summary: timelineSummary,
  modeOf: (d) => d.mode,
  metrics: (d) => (d.wallMs === null ? [] : [{ key: `wall:${d.strategy}`, label: `${d.strategy} wall time, ${d.workers} workers`, value: d.wallMs, unit: 'ms', workers: d.workers }]),
};
