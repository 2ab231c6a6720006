import type { WidgetSpec } from './attributes.js';
import type { AnyWidgetDefinition } from './definition.js';
import { asyncioWidget } from './asyncio/widget.js';
import { compareWidget } from './compare/widget.js';
import { convoyWidget } from './convoy/widget.js';
import { gilWidget } from './gil/widget.js';
import { heatmapWidget } from './heatmap/widget.js';
import { raceWidget } from './race/widget.js';
import { serverWidget } from './server/widget.js';
import { sharingWidget } from './sharing/widget.js';
import { speedupWidget } from './speedup/widget.js';
import { timelineWidget } from './timeline/widget.js';

/**
 * Every widget a deck can use, in the order the docs list them. Everything else is derived from this list: the
 * compiler's directives and attribute schemas, the page's custom elements, the README's widget reference, and the
 * styles (each definition imports its own). Adding a widget is a folder under src/widgets and
 * its line here (and its import).
 */
const DEFINITIONS: readonly AnyWidgetDefinition[] = [
  timelineWidget,
  gilWidget,
  heatmapWidget,
  speedupWidget,
  convoyWidget,
  raceWidget,
  sharingWidget,
  asyncioWidget,
  serverWidget,
  compareWidget,
];

/** Every widget's live definition, by directive name (each is typed against its own schema where it is declared). */
export const LIVE_WIDGETS: ReadonlyMap<string, AnyWidgetDefinition> = new Map(DEFINITIONS.map((d) => [d.spec.name, d]));

/** Every widget's schema, by directive name. The compiler validates against it. */
export const WIDGETS: ReadonlyMap<string, WidgetSpec> = new Map([...LIVE_WIDGETS].map(([name, d]) => [name, d.spec]));

// Its own module, so the page's runtime can name the elements without loading every widget.
export { elementName } from './elementName.js';
