import type { FromWorker, ToWorker } from './protocol.js';

/** A started worker, whatever runs it: a Web Worker or a Node worker thread. */
export interface EngineWorker {
  post(message: ToWorker, transfer?: Transferable[]): void;
  onMessage(handler: (message: FromWorker) => void): void;
  /** Called once if the worker dies (an uncaught error or an exit nobody asked for). */
  onError(handler: (error: Error) => void): void;
  terminate(): Promise<void>;
}

/** Starts workers from the bundled worker source; one host per environment. */
export interface WorkerHost {
  readonly runtime: string;
  /** Whether SharedArrayBuffer and Atomics.wait are usable here (cross-origin isolated page, or Node). */
  readonly sharedMemory: boolean;
  readonly cores: number;
  spawn(): EngineWorker;
}

/** Browser host: a classic worker from a Blob URL (works from file:// and any static host). */
export function browserHost(workerSource: string): WorkerHost {
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  const shared = typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  return {
    runtime: `browser ${navigator.userAgent.match(/(Chrome|Firefox|Safari)\/[\d.]+/)?.[0] ?? ''}`.trim(),
    sharedMemory: shared,
    cores: navigator.hardwareConcurrency || 2,
    spawn() {
      const w = new Worker(url, { name: 'gildeck-worker' });
      let errorHandler: ((e: Error) => void) | null = null;
      w.addEventListener('error', (e) => {
        e.preventDefault();
        errorHandler?.(new Error(e.message || 'the worker failed to start'));
      });
      return {
        post: (m, t) => w.postMessage(m, t ?? []),
        onMessage: (h) => w.addEventListener('message', (e: MessageEvent<FromWorker>) => h(e.data)),
        onError: (h) => (errorHandler = h),
        terminate: async () => w.terminate(),
      };
    },
  };
}
