/**
 * Colours a widget draws in, as CSS custom properties with gildeck's own value as the fallback:
 * `var(--gd-state-running, #009E73)`. SVG takes them as style (not attributes, which do not read var()); HTML swatches
 * as a background; a canvas cannot read var(), so it resolves them once per draw with `resolveVars`.
 */
export const themeVar = (name: string, fallback: string): string => `var(--${name}, ${fallback})`;

const VAR = /^var\((--[\w-]+),\s*(.+)\)$/;

/** The colour a `themeVar` stands for at `el` (the deck's or the light theme's, else the fallback). */
export function resolveVar(style: Pick<CSSStyleDeclaration, 'getPropertyValue'>, value: string): string {
  const m = VAR.exec(value);
  if (!m) return value;
  return style.getPropertyValue(m[1]!).trim() || m[2]!;
}

/** Every colour of `colors` resolved at `el`: one getComputedStyle per draw, for a canvas. */
export function resolveVars<K extends string>(el: Element, colors: Readonly<Record<K, string>>): Record<K, string> {
  const style = getComputedStyle(el);
  return Object.fromEntries(Object.entries(colors).map(([k, v]) => [k, resolveVar(style, v as string)])) as Record<K, string>;
}
