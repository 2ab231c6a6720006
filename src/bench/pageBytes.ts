// What a built page itself carries of its JS and CSS: counted as start bytes by bench-load and bench-build.

/**
 * The text of a page's inline `<style>` or `<script>` elements (not JSON data, not scripts with a `src`), joined:
 * gildeck's start stylesheet and first-paint script, the deck's theme keys; all of what Marp's one file holds.
 */
export const inlineText = (html: string, tag: 'style' | 'script'): string =>
  [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\ssrc=)(?![^>]*type="application/json")[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!).join('\n');

/**
 * The files a built page loads at start by itself: scripts and stylesheets it links or preloads, and the scripts its
 * first-paint script starts (`data-gildeck-runtime`, a space-separated list, started in order).
 */
export function startFiles(html: string): string[] {
  const names = [...html.matchAll(/<(?:script[^>]*\ssrc|link rel="(?:stylesheet|preload)"[^>]*\shref)="([^"]+)"/g)].map((m) => m[1]!);
  for (const m of html.matchAll(/\sdata-gildeck-runtime="([^"]+)"/g)) names.push(...m[1]!.split(' ').filter(Boolean));
  return [...new Set(names)];
}
