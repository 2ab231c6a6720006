import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface PlainHost {
  server: Server;
  url: string;
  /** Every path asked for, in order (a request refused while down included). */
  requests: string[];
  /** While true the host answers nothing: every connection is cut, as a dead network would. */
  down: boolean;
  /** Paths the host takes and never answers, as a Wi-Fi that stalls mid-way does (held until close). */
  stalls: (path: string) => boolean;
  close(): Promise<void>;
}

/** A plain static host on 127.0.0.1: files and content types, none of the isolation headers. */
export function plainHost(dir: string): Promise<PlainHost> {
  const host = { requests: [] as string[], down: false, stalls: (_path: string) => false } as PlainHost;
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    host.requests.push(pathname);
    if (host.down) return void req.socket.destroy();
    if (host.stalls(pathname)) return;
    const path = normalize(join(dir, decodeURIComponent(pathname)));
    const file = path.endsWith(sep) ? join(path, 'index.html') : path;
    try {
      if (!file.startsWith(dir)) throw new Error('outside');
      const body = readFileSync(file);
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  host.server = server;
  host.close = () =>
    new Promise((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => {
      host.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
      ok(host);
    }),
  );
}
