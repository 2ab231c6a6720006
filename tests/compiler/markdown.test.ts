import { toHtml } from 'hast-util-to-html';
import { describe, expect, test } from 'vitest';
import { Diagnostics } from '../../src/compiler/diagnostics.js';
import { MAX_SLIDE, parseMarkdown } from '../../src/compiler/markdown.js';
import { SourceFile } from '../../src/compiler/source.js';
import { WIDGETS } from '../../src/widgets/registry.js';
import { compile, errors, html, lines, only, problems, where } from './support.js';

/** Parses `text` as one slide (or as notes, with `directives` false). */
function md(text: string, directives = true) {
  const diagnostics = new Diagnostics();
  const parsed = parseMarkdown(new SourceFile('deck.md', text), 0, text.length, diagnostics, directives);
  return { ...parsed, html: toHtml(parsed.hast), r: { diagnostics: diagnostics.items } };
}

describe('widget directives', () => {
  test('a leaf directive becomes the widget element in a figure', () => {
    const { html, widgets, r } = md('::timeline{workers=4}');
    expect(r.diagnostics).toEqual([]);
    expect(html).toBe('<figure class="gd-widget" data-widget="timeline"><gd-timeline></gd-timeline></figure>');
    expect(widgets).toEqual([
      expect.objectContaining({ name: 'timeline', written: { workers: '4' }, caption: false, location: { file: 'deck.md', line: 1, column: 1 } }),
    ]);
  });

  test('attributes left out get their defaults; written ones are parsed to their types', () => {
    const { widgets } = md('::timeline{workers=2 duration=0.5 controls=false}');
    expect(widgets[0]!.values).toEqual({ strategy: 'threads', workers: 2, workload: 'primes', duration: 0.5, 'switch-interval': 5, controls: false });
  });

  test('every widget in the registry can be used with its defaults', () => {
    for (const name of WIDGETS.keys()) expect(md(`::${name}`).r.diagnostics, name).toEqual([]);
  });

  test('a container directive’s content becomes the figure’s caption', () => {
    const { html, widgets } = md(lines(':::timeline{workers=2}', 'Four threads, *one* GIL.', ':::'));
    expect(html).toBe(
      '<figure class="gd-widget" data-widget="timeline"><gd-timeline></gd-timeline><figcaption><p>Four threads, <em>one</em> GIL.</p></figcaption></figure>',
    );
    expect(widgets[0]!.caption).toBe(true);
  });

  test('an empty container has no caption, and a bracketed label is not a caption', () => {
    expect(md(lines(':::timeline', ':::')).html).not.toContain('figcaption');
    const labelled = md(lines(':::timeline[label]', ':::'));
    expect(labelled.html).not.toContain('figcaption');
    expect(labelled.widgets[0]!.caption).toBe(false);
  });

  test('a list attribute takes comma-separated values', () => {
    const { widgets, r } = md('::speedup{strategies=threads,free-threading}');
    expect(r.diagnostics).toEqual([]);
    expect(widgets[0]!.values.strategies).toEqual(['threads', 'free-threading']);
  });

  test('widgets nested in other blocks are found too', () => {
    expect(md(lines('> quoted', '>', '> ::gil')).widgets.map((w) => w.name)).toEqual(['gil']);
  });
});

describe('widget errors', () => {
  test('an unknown widget suggests the closest name and lists the widgets and acts', () => {
    const d = only(md(lines('# Title', '', '::timelin{workers=4}')).r);
    expect(where(d)).toBe('deck.md:3:1');
    expect(d.message).toBe('unknown directive "::timelin"');
    expect(d.hint).toBe(
      `did you mean "timeline"? widgets: ${[...WIDGETS.keys()].join(', ')}; acts: ::prologue[Title], ::act[Title], ::finale[Title]`,
    );
  });

  test('an unknown name with no close match lists what exists, without guessing', () => {
    const d = only(md(':::flamegraph\n:::').r);
    expect(d.message).toBe('unknown directive ":::flamegraph"');
    expect(d.hint).toMatch(/^widgets: timeline, /);
  });

  test('an unknown widget renders nothing', () => {
    expect(md('::timelin').html).toBe('');
  });

  test('an unknown attribute is an error at the attribute, suggesting the closest', () => {
    const d = only(md('::timeline{strategy=threads worker=3}').r);
    expect(where(d)).toBe('deck.md:1:29');
    expect(d.message).toBe('unknown attribute "worker" for widget "timeline"');
    expect(d.hint).toBe('did you mean "workers"? timeline takes: strategy, workers, workload, duration, switch-interval, controls, trace, engine');
  });

  test('an out-of-range number is an error at the attribute, naming the range', () => {
    const d = only(md('::timeline{workers=99}').r);
    expect(where(d)).toBe('deck.md:1:12');
    expect(d.message).toBe('"workers" of widget "timeline" must be a whole number from 1 to 16, not "99"');
    expect(d.hint).toBe('write workers=4 (the default), or leave it out');
  });

  test.each([
    ['workers=four', '"workers" of widget "timeline" must be a whole number from 1 to 16, not "four"'],
    ['workers=2.5', '"workers" of widget "timeline" must be a whole number from 1 to 16, not "2.5"'],
    ['duration=abc', '"duration" of widget "timeline" must be a number from 0.1 to 30, not "abc"'],
    ['controls=yes', '"controls" of widget "timeline" must be true or false, not "yes"'],
  ])('`%s` is the wrong type', (attribute, message) => {
    expect(only(md(`::timeline{${attribute}}`).r).message).toBe(message);
  });

  test('a misspelt choice suggests the right one, written out', () => {
    const d = only(md('::timeline{strategy=thread}').r);
    expect(d.message).toBe(
      '"strategy" of widget "timeline" must be one of sequential, threads, free-threading, subinterpreters, multiprocessing, multiprocessing-pool, asyncio, not "thread"',
    );
    expect(d.hint).toBe('did you mean "threads"? write strategy=threads');
  });

  test('a misspelt list item suggests the fix for that item', () => {
    const d = only(md('::speedup{strategies=threads,free-threadin}').r);
    expect(where(d)).toBe('deck.md:1:11');
    expect(d.hint).toBe('did you mean "free-threading"? write strategies=threads,free-threading');
  });

  test('each bad attribute is its own error, at its own column', () => {
    const { r } = md('::timeline{workload=prime   duration=abc}');
    expect(r.diagnostics.map(where)).toEqual(['deck.md:1:12', 'deck.md:1:29']);
  });

  test('an attribute named inside another, quoted value is located at the attribute itself', () => {
    const { diagnostics } = md('::timeline{strategy="threads workers=1" workers=99}').r;
    const d = only({ diagnostics: diagnostics.filter((x) => x.message.startsWith('"workers"')) });
    expect(where(d)).toBe('deck.md:1:41');
  });

  test('a bad widget still renders with its defaults, so the rest of the deck can be checked', () => {
    expect(md('::timeline{workers=99}').widgets[0]!.values.workers).toBe(4);
  });

  test('widget errors are positioned in the file, after front matter and in the second file', () => {
    const r = compile({
      'slides/01.md': lines('---', 'title: T', '---', '# One', '', '::gil{bogus=1}'),
      'slides/02.md': lines('# Two', '', 'Some text.', '', '::timeline{workload=primes workers=99}'),
    });
    expect(problems(r)).toEqual([
      'slides/01.md:6:7 error: unknown attribute "bogus" for widget "gil"',
      'slides/02.md:5:28 error: "workers" of widget "timeline" must be a whole number from 1 to 16, not "99"',
    ]);
  });

  test('widgets in speaker notes are an error at the directive', () => {
    const r = compile(lines('# A', '', 'Note: watch this', '', '::timeline{workers=2}'));
    expect(problems(r)).toEqual(['deck.md:5:1 error: "::timeline" cannot be used in speaker notes']);
    expect(errors(r)[0]!.hint).toBe('move it above the `Note:` line');
    expect(html(r)).not.toContain('gd-timeline');
  });
});

describe('act directives', () => {
  test('`::act[Title]{subtitle=".."}` marks an act and renders nothing itself', () => {
    const { acts, html, r } = md(lines('::act[Unmasking the *Villain*]{subtitle="the GIL"}', '', 'text'));
    expect(r.diagnostics).toEqual([]);
    expect(acts).toEqual([{ kind: 'act', title: 'Unmasking the Villain', subtitle: 'the GIL', location: { file: 'deck.md', line: 1, column: 1 } }]);
    expect(html).toBe('<p>text</p>');
  });

  test('prologue and finale are marks too', () => {
    expect(md(lines('::prologue[Before]', '', '::finale[After]')).acts.map((a) => [a.kind, a.title, a.subtitle])).toEqual([
      ['prologue', 'Before', null],
      ['finale', 'After', null],
    ]);
  });

  test('an act without a title, or written as a container, is an error with the form to use', () => {
    for (const text of ['::act', '::act[ ]', ':::act[Title]\n:::']) {
      const d = only(md(text).r);
      expect(d.message).toBe('an act needs a title in brackets');
      expect(d.hint).toBe('write `::act[Unmasking the Villain]` on its own line');
    }
  });

  test('an act takes only a subtitle; a typo is an error at the attribute', () => {
    const d = only(md('::act[A]{subtitel="x"}').r);
    expect(where(d)).toBe('deck.md:1:10');
    expect(d.message).toBe('unknown attribute "subtitel" for "::act"');
    expect(d.hint).toBe('did you mean "subtitle"? an act takes only subtitle="..."');
  });
});

describe('text that looks like a directive', () => {
  test('`a:b` in prose stays text', () => {
    const { html, r } = md('At 10:30 the ratio a:b was 3:1, see std::vector.');
    expect(r.diagnostics).toEqual([]);
    expect(html).toBe('<p>At 10:30 the ratio a:b was 3:1, see std::vector.</p>');
  });

  test('an inline directive is kept verbatim', () => {
    expect(md('See :abbr[GIL]{title="global interpreter lock"} here.').html).toBe('<p>See :abbr[GIL]{title="global interpreter lock"} here.</p>');
  });
});

describe('code blocks', () => {
  test('Python is highlighted at build time', () => {
    const { html } = md(lines('```python', 'def work(n):', '    return n', '```'));
    expect(html).toContain('<pre class="gd-code"><code class="hljs language-python">');
    expect(html).toContain('<span class="hljs-keyword">def</span>');
    expect(html).toContain('<span class="hljs-title function_">work</span>');
  });

  test('steps make one stacked `<code>` per step, later ones fragments', () => {
    const { html, r } = md(lines('```python [1|3-4]', 'import os', '', 'def f(x):', '    return x', '```'));
    expect(r.diagnostics).toEqual([]);
    expect(html).toMatch(/^<pre class="gd-code gd-code-steps"><code class="hljs language-python has-highlights" data-line-numbers="1\|3-4"/);
    expect(html.match(/<code /g)).toHaveLength(2);
    expect(html).toContain('<code class="hljs language-python fragment has-highlights" data-line-numbers="1|3-4" style="counter-reset: gd-line 0" data-code-step="2">');
  });

  test('bad step syntax is an error at the fence, with the syntax to use; the code still shows', () => {
    const { r, html } = md(lines('# A', '', '```python [1|x]', 'pass', '```'));
    const d = only(r);
    expect(where(d)).toBe('deck.md:3:1');
    expect(d).toMatchObject({ severity: 'error', message: 'code steps "[1|x]" are not reveal.js step syntax' });
    expect(d.hint).toBe("write steps like ```python [1|3-4] (lines 1, then 3 to 4) or [5: 1,3] to number from 5 (steps still count from the block's first line)");
    expect(html).toContain('pass');
  });

  test('a step past the last line is a warning, not an error', () => {
    const d = only(md(lines('```python [1|9]', 'a = 1', 'b = 2', '```')).r);
    expect(d).toMatchObject({ severity: 'warning', message: 'code step highlights line 9, but the block has 2 lines' });
    expect(where(d)).toBe('deck.md:1:1');
  });

  test('steps count lines within the block, as reveal.js does, whatever number the block starts from', () => {
    expect(md(lines('```js [10: 1,2]', 'a', 'b', '```')).r.diagnostics).toEqual([]);
    expect(only(md(lines('```js [10: 10]', 'a', 'b', '```')).r).message).toBe('code step highlights line 10, but the block has 2 lines');
  });

  test('CRLF code has no stray CR, which a browser would show as a blank line', () => {
    const { html, r } = md('```python [1|2]\r\na = 1\r\nb = 2\r\n```\r\n');
    expect(r.diagnostics).toEqual([]);
    expect(html).not.toContain('\r');
    expect(html).toContain('<span class="line">b = <span class="hljs-number">2</span></span></code>');
  });

  test('code positions count from the file, in a later slide and file', () => {
    const r = compile({ 'a.md': '# A', 'b.md': lines('# B', '---', '# C', '', '```python [2|x]', 'pass', '```') });
    expect(problems(r)).toEqual(['b.md:5:1 error: code steps "[2|x]" are not reveal.js step syntax']);
  });
});

describe('slides too big to parse quickly', () => {
  test('a slide over the size limit is an error at its start; the other slides compile', () => {
    const r = compile(lines('# One', '', '---', '', '> quote\n\n'.repeat(MAX_SLIDE / 9 + 1), '---', '', '# Three'));
    const p = problems(r);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(new RegExp(`^deck\\.md:4:1 error: this slide has 100\\d{3} characters of Markdown \\(more than ${MAX_SLIDE} make parsing it slow\\)$`));
    expect(html(r)).toContain('<h1>Three</h1>');
  });

  test('many block quotes in one slide compile, each to its own blockquote', () => {
    const r = compile('> quote\n\n'.repeat(3000));
    expect(problems(r)).toEqual([]);
    expect(html(r).match(/<blockquote>/g)).toHaveLength(3000);
  });
});
