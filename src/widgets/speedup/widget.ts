import type { AttributeValues } from '../attributes.js';
import type { WidgetDefinition } from '../definition.js';
import { measurePair, measureStartMs, prepareSpeedup } from './measure.js';
import { initialSpeedup, speedupMetrics, speedupSummary, type SpeedupData, withPair } from './model.js';
import { speedup } from './schema.js';
import { speedupView } from './view.js';

type Values = AttributeValues<typeof speedup.attributes>;

const initialOf = (v: Values, cores: number): SpeedupData =>
  initialSpeedup({ strategies: v.strategies, workload: v.workload, cores, maxWorkers: v['max-workers'], serialFraction: v['serial-fraction'], seconds: v.duration });

export const speedupWidget: WidgetDefinition<typeof speedup.attributes, SpeedupData> = {
  spec: speedup,
  initial: initialOf,
  async run({ values: v, engine, signal, track }, update) {
    let data: SpeedupData = { ...initialOf(v, engine.host.cores), running: true };
    const done = (): SpeedupData => ({ ...data, running: false, current: null });
    update(data);
    await prepareSpeedup(engine, track, v.workload, Math.max(...data.counts));
    if (v.strategies.some((s) => s.startsWith('multiprocessing'))) {
      data = { ...data, startupMs: await measureStartMs(engine) };
      update(data);
    }
    // Worker counts outermost, so every line grows from left to right together.
    for (const workers of data.counts) {
      for (const strategy of v.strategies) {
        for (let r = 0; r < v.repeat; r++) {
          if (signal.aborted) return done();
          data = { ...data, current: { strategy, workers } };
          update(data);
          const pair = await measurePair(engine, track, { strategy, workers, workload: v.workload, seconds: v.duration });
          data = { ...withPair(data, strategy, workers, { seqMs: pair.seqMs, wallMs: pair.wallMs }), mode: pair.mode };
          update(data);
        }
      }
    }
    return done();
  },
  view: (root) => speedupView(root),
  summary: speedupSummary,
  modelled: 'the dashed lines, ideal speedup min(N, cores) and Amdahl\'s law.',
  modeOf: (d) => d.mode,
  metrics: speedupMetrics,
};
