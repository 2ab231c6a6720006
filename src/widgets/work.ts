/**
 * Runs a widget's work against a source, for whoever draws it: the live element (one frame loop that takes the
 * newest data each frame), the reference recorder and the tests (`driveWidget`). The framework, not the widget,
 * owns three things here: cancellation (one AbortSignal: every run and measurement is bound to it and rejects once
 * it aborts, so a widget's loop just ends), the cadence (models run only when data is taken, at most once per
 * frame) and the engine mode (stamped on every datum from the runs that made it).
 */
import type { AttributeSpecs, AttributeValues } from './attributes.js';
import type { BoundProbes, BoundSource, WidgetData, WidgetDefinition, WorkContext } from './definition.js';
import type { RunSpec } from '../engine/index.js';
import type { PlayedRun } from './runTrace.js';
import type { Probes, RunRecord, TraceSource } from './source.js';
import { pageFrames } from './frames.js';

/** The widget was stopped (its slide left, Stop pressed, run again): `last` is the newest data it had. */
export class WidgetStopped extends Error {
  override name = 'WidgetStopped';
  constructor(readonly last: unknown) {
    super('stopped');
  }
}

export interface Work<D> {
  /** The newest data not taken yet (its model computed now), or null when nothing changed since. */
  take(): D | null;
  /** The final data; rejects with `WidgetStopped` once stopped, or with what made the work fail. */
  readonly done: Promise<D>;
}

/** Runs `f`; whatever it was doing when the signal aborted, the caller sees one thing: it was stopped. */
async function guarded<T>(signal: AbortSignal, f: () => Promise<T>): Promise<T> {
  if (signal.aborted) throw new WidgetStopped(null);
  try {
    const r = await f();
    if (signal.aborted) throw new WidgetStopped(null);
    return r;
  } catch (e) {
    throw signal.aborted ? new WidgetStopped(null) : e;
  }
}

/**
 * A source's runs and probes bound to one signal: what a widget's work, or anything measuring the way widgets do
 * (the engine benchmark), calls. `onRun` hears each finished run.
 */
export function bindSource(source: TraceSource, signal: AbortSignal = new AbortController().signal, onRun?: (run: RunRecord, spec: RunSpec) => void): BoundSource {
  const guard = <T>(f: () => Promise<T>) => guarded(signal, f);
  const quiet = <T>(timed: () => Promise<T>) => pageFrames.quiet(timed);
  return {
    host: source.host,
    trace: (spec, onEvents) =>
      guard(async () => {
        const run = await source.play(spec, signal, onEvents ?? (() => undefined));
        onRun?.(run, spec);
        return run;
      }),
    // Every probe is a timing: each runs with the page holding still.
    probes: bindProbes(source.probes, signal, (f) => guard(() => quiet(f))),
    quiet,
  };
}

function bindProbes(probes: Probes | null, signal: AbortSignal, guard: <T>(f: () => Promise<T>) => Promise<T>): BoundProbes {
  const need = (): Probes => {
    if (!probes) throw new Error('this widget measures the device: it needs a live engine, not a recorded trace');
    return probes;
  };
  return {
    live: probes !== null,
    calibrate: (kernel) => guard(() => need().calibrate(kernel, signal)),
    warmUp: (kernel, workers) => guard(() => need().warmUp(kernel, workers, signal)),
    checkRate: (kernel) => guard(() => need().checkRate(kernel, signal)),
    recalibrate: (kernel) => guard(() => need().recalibrate(kernel, signal)),
    probeParallelism: (kernel) => guard(() => need().probeParallelism(kernel, signal)),
    measureStart: () => guard(() => need().measureStart(signal)),
    measureSharing: (bytes, method) => guard(() => need().measureSharing(bytes, method, signal)),
  };
}

/** Starts a widget's work; `onChange` hears (synchronously) that new data is waiting to be taken. */
export function startWork<S extends AttributeSpecs, D extends WidgetData>(
  def: WidgetDefinition<S, D>,
  values: AttributeValues<S>,
  source: TraceSource,
  signal: AbortSignal,
  onChange?: () => void,
  onRun?: (played: PlayedRun) => void,
): Work<D> {
  let mode = source.mode;
  let pending: (() => D) | null = null;
  let latest: D | null = null;
  const stamp = (d: D): D => ({ ...d, mode });
  const offer = (next: () => D) => {
    if (signal.aborted) return;
    pending = next;
    onChange?.();
  };
  const take = (): D | null => {
    if (!pending) return null;
    const next = pending;
    pending = null;
    return (latest = stamp(next()));
  };
  const bound = bindSource(source, signal, (run, spec) => {
    mode = run.mode;
    onRun?.({ spec, run });
  });
  const ctx: WorkContext<AttributeValues<S>, D> = {
    ...bound,
    values,
    trace: (spec, live) => bound.trace(spec, live && ((events) => offer(() => live(events)))),
    show: (data) => offer(() => data),
  };
  // What it had when it was stopped: modelled now, before anything arriving later can change it.
  let stoppedWith: D | null = null;
  signal.addEventListener('abort', () => (stoppedWith = take() ?? latest), { once: true });
  const done = guarded(signal, () => def.work(ctx)).then(
    (data) => {
      pending = null;
      return (latest = stamp(data));
    },
    (e: unknown) => {
      if (!(e instanceof WidgetStopped) && !signal.aborted) throw e;
      throw new WidgetStopped(stoppedWith ?? latest);
    },
  );
  return { take, done };
}

/**
 * Runs a widget to the end without a page: `onData` gets each new datum once the work yields (a microtask later,
 * so data shown in a burst arrives once). For recording reference runs and for tests.
 */
export function driveWidget<S extends AttributeSpecs, D extends WidgetData>(
  def: WidgetDefinition<S, D>,
  values: AttributeValues<S>,
  source: TraceSource,
  opts: { signal?: AbortSignal; onData?: (data: D) => void } = {},
): Promise<D> {
  let queued = false;
  const work = startWork(def, values, source, opts.signal ?? new AbortController().signal, () => {
    if (!opts.onData || queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      const d = work.take();
      if (d) opts.onData!(d);
    });
  });
  return work.done;
}
