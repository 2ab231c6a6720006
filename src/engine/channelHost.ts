import type { EngineWorker, WorkerHost } from './host.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { serveWorker } from './worker/serve.js';

/**
 * A host whose workers run in this thread: each is the worker's message handler (`serveWorker`) on one end of a
 * `MessageChannel`, the engine on the other, so messages are cloned and transferred exactly as between threads
 * (as comlink's tests run both ends over `new MessageChannel()`). For tests of the engine, the task loop and the
 * GIL without a bundle or threads.
 *
 * What one thread cannot do: a worker computes synchronously, so while it does, nothing else here runs. The message
 * fallback (the default, `sharedMemory: false`) works, because its GIL is a message round trip once per switch
 * interval, where the thread yields; with shared memory, workers block in `Atomics.wait` (the start barrier, the
 * GIL), so only single-worker runs finish. A warm-up or calibration runs to its end once started; an abort is seen
 * when it returns.
 */
export function channelHost(options: { sharedMemory?: boolean; cores?: number } = {}): WorkerHost {
  return {
    runtime: 'one thread (MessageChannel)',
    sharedMemory: options.sharedMemory ?? false,
    cores: options.cores ?? 1,
    spawn(): EngineWorker {
      const { port1: engineEnd, port2: workerEnd } = new MessageChannel();
      let onError: ((e: Error) => void) | null = null;
      let ended = false;
      const served = serveWorker({
        post: (m, transfer) => {
          if (!ended) workerEnd.postMessage(m, transfer ?? []);
        },
        listen: (handler) => {
          workerEnd.onmessage = (e: MessageEvent<ToWorker>) => {
            // An error thrown by the handler is what kills a real worker: report it as the worker's death.
            try {
              handler(e.data);
            } catch (err) {
              onError?.(err instanceof Error ? err : new Error(String(err)));
            }
          };
        },
      });
      return {
        post: (m, transfer) => {
          if (!ended) engineEnd.postMessage(m, transfer ?? []);
        },
        onMessage: (h) => {
          engineEnd.onmessage = (e: MessageEvent<FromWorker>) => h(e.data);
        },
        onError: (h) => (onError = h),
        async terminate() {
          ended = true;
          served.stop();
          engineEnd.close();
          workerEnd.close();
        },
      };
    },
  };
}
