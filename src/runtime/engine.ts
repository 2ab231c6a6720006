import workerSource from 'gildeck:worker-source';
import { Engine } from '../engine/index.js';
import { browserHost } from '../engine/host.js';
import { engineSource, type TraceSource } from '../widgets/source.js';

let engine: Engine | null = null;

/** The page's one engine, started on first use (no worker starts until a widget or a benchmark asks). */
export function pageEngine(): Engine {
  engine ??= new Engine(browserHost(workerSource));
  return engine;
}

let source: TraceSource | null = null;

/** Where the page's widgets get their runs: live runs on the page's engine. */
export function pageSource(): TraceSource {
  source ??= engineSource(pageEngine());
  return source;
}
