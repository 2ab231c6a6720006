/**
 * Where a widget's data comes from. A widget asks for runs by their `RunSpec` and reads their trace events; it never
 * learns whether they are executed now by the engine (`engineSource`), read back from a recording
 * (`recordedSource`), or pushed from outside (`streamSource`, e.g. a trace arriving over a socket). All three
 * deliver the same way: `play` calls `onEvents` with every event so far whenever more arrive, and resolves with the
 * finished run. The framework (see `work.ts`) binds every call to the widget's one AbortSignal.
 */
import type { CpuWorkload, Engine, EngineMode, Parallelism, RateCheck, RunResult, RunSpec, TraceEvent, WarmReport } from '../engine/index.js';

/** What the device offers: what a widget sizes its first frame and its runs by. */
export interface SourceHost {
  readonly cores: number;
  readonly sharedMemory: boolean;
}

/** One run as models read it: a live run's result, or the same fields from a recording. */
export type RunRecord = Pick<RunResult, 'mode' | 'events' | 'wallMs' | 'unitsPerMs' | 'counter' | 'minWallMs'>;

/** Measurements only a live engine can make (a recording or a stream has none). */
export interface Probes {
  calibrate(kernel: CpuWorkload, signal: AbortSignal): Promise<number>;
  warmUp(kernel: CpuWorkload, workers: number, signal: AbortSignal): Promise<WarmReport>;
  checkRate(kernel: CpuWorkload, signal: AbortSignal): Promise<RateCheck>;
  recalibrate(kernel: CpuWorkload, signal: AbortSignal): Promise<number>;
  probeParallelism(kernel: CpuWorkload, signal: AbortSignal): Promise<Parallelism>;
  measureStart(signal: AbortSignal): Promise<number>;
  measureSharing(bytes: number, method: 'copy' | 'transfer' | 'shared', signal: AbortSignal): Promise<number>;
}

export interface TraceSource {
  readonly host: SourceHost;
  /** The mode runs are measured in here (a run may report its own). */
  readonly mode: EngineMode;
  /**
   * Plays one run: `onEvents` gets all events so far each time more arrive; resolves with the finished run.
   * Once `signal` aborts it stops the run (a live one: every worker ended) and rejects.
   */
  play(spec: RunSpec, signal: AbortSignal, onEvents: (events: readonly TraceEvent[]) => void): Promise<RunRecord>;
  readonly probes: Probes | null;
  /** Lets go of what the source holds between runs (the engine's idle workers), when the widget leaves the screen. */
  release?(): Promise<void>;
}

/** Runs executed now, on the page's (or the process's) engine: events arrive as the workers record them. */
export function engineSource(engine: Engine): TraceSource {
  return {
    host: engine.host,
    mode: engine.host.sharedMemory ? 'shared-memory' : 'message-fallback',
    play: (spec, signal, onEvents) => engine.run(spec, { signal, onProgress: (p) => onEvents(p.events) }).result,
    // Every probe of the engine takes the signal itself.
    probes: engine,
    release: () => engine.releaseIdle(),
  };
}

/** The key a recorded run is found by: its spec, whatever order its fields were written in. */
export const specKey = (spec: RunSpec): string => JSON.stringify(Object.entries(spec).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Runs recorded earlier, played back by spec: each spec's recordings in the order they were made (a widget that
 * runs the same spec twice gets both). Events arrive in one batch; a spec nobody recorded is an error.
 */
export function recordedSource(host: SourceHost & { mode: EngineMode }, runs: ReadonlyArray<{ spec: RunSpec; run: RunRecord }>): TraceSource {
  const queues = new Map<string, RunRecord[]>();
  for (const r of runs) queues.set(specKey(r.spec), [...(queues.get(specKey(r.spec)) ?? []), r.run]);
  return {
    host,
    mode: host.mode,
    async play(spec, signal, onEvents) {
      if (signal.aborted) throw signal.reason;
      const run = queues.get(specKey(spec))?.shift();
      if (!run) throw new Error(`no recorded run for ${specKey(spec)}`);
      onEvents(run.events);
      return run;
    },
    probes: null,
  };
}

/**
 * Runs received from outside: whoever holds the stream pushes each run's events as they come and ends the run;
 * the widget plays runs in the order it asks for them, each taking the next run the stream starts.
 */
export function streamSource(host: SourceHost & { mode: EngineMode }): TraceSource & { push(events: readonly TraceEvent[]): void; end(run: Omit<RunRecord, 'events'>): void } {
  const events: TraceEvent[] = [];
  let listener: ((events: readonly TraceEvent[]) => void) | null = null;
  let finish: ((run: RunRecord) => void) | null = null;
  return {
    host,
    mode: host.mode,
    play(_spec, signal, onEvents) {
      if (signal.aborted) return Promise.reject(signal.reason);
      listener = onEvents;
      if (events.length) onEvents(events);
      return new Promise<RunRecord>((resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        finish = resolve;
      });
    },
    push(more) {
      events.push(...more);
      listener?.(events);
    },
    end(run) {
      const done = { ...run, events: events.splice(0) };
      listener = null;
      finish?.(done);
      finish = null;
    },
    probes: null,
  };
}
