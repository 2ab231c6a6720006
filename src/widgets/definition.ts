import type { EngineMode, RunSpec, Strategy, TraceEvent } from '../engine/index.js';
import type { AttributeSpecs, AttributeValues, WidgetSpec } from './attributes.js';
import type { Probes, RunRecord, SourceHost } from './source.js';

/** A probe bound to the widget's signal: the same call without the signal argument. */
type Bound<F> = F extends (...args: [...infer A, AbortSignal]) => infer R ? (...args: A) => R : never;
export type BoundProbes = { [K in keyof Probes]: Bound<Probes[K]> } & {
  /** False when the runs are not made here (a recording, a stream): every probe then throws. */
  readonly live: boolean;
};

/** A source's runs and probes, bound to one AbortSignal (see `bindSource`): what measuring needs. */
export interface BoundSource {
  readonly host: SourceHost;
  trace(spec: RunSpec, onEvents?: (events: readonly TraceEvent[]) => void): Promise<RunRecord>;
  readonly probes: BoundProbes;
  /** Runs timed work with the page holding still (Frames.quiet): the probes do, and so does every timed run. */
  quiet<T>(timed: () => Promise<T>): Promise<T>;
}

/**
 * What a widget's work gets. Every call is bound to the widget's one AbortSignal: once the widget is stopped
 * (slide left, Stop, run again) the pending call rejects and the work simply ends; a widget never checks for it.
 */
export interface WorkContext<V, D> {
  readonly values: V;
  readonly host: SourceHost;
  /**
   * Plays one run from the source (a live engine run, a recording, a stream) and resolves with it. `live` turns
   * the events so far into data; the framework calls it at most once per frame while the run goes on.
   */
  trace(spec: RunSpec, live?: (events: readonly TraceEvent[]) => D): Promise<RunRecord>;
  /** Data to draw next (the newest wins, drawn at most once per frame). */
  show(data: D): void;
  /** Measurements only a live engine can make: calibration, warm-up, probes. */
  readonly probes: BoundProbes;
}

/**
 * What every widget's data carries: the engine mode it was measured in. The framework writes it (from the runs
 * that made the data); it is kept with stored runs so the badge can say how a run shown later was measured.
 */
export interface WidgetData {
  mode: EngineMode | null;
}

/** A drawing surface for one widget's data; views only draw, models compute. */
export interface View<D> {
  draw(data: D): void;
  destroy(): void;
}

/**
 * What a metric measured, and under which strategy: `speedup:free-threading` (value: speedup, with `workers`),
 * `startup:multiprocessing` (ms), `sharing:copy` (ms per `bytes`), `convoy:threads` (I/O latency in us, with
 * `competitors`), `race:free-threading` or `race:free-threading-lock` (lost updates, %). Typed from the strategy
 * table, so a key cannot name a strategy that is not one.
 */
export type MetricKey =
  | `${'speedup' | 'startup' | 'wall' | 'convoy' | 'server-rps' | 'server-p99' | 'race'}:${Strategy}`
  | `race:${Strategy}-lock`
  | `sharing:${'copy' | 'transfer' | 'shared'}`
  | `asyncio:${'' | `${Strategy}-`}${'wall' | 'heartbeat-late'}`;

/** A number a widget measured, published for the session so `compare` can fill its table. */
export interface Metric {
  key: MetricKey;
  label: string;
  value: number;
  unit: string;
  workers?: number;
  bytes?: number;
  competitors?: number;
  /** A median of a few samples (start-up, sharing): the range they spanned, and how many there were. */
  low?: number;
  high?: number;
  samples?: number;
  /** Half the 95% interval, in the value's unit (null: too few samples to say); and how many pairs it rests on. */
  spread?: number | null;
  pairs?: number;
  /** What became of the measurement: within ±5%, wider, too wide to trust, or faster than the device can go. */
  verdict?: 'steady' | 'wide' | 'noisy' | 'implausible';
  /** Cores' worth free when it was measured, of `cores`. */
  available?: number;
  cores?: number;
}

/** Where a number came from: measured by this deck, or a model / published reference (labelled on screen). */
export type Provenance = 'measured' | 'modelled' | 'reference';

/**
 * One live widget, declared: its schema, its work (which runs and measurements, and what data each gives), how
 * its data is drawn, and the one-line summary screen readers hear. The live element drives it (cadence,
 * cancellation, engine mode). Data must be plain JSON: it is stored for the session, sent to the speaker view,
 * and bundled as a reference run for print.
 */
export interface WidgetDefinition<S extends AttributeSpecs, D extends WidgetData> {
  spec: WidgetSpec<S>;
  /** Resolves with the final data; what it shows on the way is drawn live. */
  work(ctx: WorkContext<AttributeValues<S>, D>): Promise<D>;
  view(root: HTMLElement, values: AttributeValues<S>): View<D>;
  summary(data: D): string;
  /** Data to draw before the first run: the empty lanes, axes, the table to fill. */
  initial(values: AttributeValues<S>, cores: number): D;
  /** Text under the widget naming what is modelled rather than measured, if anything. */
  modelled?: string;
  /** Numbers from a finished run worth keeping for the final comparison. */
  metrics?(data: D): Metric[];
  /**
   * The widget judges its runs itself (a speedup redoes a pair with a run faster than possible, and marks the
   * figure if that happens again); otherwise the framework marks a finished run that was faster than possible.
   */
  judgesRuns?: boolean;
  /** The data of a reference run as print view shows it, for views that would otherwise call its numbers "measured here". */
  asReference?(data: D, label: string, values: AttributeValues<S>): D;
}

/** Any widget's definition, as the registry and the live element hold it. */
export type AnyWidgetDefinition = WidgetDefinition<any, any>;
