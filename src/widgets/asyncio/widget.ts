import type { RunHandle } from '../../engine/index.js';
import type { Metric, WidgetDefinition } from '../definition.js';
import { asyncioInitial, asyncioPanel, asyncioSummary, asyncioTasks, type AsyncioData, type Contrast, maxLateness } from './model.js';
import { asyncio } from './schema.js';
import { asyncioView } from './view.js';

const LIVE_MS = 50;

const valuesOf = (v: { tasks: number; 'io-wait': number; 'cpu-step': number; contrast: boolean }) => ({ tasks: v.tasks, ioWaitMs: v['io-wait'], cpuStepMs: v['cpu-step'], contrast: v.contrast });

export const asyncioWidget: WidgetDefinition<typeof asyncio.attributes, AsyncioData> = {
  spec: asyncio,
  initial: (v) => asyncioInitial(valuesOf(v)),
  async run({ values: v, engine, signal, track }, update) {
    const opts = valuesOf(v);
    let data: AsyncioData = { ...asyncioInitial(opts), running: true };
    // The CPU step is sized in calibrated units, so "300 ms of CPU" takes about 300 ms on this device.
    const cpuUnits = opts.cpuStepMs > 0 ? Math.max(1, Math.round(opts.cpuStepMs * (await engine.calibrate('primes')))) : 0;
    const tasks = asyncioTasks(opts.tasks, opts.ioWaitMs, opts.cpuStepMs, cpuUnits);
    const planned = opts.ioWaitMs + opts.cpuStepMs;
    const strategies: Contrast[] = opts.contrast ? ['asyncio', 'threads'] : ['asyncio'];
    for (const [i, strategy] of strategies.entries()) {
      if (signal.aborted) break;
      // asyncio runs every plan on one worker's event loop; threads start one worker per plan (planRun's rule).
      const handle: RunHandle = track(engine.run({ strategy, workers: tasks.length, workload: 'primes', tasks }));
      const setPanel = (panel: AsyncioData['panels'][number], running: boolean) => {
        data = { ...data, mode: handle.mode, running, panels: data.panels.map((p, j) => (j === i ? panel : p)) };
        update(data);
      };
      const timer = setInterval(() => setPanel(asyncioPanel(handle.events, { strategy, running: true, minEnd: planned }), true), LIVE_MS);
      try {
        const result = await handle.result;
        setPanel(asyncioPanel(result.events, { strategy, running: false }), i < strategies.length - 1);
      } finally {
        clearInterval(timer);
      }
    }
    return { ...data, running: false };
  },
  view: (root) => asyncioView(root),
  summary: asyncioSummary,
  modeOf: (d) => d.mode,
  metrics: (d) => {
    const out: Metric[] = [];
    for (const p of d.panels) {
      if (p.doneMs === null) continue;
      const key = p.strategy === 'asyncio' ? 'asyncio:' : 'asyncio:threads-';
      out.push({ key: `${key}wall`, label: `${p.strategy}: ${d.tasks} tasks awaiting ${d.ioWaitMs} ms, time until all were done`, value: p.doneMs, unit: 'ms' });
      out.push({ key: `${key}heartbeat-late`, label: `${p.strategy}: heartbeat lateness (max) beside a ${d.cpuStepMs} ms CPU step`, value: maxLateness(p), unit: 'ms' });
    }
    return out;
  },
};
