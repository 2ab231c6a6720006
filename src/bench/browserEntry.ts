// Injected into the served deck by `npm run bench -- --browser`: runs the same suite in Chromium, on the deck's
// own engine (Web Workers from a Blob URL, shared memory when the page is cross-origin isolated), and measures the
// widgets: frames per second while a live 8-worker timeline runs, and first-frame latency per widget. For
// --page-loads it measures the compare table's speedups the way the table does, as the benchmark's figures.
import type { Engine } from '../engine/index.js';
import type { RunSpec } from '../engine/plan.js';
import type { TraceEvent } from '../engine/trace.js';
import type { MountableWidget } from '../widgets/element.js';
import { WIDGETS } from '../widgets/registry.js';
import { measureSpeedups, runEngineSuite, type SpeedupsOptions, type SuiteOptions } from './engineSuite.js';

declare global {
  interface Window {
    gildeck: { loadEngine(): Promise<Engine>; load(unit: string): Promise<unknown>; deck: { getCurrentSlide(): HTMLElement } };
    gildeckBench: {
      run(opts: SuiteOptions): ReturnType<typeof runEngineSuite>;
      widgets(): Promise<WidgetBench>;
      speedups(opts: SpeedupsOptions): ReturnType<typeof measureSpeedups>;
      /** --fidelity --browser: calibrated and warmed as the Node side is; then one emulated run at a time. */
      fidelityPrepare(): Promise<void>;
      fidelityRun(spec: RunSpec): Promise<{ events: TraceEvent[]; wallMs: number; mode: string }>;
    };
  }
}

export interface WidgetBench {
  timelineFps: number;
  timelineFrames: number;
  firstFrameMs: Record<string, number>;
}

type LiveEl = HTMLElement & MountableWidget & { run(): Promise<void> };
const frame = () => new Promise<number>((r) => requestAnimationFrame(r));

function drawn(el: Element): boolean {
  if (el.querySelector('svg rect, svg path, svg text, td')) return true;
  return [...el.querySelectorAll('canvas')].some((c) => (c as HTMLCanvasElement).width > 0);
}

async function widgets(): Promise<WidgetBench> {
  const slide = window.gildeck.deck.getCurrentSlide();
  const firstFrameMs: Record<string, number> = {};
  // The deck loads widgets' code as their slides come near: load it all first, so first frames are drawing, not loading.
  for (const name of WIDGETS.keys()) await window.gildeck.load(name);
  for (const name of WIDGETS.keys()) {
    const el = document.createElement(`gd-${name}`) as LiveEl;
    el.id = `bench-${name}`;
    slide.append(el);
    const t0 = performance.now();
    el.mount('live');
    while (!drawn(el) && performance.now() - t0 < 2000) await frame();
    await frame();
    firstFrameMs[name] = performance.now() - t0;
    el.unmount();
    el.remove();
  }
  const el = document.createElement('gd-timeline') as LiveEl;
  el.id = 'bench-fps';
  el.setAttribute('workers', '8');
  el.setAttribute('duration', '3');
  slide.append(el);
  el.mount('live');
  let frames = 0;
  let done = false;
  const t0 = performance.now();
  const count = () => {
    frames++;
    if (!done) requestAnimationFrame(count);
  };
  requestAnimationFrame(count);
  await el.run();
  done = true;
  const seconds = (performance.now() - t0) / 1000;
  el.unmount();
  el.remove();
  return { timelineFps: frames / seconds, timelineFrames: frames, firstFrameMs };
}

async function fidelityPrepare(): Promise<void> {
  const engine = await window.gildeck.loadEngine();
  // V8 tiers each worker's kernel separately in Chromium: every pooled worker runs the kernel until steady first.
  await engine.warmUp('countdown', 5);
  await engine.calibrate('countdown');
  await engine.calibrate('primes');
}

async function fidelityRun(spec: RunSpec): Promise<{ events: TraceEvent[]; wallMs: number; mode: string }> {
  const { events, wallMs, mode } = await (await window.gildeck.loadEngine()).run(spec).result;
  return { events: [...events], wallMs, mode };
}

window.gildeckBench = {
  run: async (opts) => runEngineSuite(await window.gildeck.loadEngine(), opts),
  widgets,
  speedups: async (opts) => measureSpeedups(await window.gildeck.loadEngine(), opts),
  fidelityPrepare,
  fidelityRun,
};
