import type { RunSpec } from '../../engine/plan.js';
import type { WidgetDefinition } from '../definition.js';
import { type GilData, gilModel, gilSummary } from './model.js';
import { gil } from './schema.js';
import { gilView } from './view.js';

/** How often the live trace is turned into data while the run goes on (the view replays on its own clock). */
const UPDATE_MS = 100;

export const gilWidget: WidgetDefinition<typeof gil.attributes, GilData> = {
  spec: gil,
  initial: (v) => gilModel([], { workers: v.workers, switchIntervalMs: v['switch-interval'], speed: v.speed, mode: null, running: false }),
  async run({ values: v, engine, track }, update) {
    const spec: RunSpec = {
      strategy: 'threads',
      workers: v.workers,
      workload: v.workload,
      seconds: v.duration,
      perWorker: true,
      switchIntervalMs: v['switch-interval'],
      ...(v.workload === 'io' || v.workload === 'mixed' ? { ioWaitMs: 1 } : {}),
    };
    const handle = track(engine.run(spec));
    const opts = { workers: v.workers, switchIntervalMs: v['switch-interval'], speed: v.speed, mode: handle.mode };
    const timer = setInterval(() => update(gilModel(handle.events, { ...opts, running: true })), UPDATE_MS);
    try {
      const result = await handle.result;
      return gilModel(result.events, { ...opts, running: false, wallMs: result.wallMs });
    } finally {
      clearInterval(timer);
    }
  },
  view: (root) => gilView(root),
  summary: gilSummary,
  modelled: 'nothing but the pace: the hand-offs are a measured trace, replayed slowed down so they can be followed by eye.',
  modeOf: (d) => d.mode,
};
