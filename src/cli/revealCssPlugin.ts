import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { tokenize, TokenType } from '@csstools/css-tokenizer';
import { CONFIG_EXTRAS, FRAGMENT_STYLES, LAYOUT_HELPERS } from '../runtime/revealExtras.js';
import { OTHER_TRANSITIONS } from '../runtime/transitions.js';
import { type ComponentValue, isSimpleBlockNode, isTokenNode, parseListOfComponentValues } from '@csstools/css-parser-algorithms';

/** reveal.css's loading spinner for preview overlays: an animated GIF as a data: URL, 4.5 KB that gzip cannot shrink. */
const SPINNER = /(\.r-overlay-spinner\{[^}]*?)background-image:url\(data:image\/gif;base64,[^)]*\);?/;

/**
 * The parts of reveal.css a page loads only when it shows them: print view (`?print-pdf`, `view: print`), the scroll
 * view (`view: scroll`) and the overlay (preview links, the help screen); and what only a presenter's later action
 * shows (`later`, loaded once the first slide is shown). Each is a unit's stylesheet (see src/runtime/chunks.ts);
 * every page loads the rest.
 */
export const REVEAL_VIEWS = ['print', 'scroll', 'overlay', 'transitions', 'extras', 'autoAnimate', 'chrome', 'code', 'later'] as const;
export type RevealView = (typeof REVEAL_VIEWS)[number];

/** A selector that names a transition, as a slide's attribute or the deck's class (`.reveal.zoom`). */
const transitionIn = (names: readonly string[]) =>
  new RegExp(`\\[data-(?:background-)?transition[~|^]?=["']?(?:${names.join('|')})(?:-in|-out)?["']?\\]|\\.reveal(?:\\.[\\w-]+)*\\.(?:${names.join('|')})(?![\\w-])`);
const OTHER = transitionIn(OTHER_TRANSITIONS);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A selector of a fragment style, a layout helper, or what the config turns on (revealExtras.ts). */
const EXTRA = new RegExp(
  [`\\.fragment\\.(?:${FRAGMENT_STYLES.join('|')})(?![\\w-])`, `\\.(?:${LAYOUT_HELPERS.join('|')})(?![\\w-])`, ...Object.values(CONFIG_EXTRAS).map(escape)].join('|'),
);

/** A selector belongs to a view when it only matches in that view: the classes reveal.js sets for it. */
const VIEW_SELECTOR: Record<RevealView, (selector: string) => boolean> = {
  print: (s) => /\.(reveal-print|print-pdf)\b/.test(s),
  scroll: (s) => /\.reveal-scroll\b/.test(s),
  // Not `.r-overlay-button`: the media play button every page may show.
  overlay: (s) => /\.r-overlay(?!-button)\b/.test(s),
  // A selector naming a transition other than the defaults matches only on a page that uses it, and such a page
  // loads these rules before the deck starts (src/runtime/transitions.ts decides).
  transitions: (s) => OTHER.test(s),
  extras: (s) => EXTRA.test(s),
  // Auto-animate's (`data-auto-animate` on slides, the targets it marks): with reveal.js's auto-animate.
  autoAnimate: (s) => /\[data-auto-animate/.test(s),
  // gildeck's own: the act indicator, act slides, the deck's logo and footer (theme.css). Print view's come first.
  chrome: (s) => /\.gd-(act-|logo\b|deck-footer\b|deck-chrome\b|generated\b)/.test(s),
  // Code blocks' (`<code class="hljs">`, see compiler/highlight.ts): a start part of decks that have one.
  code: (s) => /\.hljs(?![\w])/.test(s),
  // What the first slide never shows and a key opens later: the overview (Esc), pause (B), jump to slide (G), the
  // fullscreen page (F), a zoom; and (see viewOf) a page printed with Ctrl+P and the hint arrows' bounce. Each
  // class or element is set or made by reveal.js when it opens, so without these rules nothing is drawn wrong.
  later: (s) => /\.(?:overview|overview-deactivating|paused|zoomed|jump-to-slide|jump-to-slide-input)(?![\w-])|:fullscreen(?![\w-])/.test(s),
};
/** At-rules of the `later` part: `@media print`, and the keyframes of the controls' hint (a bounce after a while). */
const LATER_AT_RULE = /^@(?:media\s+print|keyframes\s+bounce-(?:left|right|down))\s*$/i;

/**
 * Until the overlay's stylesheet is in (it loads when an overlay first opens), the overlay stays hidden rather than
 * shown unstyled; its stylesheet shows it.
 */
const OVERLAY_HIDDEN = '.r-overlay{visibility:hidden}';
const OVERLAY_SHOWN = '.r-overlay{visibility:visible}';

/** The view a rule's selectors all belong to, or null (selectors of several views, or of none, stay in the core). */
function ruleView(prelude: ComponentValue[]): RevealView | null {
  const selectors: string[] = [''];
  for (const n of prelude) {
    if (isTokenNode(n) && n.value[0] === TokenType.Comma) selectors.push('');
    else selectors[selectors.length - 1] += n.toString();
  }
  // What a selector requires: a class named only inside `:not(...)` is one the rule needs absent (`:not(.rtl)`).
  const required = selectors.map((s) => s.replace(/:not\((?:[^()]|\([^()]*\))*\)/g, ''));
  for (const view of REVEAL_VIEWS) if (required.every(VIEW_SELECTOR[view])) return view;
  return null;
}

/**
 * reveal.css split into the core every page loads and one stylesheet per view, rule by rule (an at-rule block moves
 * whole, when every rule in it belongs to one view). Order within each part is kept; a view's rules only match in
 * that view, so loading them later does not change what the core shows.
 */
export function splitViewCss(css: string): { core: string; views: Record<RevealView, string> } {
  const views: Record<RevealView, string> = { print: '', scroll: '', overlay: '', transitions: '', extras: '', autoAnimate: '', chrome: '', code: '', later: '' };
  let core = '';
  const viewOf = (nodes: ComponentValue[], block: ComponentValue): RevealView | null => {
    const first = nodes.find((n) => !(isTokenNode(n) && (n.value[0] === TokenType.Whitespace || n.value[0] === TokenType.Comment)));
    if (!first || !isTokenNode(first) || first.value[0] !== TokenType.AtKeyword) return ruleView(nodes);
    if (!isSimpleBlockNode(block)) return null;
    // reveal.js's styles for printing a page that is not in print view (Ctrl+P), the hint arrows' bounce.
    if (LATER_AT_RULE.test(nodes.map((n) => n.toString()).join('').trim())) return 'later';
    // An at-rule block (@media, @supports): its rules' views, if they are all one.
    const inner = splitRules(block.value);
    const found = new Set(inner.map((r) => (r.block ? viewOf(r.prelude, r.block) : null)));
    return found.size === 1 ? [...found][0]! : null;
  };
  for (const r of splitRules(parseListOfComponentValues(tokenize({ css })))) {
    const text = [...r.prelude, ...(r.block ? [r.block] : [])].map((n) => n.toString()).join('');
    const view = r.block ? viewOf(r.prelude, r.block) : null;
    if (view) views[view] += text;
    else core += text;
  }
  return { core, views };
}

/** Top-level rules: a prelude and its `{}` block, or a statement ending in `;` (block null). */
function splitRules(nodes: ComponentValue[]): { prelude: ComponentValue[]; block: ComponentValue | null }[] {
  const out: { prelude: ComponentValue[]; block: ComponentValue | null }[] = [];
  let prelude: ComponentValue[] = [];
  for (const n of nodes) {
    if (isSimpleBlockNode(n) && n.startToken[0] === TokenType.OpenCurly) {
      out.push({ prelude, block: n });
      prelude = [];
    } else if (isTokenNode(n) && n.value[0] === TokenType.Semicolon) {
      out.push({ prelude: [...prelude, n], block: null });
      prelude = [];
    } else prelude.push(n);
  }
  if (prelude.length) out.push({ prelude, block: null });
  return out;
}

const VIEW_PREFIX = 'gildeck-reveal-view:';
/** The module a unit imports for a view's part of reveal.css. */
export const revealViewModule = (view: RevealView): string => `${VIEW_PREFIX}${view}`;

type Parts = { core: string; views: Record<RevealView, string> };

/** reveal.css without the spinner, split; null if its file changed shape (then it is bundled whole, as it comes). */
async function revealParts(path: string): Promise<Parts | null> {
  const source = await readFile(path, 'utf8');
  if (!SPINNER.test(source)) return null;
  const { core, views } = splitViewCss(source.replace(SPINNER, '$1'));
  return { core: core + OVERLAY_HIDDEN, views: { ...views, overlay: OVERLAY_SHOWN + views.overlay } };
}

/**
 * Every page loads reveal.css at start, and a tenth of it (a third, gzipped) would be the spinner a preview link's
 * overlay shows while its frame loads. gildeck drops the image (the overlay shows empty until the frame is in).
 * The core of reveal.css and of gildeck's theme.css is what every page loads; `gildeck-reveal-view:<view>` is a
 * view's part of both (reveal's first, as in the page), for its unit. If reveal.js's file changes shape so the
 * spinner is not found, the original is bundled unchanged (and its views are empty).
 */
export function revealCssWithoutSpinner(theme: string): Plugin {
  return {
    name: 'gildeck-reveal-css-without-spinner',
    setup(b) {
      let reveal: Promise<Parts | null> | null = null;
      let gildeck: Promise<Parts> | null = null;
      const revealCss = () => (reveal ??= b.resolve('reveal.js/reveal.css', { kind: 'import-statement', resolveDir: theme.replace(/[\\/][^\\/]*$/, '') }).then((r) => revealParts(r.path)));
      const themeCss = () => (gildeck ??= readFile(theme, 'utf8').then(splitViewCss));
      b.onLoad({ filter: /reveal\.js[\\/]dist[\\/]reveal\.css$/ }, async () => {
        const parts = await revealCss();
        return parts ? { contents: parts.core, loader: 'css' } : undefined;
      });
      b.onLoad({ filter: /[\\/]src[\\/]runtime[\\/]theme\.css$/ }, async () => ({ contents: (await themeCss()).core, loader: 'css' }));
      b.onResolve({ filter: /^gildeck-reveal-view:/ }, (args) => ({ path: args.path.slice(VIEW_PREFIX.length), namespace: 'gildeck-reveal-view' }));
      b.onLoad({ filter: /.*/, namespace: 'gildeck-reveal-view' }, async (args) => {
        const view = args.path as RevealView;
        const [r, t] = await Promise.all([revealCss(), themeCss()]);
        return { contents: (r?.views[view] ?? '') + t.views[view], loader: 'css' };
      });
    },
  };
}
