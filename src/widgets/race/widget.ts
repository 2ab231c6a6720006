import './style.css';
import type { WidgetDefinition } from '../definition.js';
import { lostUpdates, NEEDS_SHARED_MEMORY, RACE_MODES, raceInitial, raceKey, raceSpec, raceSummary, type RaceData } from './model.js';
import { race } from './schema.js';
import { raceView } from './view.js';

export const raceWidget: WidgetDefinition<typeof race.attributes, RaceData> = {
  spec: race,
  initial: (v) => raceInitial(v.workers, v.increments, v.modes),
  async work({ values: v, host, trace, show }) {
    // The race is a real one on shared memory; without it there is nothing honest to show.
    if (!host.sharedMemory) throw new Error(NEEDS_SHARED_MEMORY);
    let data = raceInitial(v.workers, v.increments, v.modes);
    for (const [i, row] of data.rows.entries()) {
      const run = await trace(raceSpec(row.mode, v.workers, v.increments));
      if (run.counter === null) throw new Error(NEEDS_SHARED_MEMORY);
      data = { ...data, rows: data.rows.map((r, j) => (j === i ? { ...r, actual: run.counter, wallMs: run.wallMs } : r)) };
      show(data);
    }
    return data;
  },
  view: (root) => raceView(root),
  summary: raceSummary,
  metrics: (d) =>
    d.rows.flatMap((r) => {
      const lost = lostUpdates(r);
      return lost ? [{ key: raceKey(r.mode), label: `lost updates, ${RACE_MODES[r.mode].label}`, value: lost.pct, unit: '%', workers: d.workers }] : [];
    }),
};
