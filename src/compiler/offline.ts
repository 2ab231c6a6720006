import type { Element, Root } from 'hast';

/**
 * Attributes through which a page fetches something when shown (links are navigation and stay allowed).
 * `data-src` is reveal.js's lazy loading: it becomes `src` as the slide comes near.
 */
const FETCHING: Record<string, string[]> = {
  img: ['src', 'srcSet', 'dataSrc'],
  video: ['src', 'poster', 'dataSrc'],
  audio: ['src', 'dataSrc'],
  source: ['src', 'srcSet', 'dataSrc'],
  track: ['src'],
  iframe: ['src', 'dataSrc'],
  script: ['src'],
  embed: ['src'],
  object: ['data'],
  link: ['href'],
  image: ['href'],
};
const REMOTE = /^\s*(https?:)?\/\//i;
const CSS_URL = /url\(\s*['"]?((https?:)?\/\/[^'")]+)/i;

export interface RemoteReference {
  element: Element;
  url: string;
}

/** Every element attribute through which the page loads something, in document order. */
function fetchedAttributes(root: Root): Array<{ element: Element; prop: string; value: string }> {
  const out: Array<{ element: Element; prop: string; value: string }> = [];
  const visit = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      for (const prop of FETCHING[child.tagName] ?? []) {
        const v = child.properties[prop];
        if (typeof v === 'string' && v.trim()) out.push({ element: child, prop, value: v.trim() });
      }
      visit(child);
    }
  };
  visit(root);
  return out;
}

/** Finds every reference that would make the deck request something off its own origin. */
export function findRemoteReferences(root: Root): RemoteReference[] {
  const found: RemoteReference[] = fetchedAttributes(root)
    .filter((a) => REMOTE.test(a.value))
    .map((a) => ({ element: a.element, url: a.value }));
  const visit = (node: Root | Element) => {
    for (const child of node.children) {
      if (child.type !== 'element') continue;
      const style = child.properties.style;
      const css = typeof style === 'string' ? CSS_URL.exec(style) : null;
      if (css) found.push({ element: child, url: css[1]! });
      if (child.tagName === 'style') {
        const text = child.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
        const m = CSS_URL.exec(text) ?? /@import\s+['"]((https?:)?\/\/[^'"]+)/i.exec(text);
        if (m) found.push({ element: child, url: m[1]! });
      }
      visit(child);
    }
  };
  visit(root);
  return found;
}

const NOT_A_FILE = /^\s*(https?:|\/\/|data:|blob:|#|mailto:|javascript:)/i;

/** Files the page loads from its own folder (images, video, ...): the build checks that they are there. */
export function findLocalReferences(root: Root): RemoteReference[] {
  return fetchedAttributes(root)
    .filter((a) => a.prop !== 'srcSet' && !NOT_A_FILE.test(a.value))
    .map((a) => ({ element: a.element, url: a.value }));
}

/** `<section>` attributes (from `<!-- .slide: -->`) that reveal.js loads as the slide's background. */
const BACKGROUNDS = ['data-background', 'data-background-image', 'data-background-video', 'data-background-iframe'];

/** Remote URLs among a slide's background attributes; a video background may list several, comma-separated. */
export function findRemoteSlideAttributes(attributes: Readonly<Record<string, string>>): string[] {
  return BACKGROUNDS.flatMap((name) =>
    (attributes[name] ?? '')
      .split(',')
      .map((url) => url.trim())
      .filter((url) => REMOTE.test(url)),
  );
}
