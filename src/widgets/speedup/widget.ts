import { cpuKernelOf } from '../../engine/kernels.js';
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
  async run({ values: v, engine, signal, track }, update) {
    const t0 = performance.now();
    let data: SpeedupData = { ...initialOf(v, engine.host.cores), running: true };
    const done = (): SpeedupData => ({ ...data, running: false, current: null });
    update(data);
    const prep = await prepareSpeedup(engine, track, v.workload, Math.max(...data.counts), signal);
    data = { ...data, available: prep.parallelism.available, unsteady: prep.warmUp.unsteady };
    update(data);
    if (v.strategies.some((s) => s.startsWith('multiprocessing'))) {
      data = { ...data, startupMs: await measureStartMs(engine) };
      update(data);
    }
    const runner = engineRunner(engine, track, signal);
    const budgetMs = v.budget * 1000;
    const total = data.counts.length * v.strategies.length;
    let left = total;
    // Worker counts outermost, so every line grows from left to right together.
    for (const [i, workers] of data.counts.entries()) {
      // Another program may start mid-run: probe again before each worker count and keep the fewest free cores.
      if (i > 0 && !signal.aborted) {
        const again = await engine.probeParallelism(cpuKernelOf(v.workload), signal);
        data = { ...data, available: Math.min(data.available ?? again.available, again.available) };
      }
      for (const strategy of v.strategies) {
        if (signal.aborted) return done();
        data = { ...data, current: { strategy, workers } };
        update(data);
        // Each point gets an equal share of the time left, so points that settle fast leave more for the rest.
        const share = Math.max(0, budgetMs - (performance.now() - t0)) / left--;
        const m = await measureSpeedup(runner, { strategy, workers, workload: v.workload, seconds: v.duration }, {
          budgetMs: share,
          minPairs: v.repeat,
          signal,
          onPair: (partial) => update((data = { ...withMeasurement(data, strategy, workers, partial, false), mode: partial.mode })),
        });
        data = { ...withMeasurement(data, strategy, workers, m, true), mode: m.mode ?? data.mode };
        update(data);
      }
    }
    return done();
  },
  view: (root) => speedupView(root),
  summary: speedupSummary,
  modelled: 'the dashed lines, ideal speedup min(N, free cores) and Amdahl\'s law.',
  modeOf: (d) => d.mode,
  metrics: speedupMetrics,
};
