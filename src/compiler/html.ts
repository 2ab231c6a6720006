import type { Root as HastRoot } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { fnv1a64 } from '../widgets/referenceRun.js';
import type { DeckTree, Slide } from './deck.js';
import { themeCss } from './deckTheme.js';
import type { FrontMatter } from './frontMatter.js';
import { RUNTIME_ATTRIBUTE } from '../runtime/firstPaint.js';
import { DECK_STYLE_ATTRIBUTE } from '../runtime/chunks.js';

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const html = (root: HastRoot) => toHtml(root, { allowDangerousHtml: true });
/** Text inline in a `<style>` or `<script>` must not close it: `<\/` means the same to CSS and JavaScript (in strings, templates, regular expressions). */
const inlineText = (tag: 'style' | 'script', text: string) => text.replace(new RegExp(`</(${tag})`, 'gi'), '<\\/$1');

/**
 * The deck's logo and footer text (front matter `logo`, `footer`). On screen one copy sits over the deck, at fixed
 * corners; in print view each page carries its own (as the act indicator does).
 */
export function deckChrome(meta: Pick<FrontMatter, 'logo' | 'footer'>): string {
  return (meta.logo ? `<img class="gd-logo" src="${escapeAttr(encodeURI(meta.logo.trim()))}" alt="">` : '') + (meta.footer ? `<div class="gd-deck-footer">${escapeText(meta.footer)}</div>` : '');
}

function section(slide: Slide, chrome = ''): string {
  const attributes = { ...slide.attributes };
  // A generated slide may carry the author's `.slide: class=...` (an act title slide does); keep both classes.
  if (slide.kind !== 'content') attributes.class = [attributes.class, 'gd-generated', `gd-${slide.kind}-slide`].filter(Boolean).join(' ');
  const attrs = Object.entries(attributes).map(([k, v]) => (v === '' ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`));
  const indicator = slide.indicator
    ? `<footer class="gd-act-indicator">${escapeText(slide.indicator.label)} · ${slide.indicator.position}/${slide.indicator.total}</footer>`
    : '';
  const notes = slide.notes ? `<aside class="notes">${html(slide.notes)}</aside>` : '';
  return `<section${attrs.join('')}>${html(slide.content)}${indicator}${chrome}${notes}</section>`;
}

/** The `<section>` elements of the deck: one per horizontal slide, nested for vertical stacks (as reveal.js wants). */
export function renderSlides(deck: DeckTree): string {
  const chrome = deckChrome(deck.meta);
  const one = (slide: Slide) => section(slide, chrome);
  return deck.columns
    .map((column) => (column.length === 1 ? one(column[0]!) : `<section>${column.map(one).join('\n')}</section>`))
    .join('\n');
}

/** JSON inside a `<script>` must not be able to close the tag or open a comment. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

export interface PageAssets {
  css: string[];
  js: string[];
  /** Stylesheets carried in the page itself, before the linked ones (gildeck's start stylesheet: no request before the first frame). */
  styles?: string[];
  /**
   * The first-paint script (src/runtime/firstPaint.ts), inline at the end of `<body>`: with it, the start scripts
   * (`js`, in order) are named on it and started by it from the first frame on, not run by `defer`.
   */
  firstPaint?: string;
  /** Extra markup at the end of `<head>` (the dev server's live-reload client). */
  head?: string;
  /** Reference runs of the deck's widget configurations, by `referenceKey`, for print view (see src/widgets/referenceRun.ts). */
  references?: Record<string, unknown>;
  /** Recordings of real Python that widgets draw (`trace=`), by the path written, as their JSON lines. */
  recordings?: Record<string, string>;
  /** The code the page loads on demand (the engine, each widget the deck uses): see src/runtime/chunks.ts. */
  chunks?: Record<string, unknown>;
}

/**
 * Who the deck is, the same for every build of it: its title and a hash of its author, event, date and file names. The
 * page stores what the talk measured under it (src/widgets/results.ts), so a rebuild or a print keeps the runs.
 */
export function deckIdentity(deck: DeckTree, title: string): string {
  const { author, event, date } = deck.meta;
  return `${title} #${fnv1a64(JSON.stringify([title, author, event, date, deck.files.map((f) => f.replace(/^.*[\\/]/, ''))])).slice(0, 12)}`;
}

/**
 * The whole `index.html`: slides (each widget an element carrying its id and attributes) and reveal options; scripts
 * are classic so file:// works.
 */
export function renderPage(deck: DeckTree, assets: PageAssets): string {
  const { meta } = deck;
  const title = meta.title ?? deck.files[0]?.replace(/^.*\//, '').replace(/\.md$/, '') ?? 'gildeck';
  // Only what the deck set; gildeck's defaults and URL presets are merged once, at runtime (src/runtime/config.ts).
  const reveal = meta.reveal;
  const theme = themeCss(meta);
  // The deck's stylesheet comes after gildeck's and the theme keys, so its rules win; both are marked, so that a
  // stylesheet of gildeck's loaded later goes before them (runtime/chunks.ts, cli/exportHtml.ts).
  const themeHead =
    (theme ? `<style id="gildeck-theme" ${DECK_STYLE_ATTRIBUTE}>${theme}</style>\n` : '') +
    (meta.style ? `<link rel="stylesheet" href="${escapeAttr(encodeURI(meta.style.trim()))}" ${DECK_STYLE_ATTRIBUTE}>\n` : '');
  const chrome = deckChrome(meta);
  return `<!doctype html>
<html lang="en" data-theme="${meta.theme ?? 'dark'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="gildeck">
<meta name="gildeck-deck" content="${escapeAttr(deckIdentity(deck, title))}">
<link rel="icon" href="data:,">
<title>${escapeText(title)}</title>
${(assets.styles ?? []).map((css) => `<style>${inlineText('style', css)}</style>\n`).join('')}${assets.css.map((href) => `<link rel="stylesheet" href="${escapeAttr(href)}">`).join('\n')}
${themeHead}<script type="application/json" id="gildeck-config">${scriptJson(reveal)}</script>
${assets.references && Object.keys(assets.references).length ? `<script type="application/json" id="gildeck-references">${scriptJson(assets.references)}</script>\n` : ''}${assets.recordings && Object.keys(assets.recordings).length ? `<script type="application/json" id="gildeck-recordings">${scriptJson(assets.recordings)}</script>\n` : ''}${assets.chunks && Object.keys(assets.chunks).length ? `<script type="application/json" id="gildeck-chunks">${scriptJson(assets.chunks)}</script>\n` : ''}${assets.firstPaint ? '' : assets.js.map((src) => `<script defer src="${escapeAttr(src)}"></script>`).join('\n')}
${assets.head ?? ''}
</head>
<body>
<div class="reveal"><div class="slides">
${renderSlides(deck)}
</div>${chrome ? `<div class="gd-deck-chrome">${chrome}</div>` : ''}</div>
${assets.firstPaint ? `<script ${RUNTIME_ATTRIBUTE}="${escapeAttr(assets.js.join(' '))}">${inlineText('script', assets.firstPaint)}</script>\n` : ''}</body>
</html>
`;
}
