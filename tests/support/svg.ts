/** An element's markup with every number rounded to one decimal, so snapshots do not churn on float noise. */
export function roundedMarkup(el: Element): string {
  return el.outerHTML.replace(/-?\d+\.\d+/g, (n) => String(Math.round(Number(n) * 10) / 10)).replace(/></g, '>\n<');
}
