import type { IncomingMessage, ServerResponse } from 'node:http';
import { STRATEGY_NAMES, WORKLOADS } from '../engine/index.js';
import { recorderPath, type RecorderRun, runRecorder } from '../recorder/python.js';
import { recordingLineProblem } from '../recorder/read.js';

/** The longest live run the dev server starts: a slide's demo, not a benchmark. */
export const MAX_LIVE_SECONDS = 10;

/** What the page needs to know to ask for live runs; written into the served page (see `cpythonTag`). */
export interface CpythonInfo {
  python: string;
  version: string;
  endpoint: string;
}

export const CPYTHON_ENDPOINT = '/__gildeck/cpython';

/** The tag that tells the page real Python can run here, and which. */
export const cpythonTag = (info: CpythonInfo): string => `<script type="application/json" id="gildeck-cpython">${JSON.stringify(info).replace(/</g, '\\u003c')}</script>`;

type Params = { strategy: string; workers: number; workload: string; seconds: number; switchIntervalMs: number; ioWaitMs: number };

/** The run a page asks for, checked as the CLI checks it; a string says what is wrong. */
export function liveRunParams(q: URLSearchParams): Params | string {
  const strategy = q.get('strategy') ?? '';
  const workload = q.get('workload') ?? '';
  const num = (k: string, d: number) => (q.has(k) ? Number(q.get(k)) : d);
  const p = { strategy, workload, workers: num('workers', 2), seconds: num('seconds', 1), switchIntervalMs: num('switch', 5), ioWaitMs: num('io', 1) };
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy)) return `strategy must be one of ${STRATEGY_NAMES.join(', ')}`;
  if (!(WORKLOADS as readonly string[]).includes(workload)) return `workload must be one of ${WORKLOADS.join(', ')}`;
  if (!Number.isInteger(p.workers) || p.workers < 1 || p.workers > 16) return 'workers must be a whole number from 1 to 16';
  if (!(p.seconds > 0 && p.seconds <= MAX_LIVE_SECONDS)) return `seconds must be more than 0 and at most ${MAX_LIVE_SECONDS}`;
  if (!(p.switchIntervalMs >= 0.5 && p.switchIntervalMs <= 100)) return 'switch must be from 0.5 to 100 ms';
  if (!(p.ioWaitMs >= 0 && p.ioWaitMs <= 100)) return 'io must be from 0 to 100 ms';
  return p;
}

/**
 * Live runs of real Python for the page, one at a time: a new request stops the run before it; a page that goes
 * away (slide left, tab closed: the event stream closes) kills its run, so no Python process outlives its demo.
 * The answer is the recorder's JSON lines as it writes them (threads' lines every 200 ms), then one line
 * `{"type":"stream-end"}` or `{"type":"stream-fail","message":...}`. Plain streamed lines over fetch, not
 * Server-Sent Events: an EventSource reconnects by itself, and a reconnect would start another run.
 */
export class CpythonRuns {
  private current: { run: RecorderRun; res: ServerResponse } | null = null;

  constructor(
    private readonly python: string,
    private readonly root: string,
  ) {}

  handle(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    const params = liveRunParams(new URL(req.url ?? '/', 'http://127.0.0.1').searchParams);
    res.writeHead(200, { 'Content-Type': 'application/x-ndjson; charset=utf-8', ...headers });
    const send = (line: string) => void (res.destroyed || res.write(`${line}\n`));
    const fail = (message: string) => send(JSON.stringify({ type: 'stream-fail', message }));
    if (typeof params === 'string') return fail(params), void res.end();
    this.stop();
    // Each line is checked here, so the page can trust what it reads (it carries no checker).
    let bad: string | null = null;
    const run = runRecorder(this.python, recorderPath(this.root), { ...params, flushMs: 200 }, (line) => {
      if (bad) return;
      bad = recordingLineProblem(line);
      if (bad) this.stop();
      else send(line);
    }, params.seconds * 3 + 10);
    const mine = { run, res };
    this.current = mine;
    req.on('close', () => {
      if (this.current === mine) this.stop();
    });
    run.done.then(
      () => (bad ? fail(`the recorder wrote a bad line: ${bad}`) : send(JSON.stringify({ type: 'stream-end' }))),
      (e: unknown) => fail(e instanceof Error ? e.message : String(e)),
    ).finally(() => {
      if (this.current === mine) this.current = null;
      res.end();
    });
  }

  /** Ends the run in progress, if any: asked to stop, killed if it has not within a second. */
  stop(): void {
    const c = this.current;
    if (!c) return;
    this.current = null;
    c.run.stop();
    setTimeout(() => c.run.kill(), 1000).unref();
  }

  get running(): number | undefined {
    return this.current?.run.pid;
  }
}
