import './style.css';
import type { Metric, WidgetDefinition } from '../definition.js';
import { asyncioInitial, asyncioPanel, asyncioSummary, asyncioTasks, type AsyncioData, type Contrast, maxLateness, onEventLoop } from './model.js';
import { asyncio } from './schema.js';
import { asyncioView } from './view.js';

const valuesOf = (v: { tasks: number; 'io-wait': number; 'cpu-step': number; contrast: boolean }) => ({ tasks: v.tasks, ioWaitMs: v['io-wait'], cpuStepMs: v['cpu-step'], contrast: v.contrast });

export const asyncioWidget: WidgetDefinition<typeof asyncio.attributes, AsyncioData> = {
  spec: asyncio,
  initial: (v) => asyncioInitial(valuesOf(v)),
  async work({ values: v, trace, show, probes }) {
    const opts = valuesOf(v);
    let data: AsyncioData = { ...asyncioInitial(opts), running: true };
    // The CPU step is sized in calibrated units, so "300 ms of CPU" takes about 300 ms on this device.
    const cpuUnits = opts.cpuStepMs > 0 ? Math.max(1, Math.round(opts.cpuStepMs * (await probes.calibrate('primes')))) : 0;
    const tasks = asyncioTasks(opts.tasks, opts.ioWaitMs, opts.cpuStepMs, cpuUnits);
    const planned = opts.ioWaitMs + opts.cpuStepMs;
    const strategies: Contrast[] = opts.contrast ? ['asyncio', 'threads'] : ['asyncio'];
    for (const [i, strategy] of strategies.entries()) {
      const withPanel = (panel: AsyncioData['panels'][number], running: boolean): AsyncioData => ({ ...data, running, panels: data.panels.map((p, j) => (j === i ? panel : p)) });
      // asyncio runs every plan on one worker's event loop; threads start one worker per plan (planRun's rule).
      const run = await trace({ strategy, workers: tasks.length, workload: 'primes', tasks }, (events) => withPanel(asyncioPanel(events, { strategy, running: true, minEnd: planned }), true));
      data = withPanel(asyncioPanel(run.events, { strategy, running: false }), i < strategies.length - 1);
      show(data);
    }
    return { ...data, running: false };
  },
  view: (root) => asyncioView(root),
  summary: asyncioSummary,
  metrics: (d) => {
    const out: Metric[] = [];
    for (const p of d.panels) {
      if (p.doneMs === null) continue;
      // The event loop's own figures are plain `asyncio:wall`; the contrast's name its strategy (`asyncio:threads-wall`).
      const key = onEventLoop(p.strategy) ? 'asyncio:' : (`asyncio:${p.strategy}-` as const);
      out.push({ key: `${key}wall`, label: `${p.strategy}: ${d.tasks} tasks awaiting ${d.ioWaitMs} ms, time until all were done`, value: p.doneMs, unit: 'ms' });
      out.push({ key: `${key}heartbeat-late`, label: `${p.strategy}: heartbeat lateness (max) beside a ${d.cpuStepMs} ms CPU step`, value: maxLateness(p), unit: 'ms' });
    }
    return out;
  },
};
