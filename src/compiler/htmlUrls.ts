/** The URLs in HTML's small attribute languages, read as the HTML standard's algorithms read them. */

/** A URL inside an attribute value, and where it is in that value (`end` exclusive). */
export interface AttributeUrl {
  url: string;
  start: number;
  end: number;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\f' || c === '\r';

/**
 * Every candidate URL of a `srcset` (HTML's "parse a srcset attribute"): candidates are split at commas that
 * follow whitespace or a URL, never at commas inside a URL (`a.png?x=1,2 1x`) or inside a descriptor's parentheses.
 */
export function srcsetUrls(value: string): AttributeUrl[] {
  const out: AttributeUrl[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && (isSpace(value[i]) || value[i] === ',')) i++;
    if (i >= value.length) break;
    const start = i;
    while (i < value.length && !isSpace(value[i])) i++;
    let end = i;
    if (value[end - 1] === ',') {
      // The URL ended the candidate: it has no descriptors.
      while (end > start && value[end - 1] === ',') end--;
    } else {
      // Skip the descriptors, up to a comma outside parentheses.
      let parens = false;
      for (; i < value.length; i++) {
        const c = value[i];
        if (parens) parens = c !== ')';
        else if (c === '(') parens = true;
        else if (c === ',') {
          i++;
          break;
        }
      }
    }
    if (end > start) out.push({ url: value.slice(start, end), start, end });
  }
  return out;
}

/**
 * The URL a `<meta http-equiv="refresh" content="...">` goes to (HTML's "shared declarative refresh steps"), or
 * null when it only reloads the page or is not a refresh at all.
 */
export function refreshUrl(content: string): AttributeUrl | null {
  let i = 0;
  const skipSpace = () => {
    while (isSpace(content[i])) i++;
  };
  skipSpace();
  const digits = i;
  while (content[i]! >= '0' && content[i]! <= '9') i++;
  if (i === digits && content[i] !== '.') return null;
  while ((content[i]! >= '0' && content[i]! <= '9') || content[i] === '.') i++;
  if (i >= content.length) return null;
  if (content[i] !== ';' && content[i] !== ',' && !isSpace(content[i])) return null;
  skipSpace();
  if (content[i] === ';' || content[i] === ',') i++;
  skipSpace();
  if (i >= content.length) return null;
  const urlWord = () => {
    for (const letter of 'url') {
      if (content[i]?.toLowerCase() !== letter) return false;
      i++;
    }
    skipSpace();
    if (content[i] !== '=') return false;
    i++;
    skipSpace();
    return true;
  };
  const before = i;
  if (!urlWord()) i = before;
  const quote = content[i] === '"' || content[i] === "'" ? content[i++] : '';
  const start = i;
  const close = quote ? content.indexOf(quote, start) : -1;
  const end = close === -1 ? content.length : close;
  return { url: content.slice(start, end), start, end };
}
