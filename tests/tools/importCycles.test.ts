import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cycleReport, importCycles, importGraph, importsOf, readSources } from '../../src/tools/importCycles.js';

const graphOf = (files: Record<string, string>) => importGraph(new Map(Object.entries(files)));

describe('importsOf', () => {
  it('tells imports that load a module from ones erased with the types', () => {
    const source = [
      "import { a, type B } from './a.js';",
      "import type { C } from './c.js';",
      "export type { D } from './d.js';",
      "export { e } from './e.js';",
      "import './f.js';",
      'import {\n  g,\n  h,\n} from "./g.js";',
      "type M = typeof import('./m.js');",
      "type N = import('./n.js').N;",
      "const o = await import('./o.js');",
      "// import { p } from './p.js';",
      "import { q } from 'node:fs';",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      { specifier: './a.js', kind: 'value' },
      { specifier: './c.js', kind: 'type' },
      { specifier: './d.js', kind: 'type' },
      { specifier: './e.js', kind: 'value' },
      { specifier: './g.js', kind: 'value' },
      { specifier: 'node:fs', kind: 'value' },
      { specifier: './f.js', kind: 'value' },
      { specifier: './m.js', kind: 'type' },
      { specifier: './n.js', kind: 'type' },
      { specifier: './o.js', kind: 'value' },
    ]);
  });
});

describe('importCycles', () => {
  it('finds a cycle through .js specifiers of .ts files, across folders', () => {
    const graph = graphOf({
      'cli/main.ts': "import { serve } from './serve.js';",
      'cli/serve.ts': "import { x } from '../shared/x.js';",
      'shared/x.ts': "import { main } from '../cli/main.js';",
      'leaf.ts': "import { x } from './shared/x.js';",
    });
    expect(importCycles(graph)).toEqual([['cli/main.ts', 'cli/serve.ts', 'shared/x.ts', 'cli/main.ts']]);
  });

  it('counts a type-only cycle, and says it does not exist at run time', () => {
    const graph = graphOf({ 'a.ts': "import { b } from './b.js';", 'b.ts': "export type A = typeof import('./a.js');" });
    expect(importCycles(graph, ['value'])).toEqual([]);
    expect(cycleReport(graph).text).toBe('cycle (type-only imports): a.ts -> b.ts -> a.ts');
  });

  it('reports one cycle per tangle and "no cycles" for a layered graph', () => {
    const tangled = graphOf({ 'a.ts': "import './b.js';", 'b.ts': "import './a.js'; import './c.js';", 'c.ts': "import './a.js';", 'd.ts': "import './d.js';" });
    expect(importCycles(tangled)).toEqual([['a.ts', 'b.ts', 'a.ts'], ['d.ts', 'd.ts']]);
    expect(cycleReport(tangled).text).toBe('cycle (value imports): a.ts -> b.ts -> a.ts (one of the cycles among a.ts, b.ts, c.ts)\ncycle (value imports): d.ts -> d.ts');
    expect(cycleReport(graphOf({ 'a.ts': "import './b.js';", 'b.ts': '' })).text).toBe('no cycles');
  });
});

describe('src/', () => {
  it('has no import cycles, counting type-only imports', () => {
    const report = cycleReport(importGraph(readSources(fileURLToPath(new URL('../../src', import.meta.url)))));
    console.log(`import cycles in src/:\n${report.text}`);
    expect(report.text).toBe('no cycles');
  });
});
