// Injected into the served deck by `npm run bench -- --browser`: runs the same suite in Chromium, on the deck's
// own engine (Web Workers from a Blob URL, shared memory when the page is cross-origin isolated).
import type { Engine } from '../engine/engine.js';
import { runEngineSuite, type SuiteOptions } from './engineSuite.js';

declare global {
  interface Window {
    gildeck: { engine(): Engine };
    gildeckBench: { run(opts: SuiteOptions): ReturnType<typeof runEngineSuite> };
  }
}

window.gildeckBench = { run: (opts) => runEngineSuite(window.gildeck.engine(), opts) };
