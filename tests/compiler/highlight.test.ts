import type { Element } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, test } from 'vitest';
import { type CodeInfo, highlightCode, isKnownLanguage, parseCodeInfo } from '../../src/compiler/highlight.js';
import { compile, html, lines, problems } from './support.js';

const info = (lang: string | null, meta: string | null = null): CodeInfo => {
  const parsed = parseCodeInfo(lang, meta);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
};

/** Per `<code>` (step): the line numbers (1-based in the block) marked `highlight-line`. */
const highlighted = (codes: Element[]) =>
  codes.map((code) =>
    code.children
      .filter((c): c is Element => c.type === 'element')
      .flatMap((line, i) => ((line.properties.className as string[]).includes('highlight-line') ? [i + 1] : [])),
  );

describe('parseCodeInfo', () => {
  test('a plain info string is just a language', () => {
    expect(parseCodeInfo('python', null)).toEqual({ lang: 'python', steps: null, startFrom: 1, raw: null });
    expect(parseCodeInfo(null, null)).toEqual({ lang: '', steps: null, startFrom: 1, raw: null });
  });

  test('steps are separated by `|`, lines by `,`, ranges by `-`', () => {
    expect(parseCodeInfo('python', '[1|3-4|2,5-6]')).toEqual({ lang: 'python', steps: [[1], [3, 4], [2, 5, 6]], startFrom: 1, raw: '1|3-4|2,5-6' });
  });

  test('`[5: 1,3]` numbers the block from 5', () => {
    expect(parseCodeInfo('js', '[5: 5,7]')).toMatchObject({ lang: 'js', steps: [[5, 7]], startFrom: 5 });
  });

  test('steps may follow the language without a space', () => {
    expect(parseCodeInfo('python[1|2]', null)).toMatchObject({ lang: 'python', steps: [[1], [2]] });
  });

  test('empty brackets show line numbers without highlighting', () => {
    expect(parseCodeInfo('python', '[]')).toMatchObject({ steps: [[]], raw: '' });
  });

  test.each(['[1|a]', '[x]', '[1|2', '[1] [2]', '[1]]'])('`python %s` is not step syntax', (meta) => {
    expect(parseCodeInfo('python', meta)).toEqual({ error: expect.stringMatching(/^code steps ".*" are not reveal\.js step syntax$/) });
  });
});

describe('highlightCode', () => {
  test('Python gets highlight.js classes at build time', () => {
    const [code] = highlightCode(lines('def work(n):', '    return n * 2  # double'), info('python'));
    expect(code!.properties.className).toEqual(['hljs', 'language-python']);
    const out = toHtml(code!);
    expect(out).toContain('<span class="hljs-keyword">def</span>');
    expect(out).toContain('<span class="hljs-keyword">return</span>');
    expect(out).toContain('<span class="hljs-comment"># double</span>');
  });

  test('each source line is its own span, so steps can highlight lines', () => {
    const [code] = highlightCode(lines('a = 1', '', 'b = 2'), info('python'));
    expect(toHtml(code!)).toBe(
      '<code class="hljs language-python"><span class="line">a = <span class="hljs-number">1</span></span>\n<span class="line"></span>\n<span class="line">b = <span class="hljs-number">2</span></span></code>',
    );
  });

  test('a token spanning lines is re-opened on each line', () => {
    const [code] = highlightCode(lines('s = """one', 'two"""'), info('python'));
    expect(toHtml(code!)).toBe(
      '<code class="hljs language-python"><span class="line">s = <span class="hljs-string">"""one</span></span>\n<span class="line"><span class="hljs-string">two"""</span></span></code>',
    );
  });

  test('an unknown language is shown as escaped plain text', () => {
    const [code] = highlightCode('<b> & x', info('nosuchlang'));
    expect(toHtml(code!)).toBe('<code class="hljs language-nosuchlang"><span class="line">&#x3C;b> &#x26; x</span></code>');
  });

  test('language aliases highlight too', () => {
    expect(isKnownLanguage('py')).toBe(true);
    expect(isKnownLanguage('js')).toBe(true);
    expect(isKnownLanguage('nosuchlang')).toBe(false);
    expect(isKnownLanguage('')).toBe(false);
    expect(toHtml(highlightCode('import os', info('py'))[0]!)).toContain('<span class="hljs-keyword">import</span>');
  });

  test('N steps make N `<code>` copies; the later ones are fragments with their step number', () => {
    const codes = highlightCode(lines('a', 'b', 'c', 'd'), info('python', '[1|3-4|2]'));
    expect(codes.map((c) => c.properties)).toEqual([
      { className: ['hljs', 'language-python', 'has-highlights'], dataLineNumbers: '1|3-4|2', style: 'counter-reset: gd-line 0' },
      { className: ['hljs', 'language-python', 'fragment', 'has-highlights'], dataLineNumbers: '1|3-4|2', style: 'counter-reset: gd-line 0', dataCodeStep: '2' },
      { className: ['hljs', 'language-python', 'fragment', 'has-highlights'], dataLineNumbers: '1|3-4|2', style: 'counter-reset: gd-line 0', dataCodeStep: '3' },
    ]);
    expect(highlighted(codes)).toEqual([[1], [3, 4], [2]]);
  });

  test('with a start number, lines are numbered from it but steps still count within the block (as reveal.js)', () => {
    const codes = highlightCode(lines('a', 'b', 'c'), info('js', '[10: 1|3]'));
    expect(codes[0]!.properties.style).toBe('counter-reset: gd-line 9');
    expect(highlighted(codes)).toEqual([[1], [3]]);
  });

  test('without steps there is one `<code>` and no line numbers', () => {
    const codes = highlightCode('x', info('python'));
    expect(codes).toHaveLength(1);
    expect(codes[0]!.properties).toEqual({ className: ['hljs', 'language-python'] });
  });
});

describe('code blocks the highlighter or the steps would choke on', () => {
  test('a line longer than the limit is shown unhighlighted, with a warning at the block', () => {
    const r = compile(lines('Text', '', '```bash', '1234567890'.repeat(500), '```'));
    expect(problems(r)).toEqual(['deck.md:3:1 warning: this code block is shown without highlighting: a line of 5000 characters (highlighting stops at 2000)']);
    expect(html(r)).toContain('<code class="hljs language-bash"><span class="line">1234567890');
  });

  test('a step range naming a huge line number is an error, not an out-of-memory crash', () => {
    expect(problems(compile(lines('```python [1-999999999]', 'x', '```')))).toEqual([
      'deck.md:1:1 error: code steps "[1-999999999]" name line 999999999; steps may name lines up to 10000',
    ]);
  });

  test('more steps than the limit is an error', () => {
    const steps = Array.from({ length: 150 }, (_, i) => i + 1).join('|');
    expect(problems(compile(lines(`\`\`\`python [${steps}]`, 'x', '```')))).toEqual([
      'deck.md:1:1 error: code steps "[1|2|3|4|5|6|7|8|9|10|11|12|13|14|15|16|..." are 150 steps; a block may have at most 100',
    ]);
  });
});
