import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { compileDeck, type DeckFile, memorySlideCache, renderSlides } from '../../src/compiler/index.js';
import { seeded as prng } from '../../src/stats.js';

/**
 * Mutated fixture decks, hostile and random: whatever the input, the compiler returns (never throws), every
 * diagnostic says where, and no deck takes long. Seeded, so a failure names a deck that fails again.
 */
const SEED = 8;
const DECKS = 300;
/** Generous: on an idle machine every deck here compiles in well under 200 ms. */
const BUDGET_MS = 2000;


const fixtures = join(import.meta.dirname, '..', 'fixtures');
const read = (dir: string, name: string): DeckFile => ({ path: `${dir}/${name}`, text: readFileSync(join(fixtures, dir, name), 'utf8') });
const BASES: DeckFile[][] = [
  ['e2e-deck', 'reveal-decks', 'widgets-deck'].flatMap((dir) =>
    readdirSync(join(fixtures, dir)).filter((f) => f.endsWith('.md')).map((f) => [read(dir, f)]),
  ),
  [readdirSync(join(fixtures, 'e2e-deck')).sort().map((f) => read('e2e-deck', f))],
].flat();

type Random = () => number;
const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T,>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const PROTO_KEYS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];
const HOSTILE_CHARS = ['*', '_', '[', ']', '(', ')', ':', '<', '>', '-', '`', '~', '!', '\\', '&', '|', '#', '\n', '\r\n', '\t', ' ', '---', '\n---\n', '\n--\n', 'Note:', '\uFEFF', '\u0000', '😀'];

function insertAt(text: string, r: Random, piece: string): string {
  const at = int(r, 0, text.length);
  return `${text.slice(0, at)}${piece}${text.slice(at)}`;
}

/** A line to drop into a deck on its own paragraph. */
const block = (text: string, r: Random, piece: string) => insertAt(text, r, `\n\n${piece}\n\n`);

function withFrontMatter(text: string, yaml: string): string {
  const body = text.replace(/^---\r?\n[\s\S]*?\r?\n(---|\.\.\.)[ \t]*\r?\n/, '');
  return `---\n${yaml}\n---\n${body}`;
}

/** Mutations, each named for the failure message; the first ones are the hostile families of issue 8. */
const MUTATIONS: Array<[string, (text: string, r: Random) => string]> = [
  ['deep quotes', (t, r) => block(t, r, `${'>'.repeat(int(r, 50, 3000))} x`)],
  ['deep divs', (t, r) => block(t, r, '<div>'.repeat(int(r, 50, 3000)))],
  ['deep list markers', (t, r) => block(t, r, `${pick(r, ['- ', '* ', '1. '])}`.repeat(int(r, 50, 2000)) + 'x')],
  ['deep indented list', (t, r) => block(t, r, Array.from({ length: int(r, 50, 400) }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'))],
  ['deep directives', (t, r) => block(t, r, ':::note\n'.repeat(int(r, 50, 400)))],
  ['deep emphasis', (t, r) => { const n = int(r, 50, 3000); return block(t, r, `${'*'.repeat(n)}a${'*'.repeat(n)}`); }],
  ['deep brackets', (t, r) => { const n = int(r, 50, 5000); return block(t, r, `${'['.repeat(n)}a${']'.repeat(n)}`); }],
  ['prototype key in .element', (t, r) => insertAt(t, r, ` <!-- .element: ${pick(r, PROTO_KEYS)}="y" -->`)],
  ['prototype key in .slide', (t, r) => insertAt(t, r, ` <!-- .slide: ${pick(r, PROTO_KEYS)}="y" data-x -->`)],
  ['prototype key in a widget', (t, r) => block(t, r, `::${pick(r, ['timeline', 'speedup', 'gil'])}{${pick(r, PROTO_KEYS)}=1}`)],
  ['prototype key as a code language', (t, r) => block(t, r, `\`\`\`${pick(r, PROTO_KEYS)}\nx\n\`\`\``)],
  ['alias bomb', (t) => withFrontMatter(t, ['a: &a [x, x, x, x, x, x, x, x, x]', ...['b', 'c', 'd', 'e'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcd'[i]}`).join(', ')}]`)].join('\n'))],
  ['hostile separator', (t, r) => withFrontMatter(t, `${pick(r, ['separator', 'verticalSeparator'])}: "${pick(r, ['(a+)+$', '(a|a)*b', '(x*)*y', '(.)\\\\1', '([', '^(\\\\s*)*$'])}"`)],
  ['huge line', (t, r) => block(t, r, pick(r, ['*a', '**a', '[a](', ']', 'a:b ', '_a_ ', 'a', 'x ']).repeat(int(r, 1000, 20000)))],
  ['many block quotes', (t, r) => block(t, r, '> quote\n\n'.repeat(int(r, 100, 3000)))],
  ['many HTML comments', (t, r) => block(t, r, '<!-- c -->'.repeat(int(r, 100, 5000)))],
  ['digits in bash', (t, r) => block(t, r, `\`\`\`bash\n${'1234567890'.repeat(int(r, 100, 4000))}\n\`\`\``)],
  ['huge code steps', (t, r) => block(t, r, `\`\`\`python [${pick(r, [`1-${int(r, 1e5, 2e7)}`, Array.from({ length: int(r, 50, 2000) }, (_, i) => i + 1).join('|')])}]\nx = 1\n\`\`\``)],
  ['random splices', (t, r) => { let s = t; for (let i = int(r, 1, 40); i > 0; i--) s = insertAt(s, r, pick(r, HOSTILE_CHARS)); return s; }],
  ['duplicated slice', (t, r) => { const a = int(r, 0, t.length); const b = Math.min(t.length, a + int(r, 1, 200)); return t.slice(0, b) + t.slice(a, b).repeat(int(r, 2, 200)) + t.slice(b); }],
  ['deleted range', (t, r) => { const a = int(r, 0, t.length); return t.slice(0, a) + t.slice(a + int(r, 1, 500)); }],
  ['truncated', (t, r) => t.slice(0, int(r, 0, t.length))],
];

interface FuzzDeck {
  name: string;
  files: DeckFile[];
}

function makeDecks(): FuzzDeck[] {
  const r = prng(SEED);
  return Array.from({ length: DECKS }, (_, i) => {
    const base = BASES[i % BASES.length]!;
    // Every mutation leads at least DECKS / MUTATIONS decks; one or two more are random.
    const names = [MUTATIONS[i % MUTATIONS.length]!, ...Array.from({ length: int(r, 0, 2) }, () => pick(r, MUTATIONS))];
    const target = int(r, 0, base.length - 1);
    const files = base.map((f, j) => ({ path: f.path, text: j === target ? names.reduce((text, [, mutate]) => mutate(text, r), f.text) : f.text }));
    return { name: `deck ${i}: ${base.map((f) => f.path).join(' + ')} with ${names.map(([n]) => n).join(', ')}`, files };
  });
}

describe('fuzz: mutated fixture decks', () => {
  test.each(makeDecks().map((d) => [d.name, d] as const))('%s compiles to diagnostics or a deck, in time', (_, deck) => {
    const t0 = performance.now();
    const result = compileDeck(deck.files, { cache: memorySlideCache() });
    renderSlides(result.deck);
    const ms = performance.now() - t0;
    const paths = new Set(deck.files.map((f) => f.path));
    for (const d of result.diagnostics) {
      expect(paths.has(d.location.file), `${d.message}: file ${d.location.file}`).toBe(true);
      expect(Number.isInteger(d.location.line) && d.location.line >= 1, `${d.message}: line ${d.location.line}`).toBe(true);
      expect(Number.isInteger(d.location.column) && d.location.column >= 1, `${d.message}: column ${d.location.column}`).toBe(true);
      expect(d.message).not.toMatch(/internal error/);
    }
    expect(ms, 'compile time (ms)').toBeLessThan(BUDGET_MS);
  });
});
