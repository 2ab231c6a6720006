import * as z from 'zod/mini';

/** One widget attribute: how to parse it from a string, its default, and how to describe it in errors and docs. */
export interface AttributeSpec<T = unknown> {
  readonly schema: z.ZodMiniType<T, string>;
  readonly default: T;
  /** What may be written, e.g. `an integer from 1 to 16` or `one of threads, free-threading`. */
  readonly allowed: string;
  readonly doc: string;
  /** Candidate values for "did you mean" on enums and lists. */
  readonly choices?: readonly string[];
  /** The value names a recording file of this kind, which the build checks and embeds (see `attr.recording`). */
  readonly recording?: 'run' | 'speedups';
}

export type AttributeValue = string | number | boolean | readonly string[];
export type AttributeSpecs = Record<string, AttributeSpec<AttributeValue>>;
export type AttributeValues<S extends AttributeSpecs> = { [K in keyof S]: S[K]['default'] };

function spec<T>(schema: z.ZodMiniType<T, string>, def: T, allowed: string, doc: string, choices?: readonly string[]) {
  return { schema, default: def, allowed, doc, ...(choices ? { choices } : {}) } as AttributeSpec<T>;
}

const decimal = /^-?(\d+\.?\d*|\.\d+)$/;
const numeric = z.pipe(
  z.string().check(z.regex(decimal)),
  z.transform((s: string) => Number(s)),
);

/** Attribute kinds; each parses the string an author writes in a directive or an HTML attribute. */
export const attr = {
  choice<const V extends string>(values: readonly V[], def: V, doc: string): AttributeSpec<V> {
    return spec(z.enum(values as [V, ...V[]]) as unknown as z.ZodMiniType<V, string>, def, `one of ${values.join(', ')}`, doc, values);
  },

  list<const V extends string>(values: readonly V[], def: readonly V[], doc: string): AttributeSpec<readonly V[]> {
    const schema = z.pipe(
      z.string(),
      z.transform((s: string) => s.split(',').map((v) => v.trim()).filter(Boolean)),
    ).check(z.refine((items: string[]) => items.length > 0 && items.every((v) => (values as readonly string[]).includes(v))));
    return spec(schema as unknown as z.ZodMiniType<readonly V[], string>, def, `a comma-separated list of ${values.join(', ')}`, doc, values);
  },

  int(min: number, max: number, def: number, doc: string): AttributeSpec<number> {
    const schema = numeric.check(z.refine((n: number) => Number.isInteger(n) && n >= min && n <= max));
    return spec(schema as unknown as z.ZodMiniType<number, string>, def, `a whole number from ${min} to ${max}`, doc);
  },

  number(min: number, max: number, def: number, doc: string): AttributeSpec<number> {
    const schema = numeric.check(z.refine((n: number) => n >= min && n <= max));
    return spec(schema as unknown as z.ZodMiniType<number, string>, def, `a number from ${min} to ${max}`, doc);
  },

  bool(def: boolean, doc: string): AttributeSpec<boolean> {
    const schema = z.pipe(z.enum(['true', 'false']), z.transform((s: 'true' | 'false') => s === 'true'));
    return spec(schema as unknown as z.ZodMiniType<boolean, string>, def, 'true or false', doc, ['true', 'false']);
  },

  text(def: string, doc: string): AttributeSpec<string> {
    return spec(z.string(), def, 'any text', doc);
  },

  /** A recording file of the deck of this kind (checked and embedded by the build, like `trace=`); empty for none. */
  recording(kind: 'run' | 'speedups', doc: string): AttributeSpec<string> {
    const schema = z.string().check(z.refine((s: string) => s === '' || SOURCE_ATTRIBUTES.trace.problem(s) === null));
    return { ...spec(schema as unknown as z.ZodMiniType<string, string>, '', 'a path to a .jsonl recording, relative to the deck (e.g. assets/traces/speedups.jsonl)', doc), recording: kind };
  },
};

/** The declaration of one widget: its directive name, what it shows, and its attributes. */
export interface WidgetSpec<S extends AttributeSpecs = AttributeSpecs> {
  readonly name: string;
  readonly summary: string;
  readonly attributes: S;
  /**
   * The widget can draw real Python instead of the emulation: it takes the SOURCE_ATTRIBUTES (`trace=`, `engine=`).
   */
  readonly recordable?: boolean;
}

/**
 * Where a recordable widget's runs come from, written like attributes but not attributes of the run: they do not
 * change its reference key (the same run, recorded or emulated, is the same configuration).
 */
export interface SourceAttributes {
  /** A recording of real Python to draw (checked and embedded by the build). */
  trace?: string;
  /** `cpython`: run real Python through the dev server (`serve --python`), falling back to `trace`, then the emulation. */
  engine?: 'emulation' | 'cpython';
}

export const SOURCE_ATTRIBUTES: Record<keyof SourceAttributes, { allowed: string; default: string; doc: string; problem(value: string): string | null }> = {
  trace: {
    allowed: 'a path to a .jsonl recording',
    default: '(none)',
    doc: 'Draw this recording of real Python (made by `node build.mjs record`, e.g. `assets/traces/threads-2.jsonl`, found in the deck\'s or the project\'s folder) instead of running the emulation, labelled "recorded: CPython ...". Its strategy, workers and workload must be the widget\'s; checked at build time.',
    problem(value) {
      if (!/\.jsonl?$/.test(value)) return 'a recording is a .jsonl file made by `node build.mjs record`';
      if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('/') || value.startsWith('\\')) return 'write a path relative to the deck, e.g. assets/traces/threads-2.jsonl (no URL, no absolute path)';
      if (value.split(/[\\/]/).includes('..')) return 'the recording must be inside the project: no ".." in its path';
      return null;
    },
  },
  engine: {
    allowed: 'emulation or cpython',
    default: 'emulation',
    doc: '`cpython` runs the workload in real Python now, through `node build.mjs serve --python python3`, and streams it into this widget, labelled "real CPython"; where no such server is (a static host, file://, the kiosk) the widget draws its `trace` recording, else the emulation, and says which.',
    problem: (value) => (value === 'emulation' || value === 'cpython' ? null : 'write engine=cpython (real Python through serve --python) or engine=emulation (the default)'),
  },
};


export function defineWidget<const S extends AttributeSpecs>(w: WidgetSpec<S>): WidgetSpec<S> {
  return w;
}

export function formatValue(v: AttributeValue): string {
  return Array.isArray(v) ? v.join(',') : String(v);
}

export interface AttributeProblem {
  attribute: string;
  message: string;
  hint: string;
}

/**
 * Parses raw string attributes against a widget's schema. Pure: the compiler turns problems into positioned
 * errors; a custom element used outside a deck shows them in place.
 */
export function parseAttributes<S extends AttributeSpecs>(
  widget: WidgetSpec<S>,
  raw: Readonly<Record<string, string>>,
  closest: (name: string, candidates: readonly string[]) => string | undefined,
): { values: AttributeValues<S>; problems: AttributeProblem[] } {
  const values: Record<string, AttributeValue> = {};
  const problems: AttributeProblem[] = [];
  const names = [...Object.keys(widget.attributes), ...(widget.recordable ? Object.keys(SOURCE_ATTRIBUTES) : [])];
  for (const [name, s] of Object.entries(widget.attributes)) values[name] = s.default;
  for (const [name, text] of Object.entries(raw)) {
    const s = Object.hasOwn(widget.attributes, name) ? widget.attributes[name] : undefined;
    if (!s) {
      const near = closest(name, names);
      problems.push({
        attribute: name,
        message: `unknown attribute "${name}" for widget "${widget.name}"`,
        hint: `${near ? `did you mean "${near}"? ` : ''}${widget.name} takes: ${names.join(', ')}`,
      });
      continue;
    }
    const result = s.schema.safeParse(text);
    if (result.success) {
      values[name] = result.data;
      continue;
    }
    const wrong = s.choices ? text.split(',').map((v) => v.trim()).find((v) => !s.choices!.includes(v)) : undefined;
    const near = wrong !== undefined ? closest(wrong, s.choices!) : undefined;
    problems.push({
      attribute: name,
      message: `"${name}" of widget "${widget.name}" must be ${s.allowed}, not "${text}"`,
      hint: near
        ? `did you mean "${near}"? write ${name}=${text.replace(wrong!, near)}`
        : `write ${name}=${formatValue(s.default)} (the default), or leave it out`,
    });
  }
  return { values: values as AttributeValues<S>, problems };
}
