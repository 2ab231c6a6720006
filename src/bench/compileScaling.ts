import { compileDeck, memorySlideCache } from '../compiler/index.js';
import { printTable, writeJson } from './report.js';

/** An input family: a deck of about `bytes` bytes built by repeating one shape, ordinary or hostile. */
export interface Family {
  name: string;
  deck: (bytes: number) => string;
}

/** `unit` repeated to `bytes`, between `head` and `tail`. */
const repeat = (unit: string, head = '', tail = '') => (bytes: number) => head + unit.repeat(Math.max(1, Math.round(bytes / unit.length))) + tail;
const nested = (depth: number, open: string, close: string, inner = 'a') => open.repeat(depth) + inner + close.repeat(depth);
const digits = (n: number) => Array.from({ length: n }, (_, i) => String((i * 7919) % 100000)).join(' ');

/** Ordinary decks, and the shapes issue 8 found slow or crashing, each grown by repetition. */
export const FAMILIES: Family[] = [
  { name: 'prose', deck: repeat('Threads share memory, processes do not; the GIL sits between them.\n\n') },
  { name: 'headings', deck: repeat('## A heading\n\n') },
  { name: 'many slides', deck: repeat('# A slide\n\nSome text.\n\n---\n\n') },
  { name: 'vertical slides', deck: repeat('A slide\n\n--\n\n') },
  { name: 'one line of *a', deck: repeat('*a') },
  { name: 'one line of _a', deck: repeat('_a') },
  { name: 'one line of **a', deck: repeat('**a') },
  { name: '[a]( repeated', deck: repeat('[a](') },
  { name: '[ repeated', deck: repeat('[') },
  { name: '![a]( repeated', deck: repeat('![a](') },
  { name: 'nested brackets', deck: repeat(`${nested(40, '[', ']')}\n\n`) },
  { name: 'nested emphasis', deck: repeat(`${nested(40, '*', '*')}\n\n`) },
  { name: 'nested lists', deck: repeat(`${Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}- item`).join('\n')}\n\n`) },
  { name: 'block quotes', deck: repeat('> quote\n\n') },
  { name: 'nested quotes', deck: repeat(`${'> '.repeat(40)}quote\n\n`) },
  { name: 'digits in a bash block', deck: (b) => `\`\`\`bash\n${digits(Math.round(b / 6))}\n\`\`\`\n` },
  { name: 'one line of digits in bash', deck: repeat('1234567890', '```bash\n', '\n```\n') },
  { name: 'python code block', deck: repeat('for i in range(10):\n    total += i * i  # squares\n', '```python\n', '```\n') },
  { name: 'code-step groups', deck: repeat('```python [1|2|1-2]\nx = 1\ny = 2\n```\n\n') },
  { name: 'long code-step list', deck: (b) => `\`\`\`python [${Array.from({ length: Math.round(b / 40) }, (_, i) => i + 1).join('|')}]\n${'x = 1\n'.repeat(Math.round(b / 40))}\`\`\`\n` },
  { name: 'HTML comments in one slide', deck: repeat('<!-- a comment -->\n') },
  { name: 'attribute comments', deck: repeat('Text <!-- .element: class="fragment" -->\n\n') },
  { name: 'unknown directives', deck: repeat('::nosuchwidget\n\n') },
  { name: 'text directives', deck: repeat('a:b c:d ') },
  { name: 'raw HTML blocks', deck: repeat('<div class="x">text</div>\n\n') },
  { name: 'table rows', deck: repeat('| a | b |\n', '| A | B |\n|---|---|\n') },
  { name: 'autolink literals', deck: repeat('www.example.com ') },
  { name: 'strikethrough openers', deck: repeat('~~a ') },
  { name: 'backtick openers', deck: repeat('`a ') },
  { name: 'entities', deck: repeat('&amp; &#169; ') },
  { name: 'one long word', deck: repeat('a') },
  { name: 'speaker notes', deck: repeat('# S\n\nNote: say this\n\n---\n\n') },
  { name: 'links', deck: repeat('A [link](b.html) and ![a picture](p.png).\n\n') },
];

export interface ScalingPoint {
  bytes: number;
  ms: number;
}

export interface FamilyScaling {
  name: string;
  points: ScalingPoint[];
  /** The slope of log(time) over log(bytes): 1 is linear, 2 quadratic. */
  exponent: number;
}

/** Least-squares slope of log(ms) against log(bytes). */
export function fitExponent(points: ScalingPoint[]): number {
  const xs = points.map((p) => Math.log(p.bytes));
  const ys = points.map((p) => Math.log(Math.max(p.ms, 0.01)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return den ? num / den : NaN;
}

/** The fastest of `runs` compiles, each with a fresh cache so nothing is reused. */
function timeCompile(text: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    compileDeck([{ path: 'deck.md', text }], { cache: memorySlideCache() });
    best = Math.min(best, performance.now() - t0);
  }
  return best;
}

export interface CompileScalingOptions {
  sizes?: number[];
  /** Stop growing a family once one compile takes longer than this. */
  budgetMs?: number;
  only?: string;
  json?: string;
}

/**
 * Compile time against input size per family: fits the exponent of time over bytes, so a parser that turns
 * quadratic on some shape shows up as an exponent near 2 rather than as a slow build nobody can explain.
 */
export async function benchCompile(opts: CompileScalingOptions = {}): Promise<FamilyScaling[]> {
  const sizes = opts.sizes ?? [10_000, 20_000, 40_000, 80_000];
  const budget = opts.budgetMs ?? 5000;
  const results: FamilyScaling[] = [];
  timeCompile(FAMILIES[0]!.deck(sizes[0]!), 3); // warm up the parsers
  for (const family of FAMILIES.filter((f) => !opts.only || f.name.includes(opts.only))) {
    const points: ScalingPoint[] = [];
    for (const bytes of sizes) {
      const text = family.deck(bytes);
      const ms = timeCompile(text, 3);
      points.push({ bytes: text.length, ms });
      if (ms > budget) break;
    }
    results.push({ name: family.name, points, exponent: points.length > 1 ? fitExponent(points) : NaN });
  }
  if (!results.length) {
    console.log(`no input family matches "${opts.only}"; families: ${FAMILIES.map((f) => f.name).join(', ')}`);
    return results;
  }
  const worst = results.reduce((a, b) => (b.exponent > a.exponent ? b : a));
  printTable(
    `Compile time against deck size (${sizes.map((s) => `${s / 1000} KB`).join(', ')}; best of 3)`,
    results.map((r) => ({
      metric: r.name,
      value: `${r.points.map((p) => p.ms.toFixed(p.ms < 10 ? 1 : 0)).join(' / ')} ms  n^${r.exponent.toFixed(2)}`,
      target: 'n^1.2',
      ok: r.exponent <= 1.2,
    })),
  );
  console.log(`\nworst exponent: ${worst.exponent.toFixed(2)} (${worst.name})`);
  await writeJson(opts.json, { sizes, families: results, worst: { name: worst.name, exponent: worst.exponent } });
  return results;
}
