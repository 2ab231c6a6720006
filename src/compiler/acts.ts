import type { Element, Root as HastRoot } from 'hast';
import type { Act, ActKind, Slide } from './deck.js';
import type { Diagnostics } from './diagnostics.js';
import type { FrontMatter } from './frontMatter.js';
import type { ActMark } from './markdown.js';
import type { Location } from './source.js';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const LABEL: Record<ActKind, string> = { prologue: 'Prologue', act: 'Act', finale: 'Finale' };

/** A slide as parsed, before acts are laid out: its act marks and whether it held only the mark. */
export interface ParsedSlide {
  slide: Slide;
  acts: ActMark[];
  /** The slide held nothing but its act directive (and notes): it becomes the act's title slide. */
  onlyActMark: boolean;
}

const h = (tagName: string, className: string | null, children: Element['children']): Element => ({
  type: 'element',
  tagName,
  properties: className ? { className: [className] } : {},
  children,
});
const t = (value: string) => ({ type: 'text' as const, value });
const root = (...children: Element[]): HastRoot => ({ type: 'root', children });

function generated(kind: Slide['kind'], location: Location, content: HastRoot, act: number | null): Slide {
  return { kind, location, content, notes: null, attributes: {}, act, widgets: [], localFiles: [], indicator: null };
}

/**
 * Lays out acts: numbers them, generates the title, agenda and act title slides the deck asks for, and stamps
 * every slide with its "Act II · 3/7" indicator. Pure over the parsed columns.
 */
export function layoutActs(meta: FrontMatter, parsed: ParsedSlide[][], deckStart: Location, diagnostics: Diagnostics): { acts: Act[]; columns: Slide[][] } {
  const acts: Act[] = [];
  const columns: Slide[][] = [];
  let current: number | null = null;
  let actNumber = 0;

  for (const column of parsed) {
    const out: Slide[] = [];
    column.forEach((p, row) => {
      if (p.acts.length > 1) diagnostics.error(p.acts[1]!.location, 'a slide can open only one act', 'put each `::act[...]` on its own slide');
      const mark = p.acts[0];
      if (mark && row > 0) {
        diagnostics.error(mark.location, `"::${mark.kind}" is inside a vertical slide`, 'open acts on a horizontal slide (after `---`, not `--`)');
      } else if (mark) {
        const number = mark.kind === 'act' ? ++actNumber : null;
        const label = number ? `${LABEL.act} ${ROMAN[number - 1] ?? number}` : LABEL[mark.kind];
        acts.push({ kind: mark.kind, number, label, title: mark.title, subtitle: mark.subtitle, location: mark.location });
        current = acts.length - 1;
        const titleSlide = actTitleSlide(acts[current]!, current);
        if (p.onlyActMark) {
          titleSlide.notes = p.slide.notes;
          titleSlide.attributes = { ...p.slide.attributes, ...titleSlide.attributes };
          out.push(titleSlide);
          return;
        }
        columns.push([titleSlide]);
      }
      p.slide.act = current;
      out.push(p.slide);
    });
    columns.push(out);
  }

  checkArc(acts, diagnostics);

  const front: Slide[][] = [];
  if (meta.title && meta.titleSlide !== false) front.push([titleSlide(meta, deckStart)]);
  if (acts.length && meta.agenda !== false) front.push([agendaSlide(acts, deckStart)]);
  else if (meta.agenda === true) diagnostics.warn(deckStart, 'agenda: true, but the deck has no acts to list', 'open acts with `::act[Title]`');
  const all = [...front, ...columns];

  if (acts.length) {
    const totals = acts.map((_, i) => all.flat().filter((s) => s.act === i).length);
    const seen = acts.map(() => 0);
    for (const s of all.flat()) {
      if (s.act === null) continue;
      s.indicator = { label: acts[s.act]!.label, position: ++seen[s.act]!, total: totals[s.act]! };
    }
  }
  return { acts, columns: all };
}

function checkArc(acts: Act[], diagnostics: Diagnostics): void {
  if (!acts.length) return;
  const numbered = acts.filter((a) => a.kind === 'act');
  if (numbered.length !== 3) {
    diagnostics.warn(acts[0]!.location, `the deck has ${numbered.length} act${numbered.length === 1 ? '' : 's'}; a gildeck talk has three`, 'use three `::act[...]`, with an optional `::prologue[...]` before and `::finale[...]` after');
  }
  const order: Record<ActKind, number> = { prologue: 0, act: 1, finale: 2 };
  acts.forEach((a, i) => {
    const prev = acts[i - 1];
    if (prev && order[a.kind] < order[prev.kind]) diagnostics.warn(a.location, `"::${a.kind}" comes after "::${prev.kind}"`, 'a prologue comes before the acts, a finale after them');
    if (a.kind !== 'act' && acts.filter((b) => b.kind === a.kind).length > 1 && acts.findIndex((b) => b.kind === a.kind) !== i) {
      diagnostics.warn(a.location, `the deck has more than one "::${a.kind}"`, `keep one ::${a.kind}`);
    }
  });
}

function actTitleSlide(act: Act, index: number): Slide {
  const children: Element[] = [h('p', 'gd-act-label', [t(act.label)]), h('h1', 'gd-act-title', [t(act.title)])];
  if (act.subtitle) children.push(h('p', 'gd-act-subtitle', [t(act.subtitle)]));
  const s = generated('act', act.location, root(...children), index);
  s.attributes = { 'data-gd-generated': 'act' };
  return s;
}

function titleSlide(meta: FrontMatter, at: Location): Slide {
  const children: Element[] = [h('h1', 'gd-title', [t(meta.title ?? '')])];
  if (meta.subtitle) children.push(h('p', 'gd-subtitle', [t(meta.subtitle)]));
  const byline = [meta.author, meta.event, meta.date].filter(Boolean).join(' · ');
  if (byline) children.push(h('p', 'gd-byline', [t(byline)]));
  const s = generated('title', at, root(...children), null);
  s.attributes = { 'data-gd-generated': 'title' };
  return s;
}

function agendaSlide(acts: Act[], at: Location): Slide {
  const items = acts.map((a) =>
    h('li', `gd-agenda-${a.kind}`, [h('span', 'gd-agenda-label', [t(a.label)]), t(' '), h('span', 'gd-agenda-title', [t(a.title)])]),
  );
  const s = generated('agenda', at, root(h('h2', null, [t('Agenda')]), h('ol', 'gd-agenda', items)), null);
  s.attributes = { 'data-gd-generated': 'agenda' };
  return s;
}
