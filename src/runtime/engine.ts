import workerSource from 'gildeck:worker-source';
import { Engine } from '../engine/index.js';
import { browserHost } from '../engine/host.js';

let engine: Engine | null = null;

/** The page's one engine, started on first use (no worker starts until a widget or a benchmark asks). */
export function pageEngine(): Engine {
  engine ??= new Engine(browserHost(workerSource));
  return engine;
}
