import { test } from 'vitest';
import { nodeEngine } from '../../support/engine.js';
import { EventKind } from '../../../src/engine/trace.js';
import { ioReacquireUs } from '../../../src/engine/analysis.js';

const q = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN; };
function turn(events: any[]) {
  const out: number[] = []; let pend: number | null = null;
  for (const e of events) { if (e.worker !== 0) continue; if (e.kind === EventKind.IoEnd) pend = e.t; else if (e.kind === EventKind.IoStart && pend !== null) { out.push((e.t - pend) * 1000); pend = null; } }
  return out;
}
for (const W of [0.2, 1]) test(`scratch ${W}`, async () => {
  const engine = await nodeEngine();
  try {
    console.log('rate', await engine.calibrate('countdown'), await engine.calibrate('primes'));
    for (const strategy of ['threads', 'free-threading'] as const) {
      for (const c of [0, 1, 2]) {
        const t0 = performance.now();
        const spec = c === 0 ? { strategy, workers: 1, workload: 'io' as const, seconds: 0.2, ioOps: 200, ioWaitMs: W } : { strategy, workers: c + 1, workload: 'mixed' as const, seconds: 1 / c, perWorker: true, ioWaitMs: W };
        const r = await engine.run(spec).result;
        const t = turn(r.events); const re = ioReacquireUs(r.events.filter((e) => e.worker === 0));
        console.log(W, strategy, c, 'wall', r.wallMs.toFixed(0), 'elapsed', (performance.now() - t0).toFixed(0), 'n', t.length, 'p50', q(t, 0.5).toFixed(0), 'p99', q(t, 0.99).toFixed(0), 'reacq p50', q(re, 0.5).toFixed(0), q(re, 0.99).toFixed(0), 'events', r.events.length, r.mode);
      }
    }
  } finally { await engine.dispose(); }
}, 60000);
