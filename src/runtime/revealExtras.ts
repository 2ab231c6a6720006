// reveal.js features a deck turns on in its config or its slides' classes, known before the deck initializes:
// fragment styles other than the plain fade, layout helpers, right-to-left, linear navigation, edge controls, notes
// shown beside the slides.
// Their rules are a unit (see src/cli/revealCssPlugin.ts), loaded before the deck starts when the page uses one.

/** Fragment styles (`class="fragment grow"`): the plain fragment and its states are every page's. */
export const FRAGMENT_STYLES: readonly string[] = [
  'grow', 'shrink', 'strike', 'fade-out', 'fade-up', 'fade-down', 'fade-left', 'fade-right', 'fade-in-then-out', 'fade-in-then-semi-out',
  'semi-fade-out', 'current-visible', 'zoom-in', 'highlight-red', 'highlight-green', 'highlight-blue', 'highlight-current-red',
  'highlight-current-green', 'highlight-current-blue',
];

/** reveal.js's layout helper classes. */
export const LAYOUT_HELPERS: readonly string[] = ['r-stack', 'r-hstack', 'r-vstack', 'r-stretch', 'stretch', 'r-fit-text', 'roll'];

/** What the config turns on: the class or attribute reveal.js sets on `.reveal` for it. */
export const CONFIG_EXTRAS = { rtl: '.rtl', navigationMode: '[data-navigation-mode=linear]', controlsLayout: '[data-controls-layout=edges]', showNotes: '.show-notes' } as const;

const ELEMENTS = [...FRAGMENT_STYLES.map((s) => `.fragment.${s}`), ...LAYOUT_HELPERS.map((c) => `.${c}`)].join(',');

/** Whether the page uses any of them. */
export function needsRevealExtras(config: Record<string, unknown>, root: ParentNode): boolean {
  return config.rtl === true || config.navigationMode === 'linear' || config.controlsLayout === 'edges' || Boolean(config.showNotes) || root.querySelector(ELEMENTS) !== null;
}
