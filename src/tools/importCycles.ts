// The import graph of src/ and its cycles. A cycle means two modules cannot be understood (or loaded) apart; the
// layering (engine < widgets < compiler < runtime and CLI) has none, and tests/tools/importCycles.test.ts keeps it so.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';

/**
 * `value`: the module is loaded when the importer runs. `type`: erased before anything runs (`import type`,
 * `export type ... from`, `typeof import(...)`). `import { type A }` is a value import: under verbatimModuleSyntax
 * it is kept as `import {} from`, so the module still loads.
 */
export type ImportKind = 'value' | 'type';

export interface Import {
  specifier: string;
  kind: ImportKind;
}

const STATIC = /(?:^|;)[ \t]*(import|export)\s+(type\s+)?([^'";()=]*?)\s*from\s*['"]([^'"]+)['"]/gm;
const BARE = /(?:^|;)[ \t]*import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /(typeof\s+)?\bimport\(\s*['"]([^'"]+)['"]\s*\)(\s*\.\s*[A-Za-z_$])?/g;

/** The modules a TypeScript source imports or re-exports, each with whether it survives compilation. */
export function importsOf(source: string): Import[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const out: Import[] = [];
  for (const m of code.matchAll(STATIC)) out.push({ specifier: m[4]!, kind: m[2] ? 'type' : 'value' });
  for (const m of code.matchAll(BARE)) out.push({ specifier: m[1]!, kind: 'value' });
  // `typeof import('./x.js')` and `import('./x.js').Name` are types; `await import('./x.js')` loads the module.
  for (const m of code.matchAll(DYNAMIC)) out.push({ specifier: m[2]!, kind: m[1] || m[3] ? 'type' : 'value' });
  return out;
}

/** Module -> the modules it imports (both relative to the same root, '/'-separated, ending in .ts). */
export type ImportGraph = Map<string, Array<{ to: string; kind: ImportKind }>>;

/** Resolves `./x.js` (how ESM TypeScript names `./x.ts`) against the importer; packages are not part of the graph. */
export function resolveSpecifier(from: string, specifier: string, files: ReadonlySet<string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const candidates = [base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), base, `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => files.has(c)) ?? null;
}

export function importGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const files = new Set(sources.keys());
  const graph: ImportGraph = new Map();
  for (const [file, source] of sources) {
    const edges = importsOf(source)
      .map((i) => ({ to: resolveSpecifier(file, i.specifier, files), kind: i.kind }))
      .filter((e): e is { to: string; kind: ImportKind } => e.to !== null);
    graph.set(file, edges);
  }
  return graph;
}

/** Every .ts file under `dir`, keyed by its path relative to `dir`. */
export function readSources(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.m?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.set(relative(dir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

/** Modules that import each other in a circle, directly or not (a strongly connected component), and one such circle. */
export interface Tangle {
  modules: string[];
  /** The shortest closed path from the tangle's first module back to it (`[a, b, a]`). */
  cycle: string[];
}

/**
 * The import cycles: every tangle (Tarjan's strongly connected components), with one cycle through it (listing
 * every elementary cycle can take exponential time; one per tangle names where to cut). With `kinds` ['value'],
 * type-only imports are left out of the graph.
 */
export function importTangles(graph: ImportGraph, kinds: readonly ImportKind[] = ['value', 'type']): Tangle[] {
  const next = (v: string) => [...new Set((graph.get(v) ?? []).filter((e) => kinds.includes(e.kind)).map((e) => e.to))].sort();
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const connect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || next(v).includes(v)) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);
  return components.map((c) => ({ modules: [...c].sort(), cycle: cycleThrough(c, next) })).sort((a, b) => a.modules[0]!.localeCompare(b.modules[0]!));
}

/** One cycle per tangle, as `importTangles` finds them. */
export const importCycles = (graph: ImportGraph, kinds?: readonly ImportKind[]): string[][] => importTangles(graph, kinds).map((t) => t.cycle);

/** The shortest closed path from the component's first module (alphabetically) back to itself. */
function cycleThrough(component: string[], next: (v: string) => string[]): string[] {
  const members = new Set(component);
  const start = [...component].sort()[0]!;
  const from = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of next(v)) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let u: string | undefined = v; u !== undefined && u !== start; u = from.get(u)) path.splice(1, 0, u);
        return [...path, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/**
 * Every tangle, counting type-only imports (a type that runs back up still ties two layers together), each marked
 * with whether it also exists at run time; "no cycles" when there are none.
 */
export function cycleReport(graph: ImportGraph): { cycles: string[][]; text: string } {
  const tangles = importTangles(graph);
  const atRunTime = new Set(importTangles(graph, ['value']).flatMap((t) => t.modules));
  const lines = tangles.map(({ modules, cycle }) => {
    const kind = modules.some((m) => atRunTime.has(m)) ? 'value imports' : 'type-only imports';
    const more = modules.length > cycle.length - 1 ? ` (one of the cycles among ${modules.join(', ')})` : '';
    return `cycle (${kind}): ${cycle.join(' -> ')}${more}`;
  });
  return { cycles: tangles.map((t) => t.cycle), text: tangles.length ? lines.join('\n') : 'no cycles' };
}
