import { type CSSToken, stringify, TokenType, tokenize } from '@csstools/css-tokenizer';

/**
 * The stylesheet of the standalone widgets bundle (`export widgets`), made from the deck's own CSS so the two never
 * drift: the theme's colour variables and its widget-frame rules, and every widget's style.css. In a deck these are
 * scoped under `.reveal`; on any page they are scoped to the widget elements themselves, so nothing leaks onto the
 * host page (a foreign reveal.js deck keeps its own headings, tables and links).
 */

/** A top-level piece of a stylesheet: a rule's prelude (selectors, or an at-rule's) and its `{...}` block. */
interface TopLevelRule {
  prelude: CSSToken[];
  block: CSSToken[];
}

const lex = (css: string): CSSToken[] => tokenize({ css }, { onParseError: () => {} }).filter((t) => t[0] !== TokenType.EOF && t[0] !== TokenType.Comment);

/** Splits a stylesheet into its top-level rules (statements without a block, like `@import`, are dropped). */
function topLevelRules(tokens: CSSToken[]): TopLevelRule[] {
  const rules: TopLevelRule[] = [];
  let prelude: CSSToken[] = [];
  let block: CSSToken[] | null = null;
  let depth = 0;
  for (const t of tokens) {
    if (block) {
      block.push(t);
      if (t[0] === TokenType.OpenCurly) depth++;
      else if (t[0] === TokenType.CloseCurly && --depth === 0) {
        rules.push({ prelude, block });
        prelude = [];
        block = null;
      }
    } else if (t[0] === TokenType.OpenCurly) {
      block = [t];
      depth = 1;
    } else if (t[0] === TokenType.Semicolon) prelude = [];
    else prelude.push(t);
  }
  return rules;
}

/** A selector list split at its top-level commas, each selector as trimmed text. */
function selectorList(prelude: CSSToken[]): string[] {
  const out: CSSToken[][] = [[]];
  let nesting = 0;
  for (const t of prelude) {
    if (t[0] === TokenType.OpenParen || t[0] === TokenType.OpenSquare || t[0] === TokenType.Function) nesting++;
    else if (t[0] === TokenType.CloseParen || t[0] === TokenType.CloseSquare) nesting--;
    if (t[0] === TokenType.Comma && nesting === 0) out.push([]);
    else out[out.length - 1]!.push(t);
  }
  return out.map((s) => stringify(...s).trim()).filter(Boolean);
}

/** The class names a selector uses (`.reveal .gd-w-run:hover` uses reveal and gd-w-run). */
function classesOf(selector: string): string[] {
  const tokens = lex(selector);
  const names: string[] = [];
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t[0] === TokenType.Delim && t[4].value === '.' && next?.[0] === TokenType.Ident) names.push(next[4].value);
  });
  return names;
}

/** A selector of the widget frame: it names a `gd-w-` part or the error box, and is not the phone layout's. */
const isWidgetSelector = (selector: string): boolean => {
  const classes = classesOf(selector);
  return classes.some((c) => c.startsWith('gd-w-') || c === 'gd-widget-error') && !classes.includes('gd-small-screen');
};

/** `:where(gd-timeline, gd-gil, ...)`: no specificity, so a page's own `gd-timeline { ... }` rule wins. */
const hostsWhere = (hosts: readonly string[]) => `:where(${hosts.join(',')})`;

/**
 * The theme's variable blocks, moved from the page root onto the widget elements: `:root` (the default, dark)
 * becomes the elements; `html[data-theme='light']` becomes an element with that attribute, or inside one.
 */
function variableSelectors(selectors: string[], hosts: readonly string[]): string[] | null {
  const where = hostsWhere(hosts);
  const out: string[] = [];
  for (const s of selectors) {
    const theme = /^html(\[data-theme=(['"]?)[\w-]+\2\])$/.exec(s)?.[1];
    if (s === ':root') out.push(where);
    else if (theme) out.push(`${where}${theme}`, `:where(${theme}) ${where}`);
    else return null;
  }
  return out;
}

/** The theme's variable blocks and widget-frame rules, with their selectors narrowed to the widget ones. */
export function widgetRulesOfTheme(themeCss: string, hosts: readonly string[]): string {
  const kept: string[] = [];
  for (const rule of topLevelRules(lex(themeCss))) {
    if (rule.prelude.some((t) => t[0] === TokenType.AtKeyword)) continue;
    const selectors = selectorList(rule.prelude);
    const block = stringify(...rule.block);
    const variables = variableSelectors(selectors, hosts);
    if (variables) {
      kept.push(`${variables.join(',')}${block}`);
      continue;
    }
    const widget = selectors.filter(isWidgetSelector);
    if (widget.length) kept.push(`${widget.join(',')}${block}`);
  }
  return kept.join('\n');
}

/** Replaces the deck's `.reveal` scope with the widget elements (`.reveal-print` and the like are other names). */
export function rescope(css: string, hosts: readonly string[]): string {
  const tokens = lex(css);
  const out: string[] = [];
  const scope = `:is(${hosts.join(',')})`;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t[0] === TokenType.Delim && t[4].value === '.' && next?.[0] === TokenType.Ident && next[4].value === 'reveal') {
      out.push(scope);
      i++;
    } else out.push(t[1]);
  }
  return out.join('');
}

/**
 * What a widget element needs on a page that is not a gildeck deck: a block of its own, in the theme's colours
 * (so it reads on a white blog and a dark deck alike), a base size for the frame's em sizes (a deck's is 36px),
 * and a chart wider than its column scrolls sideways instead of spilling out.
 */
export function hostRules(hosts: readonly string[]): string {
  const where = hostsWhere(hosts);
  return `${where}{display:block;box-sizing:border-box;min-height:4em;margin:1em 0;padding:.5em .7em;border:1px solid var(--gd-border);border-radius:10px;background:var(--gd-bg);color:var(--gd-fg);font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','DejaVu Sans',sans-serif;font-size:28px;line-height:1.3;text-align:left}
${where} .gd-w-body{overflow-x:auto;overscroll-behavior-x:contain}
${where} .gd-w-foot{margin-top:.3em}
${where} .gd-widget-error{font-size:.6em}`;
}

/** The standalone stylesheet: variables and frame from the theme, then each widget's own CSS, all on the elements. */
export function standaloneCss(themeCss: string, widgetsCss: string, hosts: readonly string[]): string {
  return [hostRules(hosts), rescope(widgetRulesOfTheme(themeCss, hosts), hosts), rescope(widgetsCss, hosts)].join('\n');
}
