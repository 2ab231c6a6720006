// Which of reveal.js's transitions a page can show, known before the deck initializes: the config's (front matter,
// or the checked URL) and every slide's own `data-transition` / `data-background-transition`. The start stylesheet
// has reveal.css's rules for the defaults; the others are a unit (see src/cli/revealCssPlugin.ts).

/** Transitions whose rules every page has: reveal.js's defaults (`slide`, and `fade` for backgrounds) and `none`. */
export const CORE_TRANSITIONS: readonly string[] = ['none', 'fade', 'slide'];

/**
 * The transitions reveal.css has rules for beyond those: the front matter's other choices (convex, concave, zoom),
 * the ones a slide attribute may name (default, linear), and the deck classes of older themes (cube, page).
 */
export const OTHER_TRANSITIONS: readonly string[] = ['convex', 'concave', 'zoom', 'default', 'linear', 'cube', 'page'];

/** The transition names the deck can use: `slide-in fade-out` names slide and fade. */
export function transitionsUsed(config: Record<string, unknown>, root: ParentNode): Set<string> {
  const names = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') for (const t of value.split(/\s+/)) if (t) names.add(t.replace(/-(in|out)$/, ''));
  };
  add(config.transition ?? 'slide');
  add(config.backgroundTransition ?? 'fade');
  for (const el of Array.from(root.querySelectorAll('[data-transition], [data-background-transition]'))) {
    add(el.getAttribute('data-transition'));
    add(el.getAttribute('data-background-transition'));
  }
  return names;
}

/** Whether the page needs the rules of transitions other than the core ones. */
export const needsOtherTransitions = (used: Iterable<string>): boolean => [...used].some((t) => !CORE_TRANSITIONS.includes(t));
