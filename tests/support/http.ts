import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** Milliseconds from sending the request to the whole answer. */
  ms: number;
}

/**
 * GET (or another method) with full control of the Host header, which fetch does not allow. An event stream is
 * answered as soon as its headers and first event arrive.
 */
export function get(url: string, opts: { host?: string; method?: string; timeoutMs?: number } = {}): Promise<Answer> {
  const t0 = performance.now();
  return new Promise((ok, fail) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.host === undefined ? {} : { host: opts.host }, timeout: opts.timeoutMs ?? 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      const done = () => ok({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 });
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (String(res.headers['content-type']).startsWith('text/event-stream')) (done(), res.destroy());
      });
      res.on('end', done);
      res.on('error', fail);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in ${opts.timeoutMs ?? 10_000} ms`)));
    req.on('error', fail);
    req.end();
  });
}
