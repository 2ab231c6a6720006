import './style.css';
import type { BoundProbes, WidgetDefinition } from '../definition.js';
import { type Sampled, sampled } from '../../stats.js';
import { allResults } from '../results.js';
import { engineRunner, measureSpeedup, measureStartMs, prepareSpeedup } from '../../measure/speedup.js';
import { compareMetrics, compareSummary, type CompareData, initialCompare, type Measurement, measuredMetric, mergeMetrics, missingMeasurements, pythonFigures, type StampedMetric } from './model.js';
import { compare } from './schema.js';
import { optionalPageRecording } from '../recordings.js';
import { interpreterLabel, recordedWhere } from '../../recorder/recording.js';

/** The real-Python row, from the deck's `python=` recording (embedded by the build). */
function pythonRow(path: string) {
  const rec = optionalPageRecording(path);
  return rec ? pythonFigures(interpreterLabel(rec.header), recordedWhere(rec.header), rec.pairs) : null;
}
import { compareView } from './view.js';

/** Everything measured this session (the same as `sessionMetrics()`), with when each was recorded. */
const sessionStamped = (): StampedMetric[] => allResults().flatMap((r) => (r.metrics ?? []).map((m) => ({ ...m, at: r.at })));

async function measure(m: Exclude<Measurement, { kind: 'speedup' }>, probes: BoundProbes): Promise<Sampled> {
  switch (m.kind) {
    case 'startup':
      return measureStartMs(probes);
    case 'sharing': {
      const xs: number[] = [];
      for (let i = 0; i < 3; i++) xs.push(await probes.measureSharing(m.bytes, m.method));
      return sampled(xs);
    }
  }
}

export const compareWidget: WidgetDefinition<typeof compare.attributes, CompareData> = {
  spec: compare,
  // The table is filled at once with whatever the session has measured so far.
  initial: (v) => ({ ...initialCompare(v.columns, sessionStamped()), python: pythonRow(v.python) }),
  async work(ctx) {
    const { values: v, host, show, probes } = ctx;
    let data: CompareData = { ...initialCompare(v.columns, sessionStamped()), python: pythonRow(v.python), running: true };
    const todo = v.measure ? missingMeasurements(data, host) : [];
    data = { ...data, pending: todo.map((m) => m.key) };
    show(data);
    const speedups = todo.filter((m) => m.kind === 'speedup');
    const prep = speedups.length ? await prepareSpeedup(ctx, 'primes', Math.max(...speedups.map((m) => m.workers))) : null;
    const runner = engineRunner(ctx);
    const t0 = performance.now();
    let left = speedups.length;
    for (const m of todo) {
      let metric: StampedMetric;
      if (m.kind === 'speedup') {
        const share = Math.max(0, v.budget * 1000 - (performance.now() - t0)) / left--;
        const r = await measureSpeedup(runner, { strategy: m.strategy, workers: m.workers, workload: 'primes', seconds: v.duration }, { budgetMs: share });
        metric = measuredMetric(m, r.speedup, Date.now(), { ...r, available: prep?.parallelism.available ?? null, cores: host.cores });
      } else {
        const r = await measure(m, probes);
        metric = measuredMetric(m, r.median, Date.now(), undefined, r);
      }
      data = {
        ...data,
        metrics: mergeMetrics(data.metrics, [metric]),
        measured: [...data.measured, m.key],
        pending: data.pending.filter((k) => k !== m.key),
      };
      show(data);
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
  metrics: compareMetrics,
  judgesRuns: true,
  // A reference run was recorded in Node, without the page's recordings: real Python's figures come from the page.
  asReference: (d, label, v) => ({ ...d, origin: label, running: false, pending: [], python: d.python ?? pythonRow(v.python) }),
};
