import type { Engine } from '../../src/engine/index.js';
import type { AttributeSpecs, AttributeValues } from '../../src/widgets/attributes.js';
import type { WidgetData, WidgetDefinition } from '../../src/widgets/definition.js';
import { engineSource, type Probes, type TraceSource } from '../../src/widgets/source.js';
import { driveWidget, WidgetStopped } from '../../src/widgets/work.js';

/** Runs a widget's work on a real engine as the page does (without the page): each datum it shows goes to `onData`. */
export function drive<S extends AttributeSpecs, D extends WidgetData>(def: WidgetDefinition<S, D>, values: AttributeValues<S>, engine: Engine, onData?: (data: D) => unknown, signal?: AbortSignal): Promise<D> {
  return driveWidget(def, values, engineSource(engine), { ...(onData ? { onData: (d: D) => void onData(d) } : {}), ...(signal ? { signal } : {}) });
}

/** The engine as a source that counts what a widget asks of it: runs started and probe calls, in order. */
export function countingSource(engine: Engine): { source: TraceSource; asked: string[] } {
  const inner = engineSource(engine);
  const asked: string[] = [];
  const names = ['calibrate', 'warmUp', 'checkRate', 'recalibrate', 'probeParallelism', 'measureStart', 'measureSharing'] as const satisfies ReadonlyArray<keyof Probes>;
  const call = inner.probes as unknown as Record<string, (...a: unknown[]) => unknown>;
  const probes = Object.fromEntries(names.map((name) => [name, (...args: unknown[]) => (asked.push(name), call[name]!.apply(inner.probes, args))])) as unknown as Probes;
  return { source: { ...inner, probes, play: (spec, signal, onEvents) => (asked.push('run'), inner.play(spec, signal, onEvents)) }, asked };
}

/** How a stopped work ended: the error (a WidgetStopped, with the newest data it had). */
export const stopped = (p: Promise<unknown>): Promise<WidgetStopped> => p.then(() => Promise.reject(new Error('the work was not stopped')), (e: unknown) => (e instanceof WidgetStopped ? e : Promise.reject(e)));
