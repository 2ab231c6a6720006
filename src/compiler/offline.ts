import type { Element, Root } from 'hast';
import { raw } from 'hast-util-raw';
import { find, html, svg as svgSchema } from 'property-information';
import { findCssUrls } from './cssUrls.js';
import { type AttributeUrl, refreshUrl, srcsetUrls } from './htmlUrls.js';

/**
 * The offline check: every way a slide's HTML makes the page load something, read the way a browser reads it
 * (HTML's attribute syntaxes, CSS tokens, reveal.js's attributes, the URL standard), so that no spelling of a
 * remote URL gets past it. Links (`<a href>`, `<area>`, forms) are navigation and stay allowed.
 */

/** Where the deck may be opened from: served over HTTP(S) or as files. A URL remote from any of them is remote. */
const BASES = [new URL('http://deck.invalid/'), new URL('https://deck.invalid/'), new URL('file:///deck/index.html')];
const NETWORK = new Set(['http:', 'https:', 'ftp:', 'ws:', 'wss:', 'file:']);

/**
 * Whether the browser would request `ref` from another origin, resolved as the URL standard does (so `https:\\host`,
 * `https:host`, `//host`, `HTTPS:`, spaces around it and tabs inside it all count).
 */
export function isRemote(ref: string): boolean {
  return BASES.some((base) => {
    const url = parseUrl(ref, base);
    return url !== null && NETWORK.has(url.protocol) && (url.protocol !== base.protocol || url.host !== base.host);
  });
}

function parseUrl(ref: string, base: URL): URL | null {
  try {
    return new URL(ref, base);
  } catch {
    return null;
  }
}

/** A URL found in a slide, at the element that holds it. */
export interface RemoteReference {
  element: Element;
  url: string;
  /** Set when the reference could not be checked; the error then says why instead of naming a URL. */
  problem?: { message: string; hint: string };
}

type Reader = (value: string) => AttributeUrl[];

/** The whole value is one URL (the URL parser ignores the spaces around it). */
const single: Reader = (value) => {
  const start = value.length - value.trimStart().length;
  const end = value.trimEnd().length;
  return end > start ? [{ url: value.slice(start, end), start, end }] : [];
};

/** Comma-separated URLs, as reveal.js splits a background video's sources. */
const commaList: Reader = (value) => {
  const out: AttributeUrl[] = [];
  let at = 0;
  for (const part of value.split(',')) {
    for (const u of single(part)) out.push({ url: u.url, start: at + u.start, end: at + u.end });
    at += part.length + 1;
  }
  return out;
};

/** reveal.js's encoding of a background image URL: `url(${encode(decodeURI(part.trim()))})`. */
const revealEncode = (u: string) => encodeURI(u).replace(/%5B/g, '[').replace(/%5D/g, ']').replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** A background image, as reveal.js reads it: a data: URL whole, else comma-separated URLs, each URI-decoded. */
const backgroundImage: Reader = (value) => {
  if (/^data:/i.test(value.trim())) return single(value);
  return commaList(value).flatMap((u) => {
    let decoded: string | null = null;
    try {
      decoded = revealEncode(decodeURI(u.url));
    } catch {
      // reveal.js stops on a malformed escape; the URL as written is still checked.
    }
    return decoded && decoded !== u.url ? [u, { ...u, url: decoded }] : [u];
  });
};

/** `data-background` is an image when reveal.js thinks it looks like one, else a CSS `background`: check both. */
const background: Reader = (value) => [...backgroundImage(value), ...css(value)];

const css: Reader = findCssUrls;
const srcset: Reader = srcsetUrls;
const refresh: Reader = (value) => {
  const u = refreshUrl(value);
  return u ? [u] : [];
};

/** How a value is read, and whether what it names is a file the page loads (base and refresh only steer). */
interface Rule {
  read: Reader;
  load: boolean;
  /** A URL shown as a document (frames, objects), whose data: URL is itself a page that may load things. */
  document?: boolean;
}
const url: Rule = { read: single, load: true };
const page: Rule = { read: single, load: true, document: true };
const list: Rule = { read: commaList, load: true };
const styles: Rule = { read: css, load: true };
const candidates: Rule = { read: srcset, load: true };

/** HTML attributes that load, by element (hast property names). */
const HTML_RULES: Record<string, Record<string, Rule>> = {
  img: { src: url, srcSet: candidates },
  input: { src: url },
  video: { src: url, poster: url },
  audio: { src: url },
  source: { src: url, srcSet: candidates },
  track: { src: url },
  iframe: { src: page, dataSrc: page },
  frame: { src: page },
  script: { src: url },
  embed: { src: page },
  object: { data: page },
  link: { href: url, imageSrcSet: candidates },
  // Not loads, but they steer the page elsewhere: every relative URL, or the page itself.
  base: { href: { read: single, load: false } },
  // The slide's own attributes (from `<!-- .slide: -->`), as reveal.js turns them into its background.
  section: {
    dataBackground: { read: background, load: true },
    dataBackgroundImage: { read: backgroundImage, load: true },
    dataBackgroundVideo: list,
    dataBackgroundIframe: page,
    dataBackgroundGradient: styles,
  },
};

/** On any element: CSS, the old `background` attribute, reveal.js's lazy loading and lightbox. */
const GLOBAL_RULES: Record<string, Rule> = { style: styles, background: url, dataSrc: url, dataPreviewImage: url, dataPreviewVideo: url };

/** SVG presentation attributes that take `url(...)`. */
const SVG_CSS = ['fill', 'stroke', 'filter', 'mask', 'clipPath', 'markerStart', 'markerMid', 'markerEnd', 'cursor'];
const SVG_RULES: Record<string, Rule> = { href: url, xLinkHref: url, ...Object.fromEntries(SVG_CSS.map((p) => [p, styles])) };

/** SMIL's `values`: a `;`-separated list of what `read` reads (CSS is tokenized whole: a `;` there is a token). */
const valueList = (read: Reader): Reader => (read !== single ? read : (value) => {
  const out: AttributeUrl[] = [];
  let at = 0;
  for (const part of value.split(';')) {
    for (const u of single(part)) out.push({ url: u.url, start: at + u.start, end: at + u.end });
    at += part.length + 1;
  }
  return out;
});

/**
 * SVG animation that sets an attribute (`<set attributeName="href" to="...">`, `<animate values="a;b">`) loads
 * what it sets, so its `to`, `from`, `by` and `values` are read as that attribute is.
 */
function animationRules(el: Element): Array<[string, Rule]> {
  const name = String(el.properties.attributeName ?? '').trim();
  const prop = find(svgSchema, name).property;
  const target = Object.hasOwn(SVG_RULES, prop) ? SVG_RULES[prop] : Object.hasOwn(GLOBAL_RULES, prop) ? GLOBAL_RULES[prop] : undefined;
  if (!name || !target) return [];
  return [['to', target], ['from', target], ['by', target], ['values', { ...target, read: valueList(target.read) }]];
}

/** The rules that apply to an element; in SVG every `href` but a link's loads (`<use>`, `<image>`, `<feImage>`...). */
function rulesFor(el: Element, svg: boolean): Array<[string, Rule]> {
  const own = svg ? (el.tagName === 'a' ? {} : SVG_RULES) : Object.hasOwn(HTML_RULES, el.tagName) ? HTML_RULES[el.tagName] : {};
  const rules = Object.entries({ ...GLOBAL_RULES, ...own });
  if (svg && (el.tagName === 'set' || el.tagName === 'animate')) rules.push(...animationRules(el));
  const equiv = el.properties.httpEquiv;
  if (!svg && el.tagName === 'meta' && String(equiv ?? '').toLowerCase().split(/[\s,]+/).includes('refresh')) rules.push(['content', { read: refresh, load: false }]);
  return rules;
}

/** Pages inside pages (`srcdoc`, `data:text/html,...`) are read this many levels deep; deeper is an error. */
const MAX_NESTED_PAGES = 3;
const DOCUMENT_TYPES = new Set(['text/html', 'application/xhtml+xml', 'image/svg+xml', 'text/xml', 'application/xml']);

interface Found {
  /** The slide's element the reference is in (for a page inside an attribute: the element with that attribute). */
  element: Element;
  url: string;
  load: boolean;
  /** The slide element's attribute it is written in, and where in its value (for a nested page: the whole page). */
  at: Span;
  /** Whether the URL resolves against the deck (not inside a data: page, where relative URLs load nothing). */
  deckRelative: boolean;
  problem?: RemoteReference['problem'];
}

interface Span {
  prop: string;
  start: number;
  end: number;
}

interface Scope {
  /** The slide's element and attribute everything found belongs to, when inside a nested page. */
  owner: { element: Element; at: Span } | null;
  depth: number;
  deckRelative: boolean;
}

/** Every reference in a tree, in document order. The walk keeps its own stack: slides may nest deeply. */
function scan(root: Root, scope: Scope, out: Found[]): void {
  const stack: Array<{ node: Element; svg: boolean }> = [];
  const push = (children: Root['children'], svg: boolean) => {
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i]!;
      if (c.type === 'element') stack.push({ node: c, svg });
    }
  };
  push(root.children, false);
  while (stack.length) {
    const { node, svg: parentSvg } = stack.pop()!;
    const svg = node.tagName === 'svg' || (parentSvg && node.tagName !== 'foreignObject');
    scanElement(node, svg, scope, out);
    if (node.tagName === 'template' && node.content) push(node.content.children, svg);
    push(node.children, svg);
  }
}

function scanElement(el: Element, svg: boolean, scope: Scope, out: Found[]): void {
  const ownerOf = (at: Span) => scope.owner ?? { element: el, at };
  const add = (u: AttributeUrl, prop: string, load: boolean) => {
    const owner = ownerOf({ prop, start: u.start, end: u.end });
    out.push({ element: owner.element, url: u.url, load, at: owner.at, deckRelative: scope.deckRelative });
    nestedCss(dataText(u.url, CSS_TYPES), owner, scope, out);
  };
  for (const [prop, rule] of rulesFor(el, svg)) {
    const value = el.properties[prop];
    if (typeof value !== 'string') continue;
    for (const u of rule.read(value)) {
      add(u, prop, rule.load);
      if (rule.document) nestedPage(dataDocument(u.url), ownerOf({ prop, start: u.start, end: u.end }), scope, out, false);
    }
  }
  if (el.tagName === 'style') for (const u of findCssUrls(textOf(el))) add(u, '', true);
  const srcdoc = el.properties.srcDoc;
  // A srcdoc page has the deck's URL as its base, so its relative URLs are the deck's files.
  if (!svg && el.tagName === 'iframe' && typeof srcdoc === 'string') {
    nestedPage(srcdoc, ownerOf({ prop: 'srcDoc', start: 0, end: srcdoc.length }), scope, out, true);
  }
}

function nestedPage(text: string | null, owner: NonNullable<Scope['owner']>, scope: Scope, out: Found[], deckRelative: boolean): void {
  if (text === null) return;
  const unchecked = (why: string) => {
    out.push({
      element: owner.element,
      url: '',
      load: false,
      at: owner.at,
      deckRelative: false,
      problem: {
        message: `a page inside a page (srcdoc or a data: URL) ${why}, so it cannot be checked for loads from the network; decks work offline`,
        hint: 'put the inner page in a file under assets/ and point the frame at it, e.g. `src="assets/demo.html"`',
      },
    });
  };
  if (scope.depth >= MAX_NESTED_PAGES) return unchecked(`is nested more than ${MAX_NESTED_PAGES} deep`);
  let tree: Root;
  try {
    tree = raw({ type: 'root', children: [{ type: 'raw', value: text }] }) as Root;
  } catch {
    // The HTML-to-tree conversion recurses; a page nested thousands of elements deep exhausts the stack.
    return unchecked('is too deeply nested to read');
  }
  scan(tree, { owner, depth: scope.depth + 1, deckRelative: deckRelative && scope.deckRelative }, out);
}

/**
 * A stylesheet in a data: URL (`<link rel="stylesheet" href="data:text/css,...">`, `@import url(data:...)`):
 * its `@import`s and `url()`s load too. Relative ones resolve against the data: URL, so they load nothing.
 */
function nestedCss(text: string | null, owner: NonNullable<Scope['owner']>, scope: Scope, out: Found[]): void {
  if (text === null) return;
  if (scope.depth >= MAX_NESTED_PAGES) {
    out.push({
      element: owner.element,
      url: '',
      load: false,
      at: owner.at,
      deckRelative: false,
      problem: {
        message: `a stylesheet in a data: URL is nested more than ${MAX_NESTED_PAGES} deep, so it cannot be checked for loads from the network; decks work offline`,
        hint: 'put the stylesheet in a file under assets/ and link it, e.g. `href="assets/extra.css"`',
      },
    });
    return;
  }
  for (const u of findCssUrls(text)) {
    out.push({ element: owner.element, url: u.url, load: true, at: owner.at, deckRelative: false });
    nestedCss(dataText(u.url, CSS_TYPES), owner, { ...scope, depth: scope.depth + 1 }, out);
  }
}

/** The text of a data: URL that is a page (HTML, SVG, XML), or null. */
export const dataDocument = (ref: string): string | null => dataText(ref, DOCUMENT_TYPES);

const CSS_TYPES = new Set(['text/css']);

/** The text of a data: URL of one of `types`, or null. Per the Fetch standard's data: URL processor. */
function dataText(ref: string, types: ReadonlySet<string>): string | null {
  const u = parseUrl(ref, BASES[0]!);
  if (u?.protocol !== 'data:') return null;
  const body = u.href.slice('data:'.length).split('#', 1)[0]!;
  const comma = body.indexOf(',');
  if (comma === -1) return null;
  const meta = body.slice(0, comma).trim();
  const base64 = /;\s*base64$/i.test(meta);
  const type = (meta.split(';', 1)[0] ?? '').trim().toLowerCase();
  if (!types.has(type)) return null;
  const bytes = percentDecode(body.slice(comma + 1));
  return new TextDecoder().decode(base64 ? Buffer.from(bytes.toString('latin1').replace(/\s/g, ''), 'base64') : bytes);
}

function percentDecode(s: string): Buffer {
  const bytes: number[] = [];
  const utf8 = Buffer.from(s, 'utf8');
  for (let i = 0; i < utf8.length; i++) {
    const b = utf8[i]!;
    const hex = b === 0x25 ? utf8.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(b);
  }
  return Buffer.from(bytes);
}

/** All the text inside an element (Markdown may have turned part of a style's text into elements, e.g. links). */
function textOf(el: Element): string {
  let text = '';
  const stack: Element['children'] = [...el.children].reverse();
  while (stack.length) {
    const c = stack.pop()!;
    if (c.type === 'text') text += c.value;
    else if (c.type === 'element') for (let i = c.children.length - 1; i >= 0; i--) stack.push(c.children[i]!);
  }
  return text;
}

/** Control characters shown escaped, so a tab hidden in a scheme is visible in the error. */
const printable = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Finds every reference that would make the deck request something off its own origin, in document order. */
export function findRemoteReferences(root: Root): RemoteReference[] {
  const found: Found[] = [];
  scan(root, { owner: null, depth: 0, deckRelative: true }, found);
  return remote(found).map(({ element, url, problem }) => (problem ? { element, url, problem } : { element, url }));
}

function remote(found: Found[]): Array<Found & { url: string }> {
  return found.filter((f) => f.problem || isRemote(f.url)).map((f) => ({ ...f, url: printable(f.url.trim()) }));
}

/** Files the page loads from its own folder (images, video, ...): the build checks that they are there. */
export function findLocalReferences(root: Root): RemoteReference[] {
  const found: Found[] = [];
  scan(root, { owner: null, depth: 0, deckRelative: true }, found);
  return found.filter((f) => f.load && f.deckRelative && isLocalFile(f.url)).map((f) => ({ element: f.element, url: f.url.trim() }));
}

/** A path into the deck's own folder: not remote, not a data: or blob: URL, not just `#fragment`. */
function isLocalFile(ref: string): boolean {
  const r = ref.trim();
  if (!r || r.startsWith('#') || isRemote(r)) return false;
  const u = parseUrl(r, BASES[0]!);
  return u !== null && u.protocol === 'http:' && u.host === BASES[0]!.host;
}

/** A remote reference among a slide's attributes: the attribute, its value, and where in the value it is written. */
export interface RemoteSlideAttribute extends Omit<RemoteReference, 'element'> {
  attribute: string;
  value: string;
  start: number;
}

/** Remote URLs among a slide's attributes (from `<!-- .slide: -->`), read as reveal.js reads them. */
export function findRemoteSlideAttributes(attributes: Readonly<Record<string, string>>): RemoteSlideAttribute[] {
  const properties: Record<string, string> = Object.create(null);
  const names: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(attributes)) {
    // property-information's lookup returns nothing for names like `constructor` (it checks with `in`).
    const prop = find(html, name)?.property ?? name;
    properties[prop] = value;
    names[prop] = name;
  }
  const found: Found[] = [];
  scanElement({ type: 'element', tagName: 'section', properties, children: [] }, false, { owner: null, depth: 0, deckRelative: true }, found);
  return remote(found).map(({ url, problem, at }) => ({ url, ...(problem && { problem }), attribute: names[at.prop] ?? '', value: properties[at.prop] ?? '', start: at.start }));
}
