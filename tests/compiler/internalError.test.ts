import { expect, test, vi } from 'vitest';
import { compile, html, lines, problems } from './support.js';

// A stand-in for a bug in one compile step: highlighting throws on one code block.
vi.mock('../../src/compiler/highlight.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/compiler/highlight.js')>();
  return {
    ...real,
    highlightCode: (code: string, info: Parameters<typeof real.highlightCode>[1]) => {
      if (code.includes('BOOM')) throw new TypeError('boom');
      return real.highlightCode(code, info);
    },
  };
});

test('an unexpected exception in one slide is an error at that slide’s start, and the other slides compile', () => {
  const r = compile(lines('# One', '', '---', '', '## Two', '', '```python', 'BOOM', '```', '', '---', '', '# Three'));
  expect(problems(r)).toEqual(['deck.md:4:1 error: internal error while compiling this slide: boom']);
  expect(r.diagnostics[0]!.hint).toMatch(/bug in gildeck/);
  expect(r.ok).toBe(false);
  expect(html(r)).toContain('<h1>One</h1>');
  expect(html(r)).toContain('<h1>Three</h1>');
});
