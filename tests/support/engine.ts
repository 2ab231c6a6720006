import { resolve } from 'node:path';
import { bundleWorker } from '../../src/cli/workerBundle.js';
import { channelHost } from '../../src/engine/channelHost.js';
import { Engine, type WorkerHost } from '../../src/engine/index.js';
import { nodeHost } from '../../src/engine/nodeHost.js';
import type { ToWorker } from '../../src/engine/protocol.js';

let source: Promise<string> | null = null;

/** An engine on Node worker_threads, running the same bundled worker the browser runs. */
export async function nodeEngine(): Promise<Engine> {
  source ??= bundleWorker(resolve(import.meta.dirname, '../..'), false);
  return new Engine(nodeHost(await source));
}

/** What a tapped host saw: workers started and ended, and every message the engine posted. */
export interface Tap {
  spawned: number;
  terminated: number;
  posted: ToWorker[];
}

/**
 * A host that reports what the engine does with it, and calls `onPost` before each message reaches a worker (a test
 * aborts there: "during the warm-up" is after the engine asked for it and before the worker answered).
 */
export function tapped(host: WorkerHost, onPost: (m: ToWorker) => void = () => undefined): { host: WorkerHost; tap: Tap } {
  const tap: Tap = { spawned: 0, terminated: 0, posted: [] };
  return {
    tap,
    host: {
      ...host,
      spawn() {
        const w = host.spawn();
        tap.spawned++;
        return {
          ...w,
          post(m, transfer) {
            tap.posted.push(m);
            onPost(m);
            w.post(m, transfer);
          },
          async terminate() {
            tap.terminated++;
            await w.terminate();
          },
        };
      },
    },
  };
}

/** An engine whose workers run in this thread over MessageChannel ports (see channelHost.ts). */
export function inThreadEngine(options: Parameters<typeof channelHost>[0] = {}, onPost?: (m: ToWorker) => void): { engine: Engine; tap: Tap } {
  const { host, tap } = tapped(channelHost(options), onPost);
  return { engine: new Engine(host), tap };
}
