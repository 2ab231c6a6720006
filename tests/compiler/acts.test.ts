import { describe, expect, test } from 'vitest';
import type { Slide } from '../../src/compiler/deck.js';
import { compile, errors, html, lines, outline, problems, text, warnings, where } from './support.js';

/** Each slide as `kind: text [indicator]`, stacks as arrays, for reading a deck's shape at a glance. */
const shape = (columns: Slide[][]) => {
  const one = (s: Slide) => {
    const i = s.indicator;
    return `${s.kind}: ${text(s.content)}${i ? ` [${i.label} · ${i.position}/${i.total}]` : ''}`;
  };
  return columns.map((c) => (c.length === 1 ? one(c[0]!) : c.map(one)));
};

const TALK = {
  'slides/01-prologue.md': lines(
    '---',
    'title: Python’s Quest for Parallelism',
    'subtitle: Threads, the GIL, and the ways out',
    'author: Ada',
    'event: PyCon',
    '---',
    '',
    '::prologue[The Promise]',
    '',
    'Note: Welcome everyone.',
    '',
    '---',
    '',
    '## Many cores',
  ),
  'slides/02-act-one.md': lines('::act[Setting the Stage]{subtitle="threads, processes, coroutines"}', '---', '## Threads', '--', '## Below', '---', '## Processes'),
  'slides/03-act-two.md': lines('::act[Unmasking the Villain]', '---', '## The GIL'),
  'slides/04-act-three.md': lines('::act[Escaping the GIL]', '---', '## Free-threading', '---', '## Subinterpreters'),
  'slides/05-finale.md': lines('::finale[The Way Out]', '', 'Thanks!'),
};

describe('a talk in three acts with a prologue and a finale', () => {
  const r = compile(TALK);

  test('compiles without problems', () => {
    expect(r.diagnostics).toEqual([]);
    expect(r.ok).toBe(true);
  });

  test('numbers the acts and labels them', () => {
    expect(r.deck.acts.map((a) => [a.kind, a.number, a.label, a.title, a.subtitle, where(a)])).toEqual([
      ['prologue', null, 'Prologue', 'The Promise', null, 'slides/01-prologue.md:8:1'],
      ['act', 1, 'Act I', 'Setting the Stage', 'threads, processes, coroutines', 'slides/02-act-one.md:1:1'],
      ['act', 2, 'Act II', 'Unmasking the Villain', null, 'slides/03-act-two.md:1:1'],
      ['act', 3, 'Act III', 'Escaping the GIL', null, 'slides/04-act-three.md:1:1'],
      ['finale', null, 'Finale', 'The Way Out', null, 'slides/05-finale.md:1:1'],
    ]);
  });

  test('generates the title and agenda slides, then each act’s title slide, with "Act II · 1/2" indicators', () => {
    expect(shape(r.deck.columns)).toEqual([
      'title: Python’s Quest for Parallelism Threads, the GIL, and the ways out Ada · PyCon',
      'agenda: Agenda Prologue The Promise Act I Setting the Stage Act II Unmasking the Villain Act III Escaping the GIL Finale The Way Out',
      'act: Prologue The Promise [Prologue · 1/2]',
      'content: Many cores [Prologue · 2/2]',
      'act: Act I Setting the Stage threads, processes, coroutines [Act I · 1/4]',
      ['content: Threads [Act I · 2/4]', 'content: Below [Act I · 3/4]'],
      'content: Processes [Act I · 4/4]',
      'act: Act II Unmasking the Villain [Act II · 1/2]',
      'content: The GIL [Act II · 2/2]',
      'act: Act III Escaping the GIL [Act III · 1/3]',
      'content: Free-threading [Act III · 2/3]',
      'content: Subinterpreters [Act III · 3/3]',
      'act: Finale The Way Out [Finale · 1/2]',
      'content: Thanks! [Finale · 2/2]',
    ]);
  });

  test('a slide holding only its act directive becomes the act’s title slide and keeps its notes', () => {
    const prologue = r.deck.columns[2]![0]!;
    expect(prologue.kind).toBe('act');
    expect(text(prologue.notes)).toBe('Welcome everyone.');
  });

  test('the indicator is rendered in each slide of an act', () => {
    expect(html(r)).toContain('<section><h2>The GIL</h2><footer class="gd-act-indicator">Act II · 2/2</footer></section>');
  });
});

describe('act title slides', () => {
  test('an act slide’s `.slide:` attributes and notes asides go to the generated title slide', () => {
    const r = compile(lines('<!-- .slide: data-background-color="#222" class="dark" -->', '::act[One]', '<aside class="notes">Breathe.</aside>', '---', '# x'));
    expect(shape(r.deck.columns)).toEqual(['agenda: Agenda Act I One', 'act: Act I One [Act I · 1/2]', 'content: x [Act I · 2/2]']);
    const act = r.deck.columns[1]![0]!;
    expect(act.attributes).toEqual({ 'data-background-color': '#222', class: 'dark', 'data-gd-generated': 'act' });
    expect(text(act.notes)).toBe('Breathe.');
    expect(html(r)).toContain('<section data-background-color="#222" class="dark gd-generated gd-act-slide" data-gd-generated="act">');
  });

  test('an act directive on a slide with content gets its own title slide before that slide', () => {
    const r = compile(lines('::act[One]', '', '# Content', '', 'Note: about the content', '--', '# Below'));
    expect(shape(r.deck.columns)).toEqual([
      'agenda: Agenda Act I One',
      'act: Act I One [Act I · 1/3]',
      ['content: Content [Act I · 2/3]', 'content: Below [Act I · 3/3]'],
    ]);
    expect(r.deck.columns[1]![0]!.notes).toBeNull();
    expect(text(r.deck.columns[2]![0]!.notes)).toBe('about the content');
  });

  test('an act slide heading a stack becomes the top of that stack', () => {
    const r = compile(lines('::act[One]', '--', '# Below'));
    expect(shape(r.deck.columns).slice(1)).toEqual([['act: Act I One [Act I · 1/2]', 'content: Below [Act I · 2/2]']]);
  });

  test('slides before the first act have no indicator', () => {
    const r = compile(lines('# Intro', '---', '::act[One]'));
    expect(r.deck.columns.map((c) => c[0]!.indicator)).toEqual([null, null, { label: 'Act I', position: 1, total: 1 }]);
    expect(r.deck.columns[1]![0]!.act).toBeNull();
  });

  test('acts past twelve are numbered in digits', () => {
    const r = compile(Array.from({ length: 13 }, (_, i) => `::act[A${i + 1}]`).join('\n---\n'));
    expect(r.deck.acts.slice(10).map((a) => a.label)).toEqual(['Act XI', 'Act XII', 'Act 13']);
  });
});

describe('act errors and warnings', () => {
  test('an act inside a vertical slide is an error at the directive', () => {
    const r = compile({ 'a.md': '# A', 'b.md': lines('# B', '', '--', '', '::act[Too Deep]') });
    expect(problems(r).filter((p) => p.includes('error'))).toEqual(['b.md:5:1 error: "::act" is inside a vertical slide']);
    expect(errors(r)[0]!.hint).toBe('open acts on a horizontal slide (after `---`, not `--`)');
    expect(r.ok).toBe(false);
  });

  test('two acts in one slide is an error at the second', () => {
    const r = compile(lines('# Intro', '---', '::act[One]', '', '::act[Two]'));
    expect(problems(r).filter((p) => p.includes('error'))).toEqual(['deck.md:5:1 error: a slide can open only one act']);
    expect(errors(r)[0]!.hint).toBe('put each `::act[...]` on its own slide');
  });

  test('not having three acts is a warning, not an error', () => {
    const r = compile(lines('::act[One]', '---', '::act[Two]'));
    expect(problems(r)).toEqual(['deck.md:1:1 warning: the deck has 2 acts; a gildeck talk has three']);
    expect(warnings(r)[0]!.hint).toBe('use three `::act[...]`, with an optional `::prologue[...]` before and `::finale[...]` after');
    expect(r.ok).toBe(true);
  });

  test('one act is a warning too, and prologue and finale do not count as acts', () => {
    expect(problems(compile(lines('::prologue[P]', '---', '::act[One]', '---', '::finale[F]')))).toEqual([
      'deck.md:1:1 warning: the deck has 1 act; a gildeck talk has three',
    ]);
  });

  test('a prologue after an act, or a second finale, is a warning where it is written', () => {
    const r = compile(lines('::act[A]', '---', '::act[B]', '---', '::prologue[Late]', '---', '::act[C]', '---', '::finale[F]', '---', '::finale[G]'));
    expect(problems(r)).toEqual([
      'deck.md:5:1 warning: "::prologue" comes after "::act"',
      'deck.md:11:1 warning: the deck has more than one "::finale"',
    ]);
    expect(r.ok).toBe(true);
  });
});

describe('decks without acts', () => {
  test('a plain reveal.js Markdown file yields exactly its own slides', () => {
    const r = compile(lines('# Title', '', 'Intro', '---', '## One', '--', '## One below', '---', '## Two', '', 'Note: notes'));
    expect(r.diagnostics).toEqual([]);
    expect(outline(r)).toEqual(['Title Intro', ['One', 'One below'], 'Two']);
    expect(r.deck.acts).toEqual([]);
    expect(r.deck.columns.flat().every((s) => s.kind === 'content' && s.indicator === null && s.act === null)).toBe(true);
    expect(html(r)).not.toContain('gd-');
  });

  test('a title slide is generated only when the front matter has a title', () => {
    expect(outline(compile(lines('---', 'theme: light', '---', '# A')))).toEqual(['A']);
    const r = compile(lines('---', 'title: Quest', 'date: "2026-05-14"', '---', '# A'));
    expect(shape(r.deck.columns)).toEqual(['title: Quest 2026-05-14', 'content: A']);
    expect(where(r.deck.columns[0]![0]!)).toBe('deck.md:5:1');
  });

  test('`titleSlide: false` leaves the title slide out', () => {
    expect(outline(compile(lines('---', 'title: Quest', 'titleSlide: false', '---', '# A')))).toEqual(['A']);
  });

  test('`agenda: false` leaves the agenda out of a deck with acts', () => {
    const r = compile(lines('---', 'title: Quest', 'agenda: false', '---', '::act[A]', '---', '::act[B]', '---', '::act[C]'));
    expect(r.deck.columns.map((c) => c[0]!.kind)).toEqual(['title', 'act', 'act', 'act']);
  });

  test('`agenda: true` without acts is a warning', () => {
    const r = compile(lines('---', 'agenda: true', '---', '# A'));
    expect(problems(r)).toEqual(['deck.md:4:1 warning: agenda: true, but the deck has no acts to list']);
    expect(outline(r)).toEqual(['A']);
  });
});
