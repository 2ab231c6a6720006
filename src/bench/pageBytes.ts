// What a built page itself carries of its JS and CSS: counted as start bytes by bench-load and bench-build.

/**
 * The text of a page's inline `<style>` or `<script>` elements (not JSON data, not scripts with a `src`), joined:
 * gildeck's start stylesheet and first-paint script, the deck's theme keys; all of what Marp's one file holds.
 */
export const inlineText = (html: string, tag: 'style' | 'script'): string =>
  [...html.matchAll(new RegExp(`<${tag}(?![^>]*\\ssrc=)(?![^>]*type="application/json")[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]!).join('\n');
