import type { WidgetDefinition } from '../definition.js';
import { lostUpdates, NEEDS_SHARED_MEMORY, RACE_LABEL, raceInitial, raceSpec, raceSummary, type RaceData } from './model.js';
import { race } from './schema.js';
import { raceView } from './view.js';

export const raceWidget: WidgetDefinition<typeof race.attributes, RaceData> = {
  spec: race,
  initial: (v) => raceInitial(v.workers, v.increments, v.modes),
  async run({ values: v, engine, signal, track }, update) {
    // The race is a real one on shared memory; without it there is nothing honest to show.
    if (!engine.host.sharedMemory) throw new Error(NEEDS_SHARED_MEMORY);
    let data = raceInitial(v.workers, v.increments, v.modes);
    for (const [i, row] of data.rows.entries()) {
      if (signal.aborted) break;
      const handle = track(engine.run(raceSpec(row.mode, v.workers, v.increments)));
      const result = await handle.result;
      if (result.counter === null) throw new Error(NEEDS_SHARED_MEMORY);
      data = { ...data, mode: result.mode, rows: data.rows.map((r, j) => (j === i ? { ...r, actual: result.counter, wallMs: result.wallMs } : r)) };
      update(data);
    }
    return data;
  },
  view: (root) => raceView(root),
  summary: raceSummary,
  modeOf: (d) => d.mode,
  metrics: (d) =>
    d.rows.flatMap((r) => {
      const lost = lostUpdates(r);
      return lost ? [{ key: `race:${r.mode}`, label: `lost updates, ${RACE_LABEL[r.mode]}`, value: lost.pct, unit: '%', workers: d.workers }] : [];
    }),
};
