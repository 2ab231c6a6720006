/** One legend entry: a swatch styled by the caller (a colour, a height, a class) and its label. */
export function legendItem(label: string, style: Partial<CSSStyleDeclaration> = {}, className?: string): HTMLElement {
  const item = document.createElement('span');
  const swatch = document.createElement('i');
  Object.assign(swatch.style, style);
  if (className) swatch.className = className;
  item.append(swatch, label);
  return item;
}
