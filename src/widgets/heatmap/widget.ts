import './style.css';
import { kernelOf, type RunSpec, workerCount } from '../../engine/plan.js';
import type { WidgetDefinition } from '../definition.js';
import { type HeatmapData, heatmapModel, heatmapSummary } from './model.js';
import { heatmap } from './schema.js';
import { heatmapView } from './view.js';

export const heatmapWidget: WidgetDefinition<typeof heatmap.attributes, HeatmapData> = {
  spec: heatmap,
  initial: (v, cores) =>
    heatmapModel([], { strategy: v.strategy, workers: workerCount({ strategy: v.strategy, workers: v.workers, workload: v.workload }), unitsPerMs: null, bucketMs: v.bucket, running: false, cores, minSpanMs: v.duration * 1000 }),
  async work({ values: v, host, trace, probes }) {
    const spec: RunSpec = {
      strategy: v.strategy,
      workers: v.workers,
      workload: v.workload,
      seconds: v.duration,
      perWorker: true,
      ...(v.workload === 'io' || v.workload === 'mixed' ? { ioWaitMs: 1 } : {}),
    };
    // The run sizes its work with this rate; the cells do not use it (they come from GIL holds and progress). A
    // recording was sized where it ran.
    const unitsPerMs = probes.live ? await probes.calibrate(kernelOf(spec)) : null;
    const opts = { strategy: v.strategy, workers: workerCount(spec), cores: host.cores, bucketMs: v.bucket, minSpanMs: v.duration * 1000 };
    const run = await trace(spec, (events) => heatmapModel(events, { ...opts, unitsPerMs, running: true }));
    return heatmapModel(run.events, { ...opts, unitsPerMs: run.unitsPerMs, running: false, wallMs: run.wallMs });
  },
  view: (root) => heatmapView(root),
  summary: heatmapSummary,
};
