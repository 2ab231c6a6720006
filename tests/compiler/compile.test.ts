import { describe, expect, test } from 'vitest';
import { compileDeck } from '../../src/compiler/index.js';
import { compile, html, lines, only, outline, problems, text, where } from './support.js';

describe('slides across files', () => {
  test('each file starts a new horizontal slide, in the order given', () => {
    const r = compile({ 'slides/01.md': lines('# A', '--', '# A.1'), 'slides/02.md': '# B', 'slides/03.md': lines('# C', '---', '# D') });
    expect(outline(r)).toEqual([['A', 'A.1'], 'B', 'C', 'D']);
    expect(r.deck.files).toEqual(['slides/01.md', 'slides/02.md', 'slides/03.md']);
  });

  test('every slide knows where its text starts', () => {
    const r = compile({ 'a.md': lines('---', 'title: T', '---', '# A', '---', '# B'), 'b.md': lines('', '# C', '--', '# D') });
    expect(r.deck.columns.flat().map((s) => `${s.kind} ${where(s)}`)).toEqual(['title a.md:4:1', 'content a.md:4:1', 'content a.md:6:1', 'content b.md:1:1', 'content b.md:4:1']);
  });

  test('custom separators from the front matter apply to every file', () => {
    const r = compile({
      'a.md': lines('---', 'separator: "^\\r?\\n===\\r?\\n$"', 'verticalSeparator: "^\\r?\\n\\\\+\\\\+\\r?\\n$"', '---', '# A', '', '===', '', '# B'),
      'b.md': lines('# C', '', '++', '', '# C.1', '', '---', '', 'still C.1'),
    });
    expect(r.diagnostics).toEqual([]);
    expect(outline(r)).toEqual(['A', 'B', ['C', 'C.1 still C.1']]);
  });

  test('an invalid separator is reported once, and the deck is still split by the defaults', () => {
    const r = compile(lines('---', 'separator: "(["', '---', '# A', '---', '# B'));
    expect(problems(r)).toEqual([expect.stringMatching(/^deck\.md:2:12 error: front matter "separator" must be a regular expression/)]);
    expect(outline(r)).toEqual(['A', 'B']);
  });

  test('CRLF files compile like LF files, with the same positions', () => {
    const lf = lines('---', 'title: T', '---', '# A', '', '```python', 'x = 1', '---', '```', '---', '- a', '- b', '<!-- .element: class="fragment" -->', '--', '::timeline{workers=0}', '', 'Note: hi');
    const crlf = compile(lf.replace(/\n/g, '\r\n'));
    // The browser reads CRLF in text as LF; a CR anywhere else (say, before `</span>` in code) would show.
    expect(html(crlf).replace(/\r\n/g, '\n')).toBe(html(compile(lf)));
    expect(problems(crlf)).toEqual(problems(compile(lf)));
    expect(problems(crlf)).toEqual(['deck.md:15:12 error: "workers" of widget "timeline" must be a whole number from 1 to 16, not "0"']);
  });

  test('a byte order mark is not part of the first slide', () => {
    expect(outline(compile('\uFEFF# A'))).toEqual(['A']);
    expect(compile(lines('\uFEFF---', 'title: T', '---', '# A')).deck.meta.title).toBe('T');
  });
});

describe('front matter across files', () => {
  test('front matter in a file other than the first is an error at its start; the file’s slides still compile', () => {
    const r = compile({ 'slides/01.md': lines('---', 'title: T', '---', '# A'), 'slides/02.md': lines('---', 'title: Other', '---', '# B', '', '::timeline{workers=99}') });
    expect(problems(r)).toEqual([
      'slides/02.md:1:1 error: front matter is only read at the top of the first file (slides/01.md)',
      'slides/02.md:6:12 error: "workers" of widget "timeline" must be a whole number from 1 to 16, not "99"',
    ]);
    expect(r.diagnostics[0]!.hint).toBe('move these keys there, or start this file with its first slide');
    expect(r.deck.meta.title).toBe('T');
    expect(outline(r)).toEqual(['T', 'A', 'B']);
  });

  test('errors after front matter count lines from the top of the file', () => {
    const r = compile(lines('---', 'title: T', 'theme: dark', '---', '', '# A', '', '::gil{speed=warp}'));
    expect(where(only(r))).toBe('deck.md:8:7');
  });
});

describe('speaker notes', () => {
  test.each(['Note:', 'Notes:', 'NOTES:', 'notes:'])('`%s` starts the notes', (marker) => {
    const r = compile(lines('# A', '', `${marker} Say *this*.`, '---', '# B'));
    const [a, b] = r.deck.columns.map((c) => c[0]!);
    expect(text(a!.content)).toBe('A');
    expect(text(a!.notes)).toBe('Say this .');
    expect(b!.notes).toBeNull();
    expect(html(r)).toContain('<aside class="notes"><p>Say <em>this</em>.</p></aside></section>');
  });

  test('`Note:` inside fenced code is code, not notes', () => {
    const r = compile(lines('```', 'Note: code', '```'));
    expect(r.deck.columns[0]![0]!.notes).toBeNull();
    expect(html(r)).toContain('Note: code');
  });

  test('`<aside class="notes">` becomes the slide’s notes and leaves the slide body', () => {
    const r = compile(lines('# A', '', '<aside class="notes">Breathe.</aside>'));
    const slide = r.deck.columns[0]![0]!;
    expect(text(slide.notes)).toBe('Breathe.');
    expect(html(r)).toBe('<section><h1>A</h1>\n<aside class="notes">Breathe.</aside></section>');
  });

  test('asides and `Note:` combine in the order they are written, a line apart, as reveal.js joins them', () => {
    const r = compile(lines('# A', '', '<aside class="notes">First.</aside>', '<aside class="notes">Second.</aside>', '', 'Note: Third.'));
    expect(html(r)).toBe('<section><h1>A</h1>\n\n<aside class="notes">First.\nSecond.\n<p>Third.</p></aside></section>');
  });

  test('a `.slide:` comment below `Note:` still applies to the slide, as in reveal.js', () => {
    const r = compile(lines('# A', '', 'Note: Say this.', '', '<!-- .slide: data-state="quiet" -->'));
    expect(r.deck.columns[0]![0]!.attributes).toEqual({ 'data-state': 'quiet' });
    expect(html(r)).toBe('<section data-state="quiet"><h1>A</h1><aside class="notes"><p>Say this.</p>\n</aside></section>');
  });

  test('each vertical slide has its own notes', () => {
    const r = compile(lines('# A', 'Note: top', '--', '# B', 'Note: below'));
    expect(r.deck.columns[0]!.map((s) => text(s.notes))).toEqual(['top', 'below']);
  });
});

describe('widgets in the deck', () => {
  const r = compile({
    'a.md': lines('---', 'title: T', '---', '# A', '', '::timeline{workers=2}'),
    'b.md': lines('# B', '--', '::gil', '', ':::speedup{strategies=threads}', 'Measured live.', ':::'),
  });

  test('get ids from their place in the final deck: column, row, and order in the slide', () => {
    expect(r.deck.columns.flat().flatMap((s) => s.widgets.map((w) => `${w.name} ${w.id} ${where(w)}`))).toEqual([
      'timeline w-1-0-0 a.md:6:1',
      'gil w-2-1-0 b.md:3:1',
      'speedup w-2-1-1 b.md:5:1',
    ]);
  });

  test('the element carries its id and every validated attribute, defaults included', () => {
    expect(html(r)).toContain(
      '<figure class="gd-widget" data-widget="timeline"><gd-timeline id="w-1-0-0" strategy="threads" workers="2" workload="primes" duration="2" switch-interval="5" controls="true"></gd-timeline></figure>',
    );
    expect(html(r)).toContain('<gd-speedup id="w-2-1-1" strategies="threads" ');
  });

  test('ids are stable across rebuilds of the same text', () => {
    const again = compile({
      'a.md': lines('---', 'title: T', '---', '# A', '', '::timeline{workers=2}'),
      'b.md': lines('# B', '--', '::gil', '', ':::speedup{strategies=threads}', 'Measured live.', ':::'),
    });
    expect(html(again)).toBe(html(r));
  });
});

describe('results', () => {
  test('bad input never throws: every problem comes back positioned, and ok is false', () => {
    const r = compile({
      'a.md': lines('---', 'transition: sideways', '---', '::timelin', '', '```python [x]', '```', '', '<img src="https://e.com/a.png">'),
      'b.md': lines('---', 'a: 1', '---', '::act[A]', '--', '::act[B]'),
    });
    expect(r.ok).toBe(false);
    // In reading order: files in deck order, then line and column.
    expect(problems(r).filter((p) => p.includes(' error: ')).map((p) => p.split(' ')[0])).toEqual([
      'a.md:2:13',
      'a.md:4:1',
      'a.md:6:1',
      'a.md:9:1',
      'b.md:1:1',
      'b.md:6:1',
    ]);
  });

  test('warnings alone leave the deck ok', () => {
    const r = compile(lines('::act[Only one]'));
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning']);
    expect(r.ok).toBe(true);
  });

  test('compiling no files is a programming error', () => {
    expect(() => compileDeck([])).toThrow('compileDeck needs at least one file');
  });

  test('an empty file is one empty slide', () => {
    const r = compile('');
    expect(r.diagnostics).toEqual([]);
    expect(html(r)).toBe('<section></section>');
  });
});

describe('rebuilds', () => {
  test('recompiling the same text gives the same deck, and later steps cannot corrupt what a rebuild reuses', () => {
    const files = { 'a.md': lines('---', 'title: T', '---', '::act[One]', '---', '::timeline{workers=2}', '---', '# B') };
    const widget = (r: ReturnType<typeof compile>) => r.deck.columns.flat().flatMap((s) => s.widgets)[0]!;
    const first = compile(files);
    widget(first).values.workers = 99;
    const second = compile(files);
    expect(widget(second).values.workers).toBe(2);
    expect(JSON.stringify(compile(files).deck)).toBe(JSON.stringify(second.deck));
  });

  test('an edit that moves a slide down by a line moves its positions too', () => {
    const before = compile({ 'a.md': lines('# A', '---', '::timelin') });
    const after = compile({ 'a.md': lines('# A', '', '---', '::timelin') });
    expect(problems(before)[0]).toMatch(/^a\.md:3:1 /);
    expect(problems(after)[0]).toMatch(/^a\.md:4:1 /);
  });
});

describe('speaker view pacing', () => {
  test('a slide\'s `data-timing` (seconds, read by reveal.js\'s speaker view) reaches the page', () => {
    expect(html(compile(lines('# A', '<!-- .slide: data-timing="90" -->', '', '---', '', '# B')))).toMatch(/<section[^>]*data-timing="90"/);
  });
});
