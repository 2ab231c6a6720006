import './style.css';
import type { Strategy } from '../../engine/index.js';
import type { Metric, WidgetDefinition } from '../definition.js';
import { measureRequests, medianRequest, pacing, peakPoint, peakRps, pointAt, probePlan, referenceRate, requestPlans, serverInitial, serverPoint, serverSummary, serverWorkers, type ServerData } from './model.js';
import { server } from './schema.js';
import { serverView } from './view.js';

const optionsOf = (v: { strategies: readonly Strategy[]; workers: number; 'cpu-ms': number; 'io-ms': number; 'max-rate': number; steps: number; duration: number }) => ({
  strategies: v.strategies,
  workers: v.workers,
  cpuMs: v['cpu-ms'],
  ioMs: v['io-ms'],
  maxRate: v['max-rate'],
  steps: v.steps,
  duration: v.duration,
});

export const serverWidget: WidgetDefinition<typeof server.attributes, ServerData> = {
  spec: server,
  initial: (v) => serverInitial(optionsOf(v)),
  async work({ values: v, trace, show, probes }) {
    const o = optionsOf(v);
    let data: ServerData = { ...serverInitial(o), running: true };
    show(data);
    // The CPU part is sized in calibrated units, so "8 ms of CPU" takes about 8 ms on this device.
    const cpuUnits = Math.round(o.cpuMs * (await probes.calibrate('primes')));
    for (const [si, { strategy }] of data.series.entries()) {
      const workers = serverWorkers(strategy, o.workers);
      // Pacing needs what a request takes a worker: first from a few requests served by one idle worker, then
      // from what each load step measured, for the next. Those first requests also say what the CPU part really
      // took (the calibration can be off): the table shows that, not what was asked.
      const alone = measureRequests((await trace({ strategy, workers: 1, workload: 'primes', tasks: probePlan(o.ioMs, cpuUnits) })).events, strategy);
      let overheadMs = alone.overheadMs || o.cpuMs + o.ioMs;
      const one = medianRequest(alone);
      data = { ...data, series: data.series.map((s, j) => (j === si ? { ...s, aloneMs: one?.ms ?? null, aloneRange: one?.range ?? null, aloneCpuMs: one?.cpuMs ?? null, aloneIoMs: one?.ioMs ?? null } : s)) };
      for (const offered of data.rates) {
        const pace = pacing(offered, workers, data.durationMs, overheadMs);
        const run = await trace({ strategy, workers, workload: 'primes', tasks: requestPlans(workers, offered, pace, o.ioMs, cpuUnits) });
        const { overheadMs: measured, ...point } = serverPoint(run.events, { strategy, rate: offered, workers, durationMs: data.durationMs });
        if (measured > 0) overheadMs = measured;
        data = { ...data, series: data.series.map((s, j) => (j === si ? { ...s, points: [...s.points, point] } : s)) };
        show(data);
      }
    }
    return { ...data, running: false };
  },
  view: (root) => serverView(root),
  summary: serverSummary,
  modelled: 'the arrivals. p50/p99 replay requests arriving every 1/rate s into the first free worker, with the service times measured at that load, never faster than the GIL ceiling measured there.',
  metrics: (d) => {
    const rate = referenceRate(d);
    return d.series.flatMap((s): Metric[] => {
      if (!s.points.length) return [];
      const at = pointAt(s, rate);
      const workers = serverWorkers(s.strategy, d.workers);
      return [
        { key: `server-rps:${s.strategy}`, label: `${s.strategy} server, peak throughput (${d.cpuMs} ms CPU + ${d.ioMs} ms I/O per request)`, value: peakRps(s), unit: 'req/s', workers, spread: peakPoint(s)?.rpsSpread ?? null },
        ...(at ? [{ key: `server-p99:${s.strategy}` as const, label: `${s.strategy} server, p99 latency at ${rate} req/s offered`, value: at.p99, unit: 'ms', workers }] : []),
      ];
    });
  },
};
