import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerHost } from './host.js';
import type { FromWorker } from './protocol.js';

/** Node host: worker_threads from the same bundled source, for tests, benchmarks and the trace CLI. */
export function nodeHost(workerSource: string): WorkerHost {
  return {
    runtime: `node ${process.version}`,
    sharedMemory: true,
    cores: availableParallelism(),
    spawn() {
      const w = new Worker(workerSource, { eval: true });
      let exitedOnPurpose = false;
      let errorHandler: ((e: Error) => void) | null = null;
      w.on('error', (e) => errorHandler?.(e));
      w.on('exit', (code) => {
        if (!exitedOnPurpose) errorHandler?.(new Error(`the worker exited unexpectedly (code ${code})`));
      });
      return {
        post: (m, t) => w.postMessage(m, (t ?? []) as never),
        onMessage: (h) => w.on('message', (m: FromWorker) => h(m)),
        onError: (h) => (errorHandler = h),
        async terminate() {
          exitedOnPurpose = true;
          await w.terminate();
        },
      };
    },
  };
}
