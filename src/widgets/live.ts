import type { AttributeSpecs } from './attributes.js';
import type { WidgetDefinition } from './definition.js';
import { timelineWidget } from './timeline/widget.js';

/** The widgets that run live, by directive name; the others are still previews. */
export const LIVE_WIDGETS: ReadonlyMap<string, WidgetDefinition<AttributeSpecs, unknown>> = new Map(
  [timelineWidget].map((d) => [d.spec.name, d as unknown as WidgetDefinition<AttributeSpecs, unknown>]),
);
