import { expect, test } from 'vitest';
import { heatmapModel } from '../../../src/widgets/heatmap/model.js';
import { randomTrace } from './randomTrace.js';

test('whatever the clocks and the calibration say, cores busy never exceeds one per GIL nor the device\'s cores', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const t = randomTrace(seed);
    const d = heatmapModel(t.events, { strategy: t.strategy, workers: t.workers, mode: null, unitsPerMs: t.unitsPerMs, bucketMs: 10, running: seed % 2 === 0, cores: t.cores });
    const limit = Math.min(t.cores, t.gils || t.workers);
    for (const b of d.busy) expect(b, `seed ${seed}`).toBeLessThanOrEqual(limit);
    expect(d.limit, `seed ${seed}`).toBe(Math.max(1, limit));
    expect(d.meanBusy, `seed ${seed}`).toBeLessThanOrEqual(limit);
    // A worker's time on a core and waiting for one never add up to more than the column.
    d.shares.forEach((row, w) => row.forEach((s, c) => expect(s + d.waiting[w]![c]!, `seed ${seed}`).toBeLessThanOrEqual(1.002)));
  }
});
