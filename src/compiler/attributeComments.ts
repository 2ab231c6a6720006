import type { Comment, Element, Root } from 'hast';
import { find, html } from 'property-information';

const ELEMENT = /\.element\s*?(.+?)$/m;
const SLIDE = /\.slide:\s*?(\S.+?)$/m;
const PAIR = /([^"= ]+?)="([^"]+?)"|(data-[^"= ]+?)(?=[" ])/gm;

/** Parses `class="fragment" data-x="1" data-flag` into attribute pairs, as reveal.js's markdown plugin does. */
export function parseAttributeList(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const m of text.matchAll(PAIR)) pairs.push(m[2] !== undefined ? [m[1]!, m[2]] : [m[3]!, '']);
  return pairs;
}

/**
 * Names an attribute comment may not set: property-information and the hast serializers look attributes up in
 * plain objects, where `constructor` or `__proto__` find Object's own members instead of an attribute.
 */
export const isPrototypeKey = (name: string): boolean => name in Object.prototype || name.toLowerCase() in Object.prototype;

/** Reports an attribute comment that cannot be applied. */
export type AttributeProblem = (comment: Comment, message: string, hint: string) => void;

export function setAttribute(el: Element, name: string, value: string): void {
  if (isPrototypeKey(name)) return;
  const info = find(html, name);
  const values = info.spaceSeparated ? value.split(/\s+/).filter(Boolean) : value;
  // reveal.js replaces the class, but the compiler's own `gd-` classes (code steps, widget figures) must stay.
  const own = info.property === 'className' && Array.isArray(el.properties.className) ? el.properties.className.filter((c) => String(c).startsWith('gd-')) : [];
  el.properties[info.property] = own.length && Array.isArray(values) ? [...own, ...values] : values;
}

/**
 * Applies `<!-- .element: ... -->` to the element before the comment (or its parent, or a list's last item) and
 * `<!-- .slide: ... -->` to the slide, with the same targeting rules as reveal.js's markdown plugin. Matched
 * comments are removed.
 */
export function applyAttributeComments(root: Root, slideAttributes: Record<string, string>, report: AttributeProblem = () => {}): void {
  // One pass per level, keeping the last element seen: a slide of thousands of comments stays linear.
  const visit = (parent: Root | Element) => {
    let previous: Root | Element = parent;
    const kept: typeof parent.children = [];
    for (const child of parent.children) {
      if (child.type === 'element') {
        visit(child);
        if (child.tagName !== 'br') previous = child;
      } else if (child.type === 'comment' && applyComment(child, previous, slideAttributes, report)) continue;
      kept.push(child as never);
    }
    parent.children = kept;
  };
  visit(root);
}

function applyComment(comment: Comment, previous: Root | Element, slide: Record<string, string>, report: AttributeProblem): boolean {
  const allowed = ([k]: [string, string]) => {
    if (!isPrototypeKey(k)) return true;
    report(comment, `"${k}" cannot be set by an attribute comment`, 'use an HTML attribute name such as class, id, style or data-...');
    return false;
  };
  const el = ELEMENT.exec(comment.value);
  if (el) {
    let target = previous;
    // hast keeps no blank lines between blocks, so compare lines: a comment right under a list targets its last item.
    const listEnd = previous.position?.end.line;
    const commentStart = comment.position?.start.line;
    const blankLineBefore = listEnd !== undefined && commentStart !== undefined && commentStart > listEnd + 1;
    if (target.type === 'element' && (target.tagName === 'ul' || target.tagName === 'ol') && !blankLineBefore) {
      const items = target.children.filter((c): c is Element => c.type === 'element');
      target = items[items.length - 1] ?? target;
    }
    if (target.type === 'element') {
      for (const [k, v] of parseAttributeList(el[1]!).filter(allowed)) setAttribute(target, k, v);
      return true;
    }
  }
  const sl = SLIDE.exec(comment.value);
  if (sl) {
    for (const [k, v] of parseAttributeList(sl[1]!).filter(allowed)) slide[k] = v;
    return true;
  }
  return false;
}
