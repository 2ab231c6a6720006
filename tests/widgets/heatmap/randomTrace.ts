import type { Strategy } from '../../../src/engine/index.js';
import { DropReason, EventKind, type TraceEvent } from '../../../src/engine/trace.js';
import { seeded as rng } from '../../../src/stats.js';


const ev = (t: number, worker: number, kind: EventKind, a = 0, b = 0, c = 0): TraceEvent => ({ t, worker, kind, a, b, c });

/**
 * An adversarial trace: workers on `gils` GILs (0: none) taking turns in random slices, each worker's clock skewed
 * by up to 3 ms, progress roughly every ms with random gaps, and a calibration anywhere from a third to three times
 * the real rate.
 */
export function randomTrace(seed: number) {
  const r = rng(seed);
  const workers = 1 + Math.floor(r() * 6);
  const gils = r() < 0.5 ? 0 : 1 + Math.floor(r() * workers);
  const cores = 1 + Math.floor(r() * 4);
  const skew = Array.from({ length: workers }, () => (r() - 0.5) * 6);
  const events: TraceEvent[] = [];
  const units = new Array<number>(workers).fill(0);
  const ticks = (w: number, from: number, to: number) => {
    for (let t = from + 0.2 + r(); t < to; t += 0.5 + r() * (r() < 0.1 ? 6 : 1)) events.push(ev(t + skew[w]!, w, EventKind.Progress, (units[w]! += 100)));
  };
  for (let w = 0; w < workers; w++) events.push(ev(skew[w]!, w, EventKind.TaskStart, w));
  const end = 100 + r() * 200;
  if (gils === 0) {
    for (let w = 0; w < workers; w++) ticks(w, 0, end);
  } else {
    let seq = 0;
    for (let g = 0; g < gils; g++) {
      const members = Array.from({ length: workers }, (_, w) => w).filter((w) => w % gils === g);
      for (let t = 0; t < end; ) {
        const w = members[Math.floor(r() * members.length)]!;
        const len = 0.5 + r() * 8;
        events.push(ev(t + skew[w]!, w, EventKind.GilAcquire, g, seq++));
        ticks(w, t, t + len);
        events.push(ev(t + len + skew[w]!, w, EventKind.GilDrop, g, seq++, DropReason.Forced));
        t += len + r() * 0.3;
      }
    }
  }
  for (let w = 0; w < workers; w++) events.push(ev(end + skew[w]!, w, EventKind.TaskEnd, w));
  events.sort((a, b) => a.t - b.t);
  return { events, workers, gils, cores, unitsPerMs: 100 * (1 / 3 + r() * (3 - 1 / 3)), strategy: (gils === 0 ? 'free-threading' : gils === 1 ? 'threads' : 'subinterpreters') as Strategy };
}

