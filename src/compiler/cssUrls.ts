import { type CSSToken, TokenType, tokenize } from '@csstools/css-tokenizer';

/** A URL that CSS would load, as the browser reads it (escapes resolved), and where its token is in the text. */
export interface CssUrl {
  url: string;
  start: number;
  /** Exclusive. */
  end: number;
}

/** Functions whose string arguments are URLs: `url("a")`, `src("a")`, `image-set("a" 1x)`, `image("a")`. */
const STRING_URL_FUNCTIONS = new Set(['url', 'src', 'image-set', '-webkit-image-set', 'image']);

/**
 * Every URL a stylesheet, a `style` attribute or a single CSS value would load. Tokenized per CSS Syntax Level 3
 * (escapes, comments, strings, unquoted `url(...)`), so `url(\68ttps://...)` is `https://...` and a `url(` inside
 * a comment or a string is nothing. `@namespace url(...)` names a namespace and loads nothing.
 */
export function findCssUrls(css: string): CssUrl[] {
  const tokens = tokenize({ css }, { onParseError: () => {} });
  const found: CssUrl[] = [];
  // Open functions and blocks, innermost last, with the token that closes each (only its mirror does, as in
  // CSS Syntax's "consume a simple block"): a string is a URL only directly inside one of STRING_URL_FUNCTIONS.
  const open: Array<{ name: string; close: TokenType }> = [];
  // The at-rule whose prelude we are in, and at which nesting depth it started.
  let prelude: { name: string; depth: number } | null = null;
  const add = (t: CSSToken, url: string) => {
    if (prelude?.name !== 'namespace') found.push({ url, start: t[2], end: t[3] + 1 });
  };
  for (const t of tokens) {
    switch (t[0]) {
      case TokenType.URL:
        add(t, t[4].value);
        break;
      case TokenType.String: {
        const fn = open[open.length - 1]?.name;
        if ((fn !== undefined && STRING_URL_FUNCTIONS.has(fn)) || (prelude?.name === 'import' && prelude.depth === open.length)) add(t, t[4].value);
        break;
      }
      case TokenType.AtKeyword:
        prelude = { name: t[4].value.toLowerCase(), depth: open.length };
        break;
      case TokenType.Function:
        open.push({ name: t[4].value.toLowerCase(), close: TokenType.CloseParen });
        break;
      case TokenType.OpenParen:
        open.push({ name: '', close: TokenType.CloseParen });
        break;
      case TokenType.OpenSquare:
        open.push({ name: '', close: TokenType.CloseSquare });
        break;
      case TokenType.OpenCurly:
        if (prelude?.depth === open.length) prelude = null;
        open.push({ name: '', close: TokenType.CloseCurly });
        break;
      case TokenType.CloseParen:
      case TokenType.CloseSquare:
      case TokenType.CloseCurly:
        if (open[open.length - 1]?.close !== t[0]) break;
        open.pop();
        if (prelude && prelude.depth > open.length) prelude = null;
        break;
      case TokenType.Semicolon:
        if (prelude?.depth === open.length) prelude = null;
        break;
    }
  }
  return found;
}
