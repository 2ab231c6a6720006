import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { diskSlideCache } from '../../src/cli/slideCache.js';
import { compileDeck } from '../../src/compiler/index.js';

const dir = mkdtempSync(join(tmpdir(), 'gildeck-slides-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a fresh process reuses slides parsed by an earlier one, and gets the same deck', () => {
  const files = [{ path: 'a.md', text: '# A\n\n::timelin\n\n---\n\n# B\n' }];
  const first = compileDeck(files, { cache: diskSlideCache(dir) });
  expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  // A new cache over the same folder stands for the next `build` process.
  const again = compileDeck(files, { cache: diskSlideCache(dir) });
  expect(JSON.stringify(again)).toBe(JSON.stringify(first));
  expect(again.diagnostics[0]!.message).toBe('unknown directive "::timelin"');
});

test('a damaged cache file is only a miss', () => {
  for (const f of readdirSync(dir)) writeFileSync(join(dir, f), '{not json');
  const r = compileDeck([{ path: 'a.md', text: '# A\n\n::timelin\n\n---\n\n# B\n' }], { cache: diskSlideCache(dir) });
  expect(r.deck.columns).toHaveLength(2);
  expect(r.diagnostics).toHaveLength(1);
});
