import { expect, test } from 'vitest';
import { timelineModel } from '../../../src/widgets/timeline/model.js';
import { randomTrace } from '../heatmap/randomTrace.js';

test('whatever the clocks say, the timeline never draws more lanes running at once than cores, nor two holders of one GIL', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const t = randomTrace(seed);
    const d = timelineModel(t.events, { strategy: t.strategy, workers: t.workers, cores: t.cores, mode: null, now: 0, running: seed % 2 === 0 });
    const running = d.segments.filter((s) => s[1] === 'running');
    const cuts = [...new Set(running.flatMap((s) => [s[2], s[3]]))].sort((a, b) => a - b);
    for (let i = 0; i + 1 < cuts.length; i++) {
      const mid = (cuts[i]! + cuts[i + 1]!) / 2;
      const lanes = running.filter((s) => s[2] <= mid && mid < s[3]).map((s) => s[0]);
      expect(new Set(lanes).size, `seed ${seed} at ${mid}`).toBeLessThanOrEqual(t.cores);
      if (t.gils) for (let g = 0; g < t.gils; g++) expect(lanes.filter((w) => w % t.gils === g).length, `seed ${seed} at ${mid}`).toBeLessThanOrEqual(1);
    }
  }
});
