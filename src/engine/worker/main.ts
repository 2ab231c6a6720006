// The worker entry, bundled on its own (as text) so it starts from a Blob URL in the browser and with
// `eval: true` under Node's worker_threads. One worker = one Python thread, interpreter thread or process.
import type { ToWorker } from '../protocol.js';
import { serveWorker, type WorkerPort } from './serve.js';

declare const require: (id: string) => { parentPort: { postMessage(m: unknown, t?: unknown[]): void; on(e: 'message', h: (m: ToWorker) => void): void } };

function port(): WorkerPort {
  const g = globalThis as unknown as { postMessage?: (m: unknown, t?: Transferable[]) => void; addEventListener?: (t: string, h: (e: MessageEvent) => void) => void; importScripts?: unknown };
  if (typeof g.importScripts === 'function' && g.postMessage && g.addEventListener) {
    const post = g.postMessage.bind(g);
    const add = g.addEventListener.bind(g);
    return { post: (m, t) => post(m, t ?? []), listen: (h) => add('message', (e) => h(e.data as ToWorker)) };
  }
  const { parentPort } = require('node:worker_threads');
  return { post: (m, t) => parentPort.postMessage(m, t as unknown[]), listen: (h) => parentPort.on('message', h) };
}

serveWorker(port());
