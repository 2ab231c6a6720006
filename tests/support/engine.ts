import { resolve } from 'node:path';
import { bundleWorker } from '../../src/cli/workerBundle.js';
import { Engine } from '../../src/engine/engine.js';
import { nodeHost } from '../../src/engine/nodeHost.js';

let source: Promise<string> | null = null;

/** An engine on Node worker_threads, running the same bundled worker the browser runs. */
export async function nodeEngine(): Promise<Engine> {
  source ??= bundleWorker(resolve(import.meta.dirname, '../..'), false);
  return new Engine(nodeHost(await source));
}
