import { describe, expect, test } from 'vitest';
import { deepContainerLine, MAX_NESTING } from '../../src/compiler/nesting.js';
import { compile, errors, html, lines, problems } from './support.js';

describe('nesting deeper than the limit', () => {
  test.each([
    ['block quotes', `${'>'.repeat(1500)} x`, 'deck.md:5'],
    ['list markers on one line', `${'- '.repeat(1000)}x`, 'deck.md:5'],
    ['ordered list markers', `${'1. '.repeat(1000)}x`, 'deck.md:5'],
    ['lists nested by indentation', Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n'), 'deck.md:105'],
    ['container directives', ':::note\n'.repeat(300), 'deck.md:105'],
    ['raw HTML', '<div>'.repeat(1500), 'deck.md:5'],
    ['emphasis', `${'*'.repeat(300)}a${'*'.repeat(300)}`, 'deck.md:5'],
  ])('%s give a positioned "nesting deeper than" error, not a stack overflow', (_, text, line) => {
    const r = compile(lines('# Before', '', '---', '', text));
    const e = errors(r);
    expect(e).toHaveLength(1);
    expect(e[0]!.message).toMatch(`nesting deeper than ${MAX_NESTING} levels`);
    expect(`${e[0]!.location.file}:${e[0]!.location.line}`).toBe(line);
    // The other slides still compile.
    expect(html(r)).toContain('<h1>Before</h1>');
  });

  test('nesting within the limit compiles as usual', () => {
    const depth = MAX_NESTING - 2;
    const r = compile(`${'> '.repeat(depth)}deep`);
    expect(problems(r)).toEqual([]);
    expect(html(r).match(/<blockquote>/g)).toHaveLength(depth);
  });

  test('list-like lines inside fenced code are not counted', () => {
    const text = lines('```', '- '.repeat(500), '```');
    expect(deepContainerLine(text)).toBe(-1);
    expect(problems(compile(text))).toEqual([]);
  });
});
