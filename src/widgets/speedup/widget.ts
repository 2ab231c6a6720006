import './style.css';
import { cpuKernelOf, STRATEGIES } from '../../engine/index.js';
import type { AttributeValues } from '../attributes.js';
import type { WidgetDefinition } from '../definition.js';
import { engineRunner, measureSpeedup, measureStartMs, prepareSpeedup } from '../../measure/speedup.js';
import { initialSpeedup, speedupMetrics, speedupSummary, type SpeedupData, withMeasurement } from './model.js';
import { speedup } from './schema.js';
import { speedupView } from './view.js';

type Values = AttributeValues<typeof speedup.attributes>;

const initialOf = (v: Values, cores: number): SpeedupData =>
  initialSpeedup({ strategies: v.strategies, workload: v.workload, cores, maxWorkers: v['max-workers'], serialFraction: v['serial-fraction'], seconds: v.duration });

export const speedupWidget: WidgetDefinition<typeof speedup.attributes, SpeedupData> = {
  spec: speedup,
  initial: initialOf,
  async work(ctx) {
    const { values: v, host, show, probes } = ctx;
    const t0 = performance.now();
    let data: SpeedupData = { ...initialOf(v, host.cores), running: true };
    show(data);
    const prep = await prepareSpeedup(ctx, v.workload, Math.max(...data.counts));
    data = { ...data, available: prep.parallelism.available, unsteady: prep.warmUp.unsteady };
    show(data);
    // Process strategies pay a process start (the pool once, ahead): say what one costs here.
    if (v.strategies.some((s) => STRATEGIES[s].noun === 'process')) {
      const start = await measureStartMs(probes);
      data = { ...data, startupMs: start.median, startupRange: start };
      show(data);
    }
    const runner = engineRunner(ctx);
    const budgetMs = v.budget * 1000;
    let left = data.counts.length * v.strategies.length;
    // Worker counts outermost, so every line grows from left to right together.
    for (const [i, workers] of data.counts.entries()) {
      // Another program may start mid-run: probe again before each worker count and keep the fewest free cores.
      if (i > 0) {
        const again = await probes.probeParallelism(cpuKernelOf(v.workload));
        data = { ...data, available: Math.min(data.available ?? again.available, again.available) };
      }
      for (const strategy of v.strategies) {
        data = { ...data, current: { strategy, workers } };
        show(data);
        // Each point gets an equal share of the time left, so points that settle fast leave more for the rest.
        const share = Math.max(0, budgetMs - (performance.now() - t0)) / left--;
        const m = await measureSpeedup(runner, { strategy, workers, workload: v.workload, seconds: v.duration }, {
          budgetMs: share,
          minPairs: v.repeat,
          onPair: (partial) => show((data = withMeasurement(data, strategy, workers, partial, false))),
        });
        data = withMeasurement(data, strategy, workers, m, true);
        show(data);
      }
    }
    return { ...data, running: false, current: null };
  },
  view: (root) => speedupView(root),
  summary: speedupSummary,
  modelled: 'the dashed lines, ideal speedup min(N, free cores) and Amdahl\'s law.',
  metrics: speedupMetrics,
  judgesRuns: true,
};
