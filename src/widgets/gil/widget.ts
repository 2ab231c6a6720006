import './style.css';
import type { RunSpec } from '../../engine/plan.js';
import type { WidgetDefinition } from '../definition.js';
import { GIL_STRATEGY, type GilData, gilModel, gilSummary } from './model.js';
import { gil } from './schema.js';
import { gilView } from './view.js';

export const gilWidget: WidgetDefinition<typeof gil.attributes, GilData> = {
  spec: gil,
  initial: (v) => gilModel([], { workers: v.workers, switchIntervalMs: v['switch-interval'], speed: v.speed, running: false }),
  async work({ values: v, trace }) {
    const spec: RunSpec = {
      strategy: GIL_STRATEGY,
      workers: v.workers,
      workload: v.workload,
      seconds: v.duration,
      perWorker: true,
      switchIntervalMs: v['switch-interval'],
      ...(v.workload === 'io' || v.workload === 'mixed' ? { ioWaitMs: 1 } : {}),
    };
    const opts = { workers: v.workers, switchIntervalMs: v['switch-interval'], speed: v.speed };
    // The live trace is turned into data while the run goes on; the view replays it on its own clock.
    const run = await trace(spec, (events) => gilModel(events, { ...opts, running: true }));
    return gilModel(run.events, { ...opts, running: false, wallMs: run.wallMs });
  },
  view: (root) => gilView(root),
  summary: gilSummary,
  modelled: 'nothing but the pace: the hand-offs are a measured trace, replayed slowed down so they can be followed by eye.',
};
