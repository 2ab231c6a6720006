import type { Engine } from '../../engine/engine.js';
import type { WidgetDefinition } from '../definition.js';
import { median } from '../../stats.js';
import { allResults } from '../results.js';
import { engineRunner, measureSpeedup, measureStartMs, prepareSpeedup } from '../../measure/speedup.js';
import { compareMetrics, compareSummary, type CompareData, initialCompare, type Measurement, measuredMetric, mergeMetrics, missingMeasurements, type StampedMetric } from './model.js';
import { compare } from './schema.js';
import { compareView } from './view.js';

/** Everything measured this session (the same as `sessionMetrics()`), with when each was recorded. */
const sessionStamped = (): StampedMetric[] => allResults().flatMap((r) => (r.metrics ?? []).map((m) => ({ ...m, at: r.at })));

async function measure(m: Exclude<Measurement, { kind: 'speedup' }>, engine: Engine): Promise<number> {
  switch (m.kind) {
    case 'startup':
      return measureStartMs(engine);
    case 'sharing': {
      const xs: number[] = [];
      for (let i = 0; i < 3; i++) xs.push(await engine.measureSharing(m.bytes, m.method));
      return median(xs);
    }
  }
}

export const compareWidget: WidgetDefinition<typeof compare.attributes, CompareData> = {
  spec: compare,
  // The table is filled at once with whatever the session has measured so far.
  initial: (v) => initialCompare(v.columns, sessionStamped()),
  async run({ values: v, engine, signal, track }, update) {
    let data: CompareData = { ...initialCompare(v.columns, sessionStamped()), running: true, mode: engine.host.sharedMemory ? 'shared-memory' : 'message-fallback' };
    const todo = v.measure ? missingMeasurements(data, engine.host) : [];
    data = { ...data, pending: todo.map((m) => m.key) };
    update(data);
    const speedups = todo.filter((m) => m.kind === 'speedup');
    const prep = speedups.length ? await prepareSpeedup(engine, track, 'primes', Math.max(...speedups.map((m) => m.workers)), signal) : null;
    const runner = engineRunner(engine, track, signal);
    const t0 = performance.now();
    let left = speedups.length;
    for (const m of todo) {
      if (signal.aborted) break;
      let metric: StampedMetric;
      if (m.kind === 'speedup') {
        const share = Math.max(0, v.budget * 1000 - (performance.now() - t0)) / left--;
        const r = await measureSpeedup(runner, { strategy: m.strategy, workers: m.workers, workload: 'primes', seconds: v.duration }, { budgetMs: share, signal });
        metric = measuredMetric(m, r.speedup, Date.now(), { ...r, available: prep?.parallelism.available ?? null, cores: engine.host.cores });
      } else metric = measuredMetric(m, await measure(m, engine), Date.now());
      data = {
        ...data,
        metrics: mergeMetrics(data.metrics, [metric]),
        measured: [...data.measured, m.key],
        pending: data.pending.filter((k) => k !== m.key),
      };
      update(data);
    }
    return { ...data, pending: [], running: false };
  },
  view(root) {
    const inner = compareView(root);
    return {
      // A finished table also takes in what the session measured since (e.g. a stored run shown at mount); a
      // reference run stays as it was recorded.
      draw: (d) => inner.draw(d.running || d.origin ? d : { ...d, metrics: mergeMetrics(d.metrics, sessionStamped()) }),
      destroy: () => inner.destroy(),
    };
  },
  summary: compareSummary,
  modeOf: (d) => d.mode,
  metrics: compareMetrics,
  asReference: (d, label) => ({ ...d, origin: label, running: false, pending: [] }),
};
