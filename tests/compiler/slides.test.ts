import { describe, expect, test } from 'vitest';
import { DEFAULT_SEPARATOR, DEFAULT_VERTICAL_SEPARATOR, fencedRanges, findNotes, splitSlides } from '../../src/compiler/slides.js';
import { lines } from './support.js';

/** The slides' texts, trimmed: a string per horizontal slide, an array for a vertical stack. */
function split(text: string, separator = DEFAULT_SEPARATOR, vertical: string | null = DEFAULT_VERTICAL_SEPARATOR, from = 0) {
  return splitSlides(text, from, separator, vertical).map((column) => {
    const texts = column.map((r) => text.slice(r.start, r.end).trim());
    return texts.length === 1 ? texts[0]! : texts;
  });
}

describe('splitSlides', () => {
  test('`---` on its own line separates horizontal slides', () => {
    expect(split(lines('# A', '', '---', '', '# B', '---', '# C'))).toEqual(['# A', '# B', '# C']);
  });

  test('a vertical separator starts a stack below the current slide', () => {
    expect(split(lines('# A', '---', '# B', '--', '# B.1', '--', '# B.2', '---', '# C'))).toEqual([
      '# A',
      ['# B', '# B.1', '# B.2'],
      '# C',
    ]);
  });

  test('the first slide can head a stack, and a stack can end the deck', () => {
    expect(split(lines('# A', '--', '# A.1', '---', '# B', '--', '# B.1'))).toEqual([
      ['# A', '# A.1'],
      ['# B', '# B.1'],
    ]);
  });

  test('a file without separators is one slide', () => {
    expect(split(lines('# Only', '', 'text', '', '- a', '- b'))).toEqual(['# Only\n\ntext\n\n- a\n- b']);
  });

  test('a separator needs its own line: `---` at the very start or with text around it stays Markdown', () => {
    expect(split(lines('--- not a separator', 'a --- b'))).toEqual(['--- not a separator\na --- b']);
    expect(split('---\n# A')).toEqual(['---\n# A']);
  });

  test('empty slides are kept, as reveal.js keeps them', () => {
    expect(split(lines('# A', '---', '', '---', '# C'))).toEqual(['# A', '', '# C']);
    expect(split(lines('# A', '---', ''))).toEqual(['# A', '']);
  });

  test('separators inside fenced code stay code', () => {
    const text = lines('# A', '```yaml', 'a: 1', '---', 'b: 2', '--', '```', '---', '# B', '~~~', '---', '~~~');
    expect(split(text)).toEqual(['# A\n```yaml\na: 1\n---\nb: 2\n--\n```', '# B\n~~~\n---\n~~~']);
  });

  test('a fence is closed only by the same character, at least as long', () => {
    const text = lines('````md', '```', '---', '```', '---', '````', '---', '# B');
    expect(split(text)).toEqual(['````md\n```\n---\n```\n---\n````', '# B']);
  });

  test('a separator right after a closing fence still separates', () => {
    expect(split(lines('```', 'x', '```', '---', '# B'))).toEqual(['```\nx\n```', '# B']);
  });

  test('an unclosed fence runs to the end of the file, separators included', () => {
    expect(split(lines('# A', '```', 'code', '---', '# not a slide'))).toEqual(['# A\n```\ncode\n---\n# not a slide']);
  });

  test('CRLF line ends split the same way', () => {
    const text = '# A\r\n\r\n---\r\n\r\n# B\r\n--\r\n# B.1\r\n```\r\n---\r\n```\r\n';
    expect(split(text)).toEqual(['# A', ['# B', '# B.1\r\n```\r\n---\r\n```']]);
  });

  test('custom separators replace the defaults', () => {
    const text = lines('# A', '', '===', '', '# B', '>>>', '# B.1', '', '---', '', 'still B.1');
    expect(split(text, '^\\r?\\n===\\r?\\n$', '^>>>$')).toEqual(['# A', ['# B', '# B.1\n\n---\n\nstill B.1']]);
  });

  test('without a vertical separator `--` is not special', () => {
    expect(split(lines('# A', '--', '# B'), DEFAULT_SEPARATOR, null)).toEqual(['# A\n--\n# B']);
  });

  test('a separator that can match nothing does not loop forever', () => {
    expect(split('ab', 'x*', null)).toEqual(['ab']);
  });

  test.each([
    ['a*a*a*a*a*b', 'a'.repeat(5_000)],
    ['.*.*.*.*=', 'x'.repeat(100_000)],
    ['(a+)+$', 'a'.repeat(5_000) + '!'],
  ])('a separator that backtracks in a JS RegExp (%s) splits in linear time', (separator, line) => {
    const started = performance.now();
    expect(split(`# A\n${line}\n# B`, separator, null)).toEqual([`# A\n${line}\n# B`]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('custom separators keep the JS line rules on CRLF files: `$` before `\\r\\n`, `.` not across `\\r`', () => {
    expect(split('# A\r\n===\r\n# B\r\n', '^===$', null)).toEqual(['# A', '# B']);
    expect(split('# A\r\nx\r\n# B', '^x.$', null)).toEqual(['# A\r\nx\r\n# B']);
    expect(split('# A\r\n<!-- s -->\r\n# B', '^<!-- .* -->$', null)).toEqual(['# A', '# B']);
  });

  test('separators may name groups, even the same name in both', () => {
    expect(split(lines('# A', '===', '# B', '>>>', '# B.1'), '^(?<s>===)$', '^(?<s>>>>)$')).toEqual(['# A', ['# B', '# B.1']]);
  });

  test('ranges are offsets into the whole file, starting where the body starts', () => {
    const text = lines('---', 'title: T', '---', '# A', '---', '# B');
    const body = text.indexOf('# A');
    const columns = splitSlides(text, body, DEFAULT_SEPARATOR, DEFAULT_VERTICAL_SEPARATOR);
    expect(columns).toEqual([[{ start: body, end: body + 3 }], [{ start: text.indexOf('# B'), end: text.length }]]);
  });
});

describe('fencedRanges', () => {
  test('a backtick fence whose info string holds a backtick is not a fence (it is inline code)', () => {
    expect(fencedRanges('```a`b```\n---\n')).toEqual([]);
  });

  test('a fence may be indented up to three spaces, not four', () => {
    expect(fencedRanges('   ```\nx\n   ```\n')).toEqual([[0, 15]]);
    expect(fencedRanges('    ```\nx\n')).toEqual([]);
  });
});

describe('findNotes', () => {
  const notes = (text: string) => {
    const at = findNotes(text, { start: 0, end: text.length });
    return at && { before: text.slice(0, at.notesStart), notes: text.slice(at.bodyStart) };
  };

  test.each(['Note:', 'Notes:', 'NOTES:', 'note:', 'NoTe:'])('a line starting `%s` begins the notes, in any case', (marker) => {
    expect(notes(lines('# A', `${marker} say this`))).toEqual({ before: '# A\n', notes: 'say this' });
  });

  test('the notes run to the end of the slide, over several paragraphs', () => {
    expect(notes(lines('# A', 'Note:', 'one', '', 'two'))).toEqual({ before: '# A\n', notes: '\none\n\ntwo' });
  });

  test('`Note:` inside fenced code is code', () => {
    expect(notes(lines('```', 'Note: code', '```'))).toBeNull();
    expect(notes(lines('```', 'Note: code', '```', 'Note: real'))).toEqual({ before: '```\nNote: code\n```\n', notes: 'real' });
  });

  test('`Note:` must start its line', () => {
    expect(notes(lines('# A', 'A note: not notes', '- Note: a list item'))).toBeNull();
  });

  test('the first `Note:` wins; later ones are part of the notes', () => {
    expect(notes(lines('# A', 'Note: one', 'Notes: two'))?.notes).toBe('one\nNotes: two');
  });

  test('only looks inside the slide it is given', () => {
    const text = lines('# A', '---', 'Note: belongs to B');
    expect(findNotes(text, { start: 0, end: 3 })).toBeNull();
    expect(findNotes(text, { start: 8, end: text.length })).toEqual({ notesStart: 8, bodyStart: 14 });
  });
});
