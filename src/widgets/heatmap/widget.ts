import { kernelOf, type RunSpec, workerCount } from '../../engine/plan.js';
import type { WidgetDefinition } from '../definition.js';
import { type HeatmapData, heatmapModel, heatmapSummary } from './model.js';
import { heatmap } from './schema.js';
import { heatmapView } from './view.js';

const UPDATE_MS = 100;

export const heatmapWidget: WidgetDefinition<typeof heatmap.attributes, HeatmapData> = {
  spec: heatmap,
  initial: (v, cores) =>
    heatmapModel([], { strategy: v.strategy, workers: workerCount({ strategy: v.strategy, workers: v.workers, workload: v.workload }), mode: null, unitsPerMs: null, bucketMs: v.bucket, running: false, cores, minSpanMs: v.duration * 1000 }),
  async run({ values: v, engine, track, signal }, update) {
    const spec: RunSpec = {
      strategy: v.strategy,
      workers: v.workers,
      workload: v.workload,
      seconds: v.duration,
      perWorker: true,
      ...(v.workload === 'io' || v.workload === 'mixed' ? { ioWaitMs: 1 } : {}),
    };
    // The run sizes its work with this rate; the cells do not use it (they come from GIL holds and progress).
    const unitsPerMs = await engine.calibrate(kernelOf(spec));
    if (signal.aborted) throw new Error('stopped');
    const handle = track(engine.run(spec));
    const opts = { strategy: v.strategy, workers: workerCount(spec), mode: handle.mode, cores: engine.host.cores, bucketMs: v.bucket, minSpanMs: v.duration * 1000 };
    const timer = setInterval(() => update(heatmapModel(handle.events, { ...opts, unitsPerMs, running: true })), UPDATE_MS);
    try {
      const result = await handle.result;
      return heatmapModel(result.events, { ...opts, unitsPerMs: result.unitsPerMs, running: false, wallMs: result.wallMs });
    } finally {
      clearInterval(timer);
    }
  },
  view: (root) => heatmapView(root),
  summary: heatmapSummary,
  modeOf: (d) => d.mode,
};
