import type { Engine, EngineMode } from '../engine/index.js';
import type { AttributeSpecs, AttributeValues, WidgetSpec } from './attributes.js';

/** What a widget's run gets: its attributes, the page's engine, and a signal that fires when it must stop. */
export interface RunContext<V> {
  values: V;
  engine: Engine;
  signal: AbortSignal;
  /** Starts an engine run that is cancelled with the widget (leaving the slide, re-running). */
  track<T extends { cancel(): Promise<void> }>(handle: T): T;
}

/** A drawing surface for one widget's data; views only draw, models compute. */
export interface View<D> {
  draw(data: D): void;
  destroy(): void;
}

/**
 * A number a widget measured, published for the session so `compare` can fill its table. Keys name what was
 * measured, e.g. `speedup:free-threading` (value: speedup, with `workers`), `startup:multiprocessing` (ms),
 * `sharing:copy` (ms per `bytes`), `convoy:threads` (I/O latency in us, with `competitors`), `race:free-threading`
 * (lost updates, %).
 */
export interface Metric {
  key: string;
  label: string;
  value: number;
  unit: string;
  workers?: number;
  bytes?: number;
  competitors?: number;
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
 * One live widget: its schema, how it runs (calling `update` as data arrives, resolving with the final data),
 * how its data is drawn, and the one-line summary screen readers hear. Data must be plain JSON: it is stored for
 * the session, sent to the speaker view, and bundled as a reference run for print.
 */
export interface WidgetDefinition<S extends AttributeSpecs, D> {
  spec: WidgetSpec<S>;
  run(ctx: RunContext<AttributeValues<S>>, update: (data: D) => void): Promise<D>;
  view(root: HTMLElement, values: AttributeValues<S>): View<D>;
  summary(data: D): string;
  /** Data to draw before the first run: the empty lanes, axes, the table to fill. */
  initial(values: AttributeValues<S>, cores: number): D;
  /** Text under the widget naming what is modelled rather than measured, if anything. */
  modelled?: string;
  /** The engine mode the data was measured in, if it records one. */
  modeOf?(data: D): EngineMode | null;
  /** Numbers from a finished run worth keeping for the final comparison. */
  metrics?(data: D): Metric[];
  /** The data of a reference run as print view shows it, for views that would otherwise call its numbers "measured here". */
  asReference?(data: D, label: string): D;
}
