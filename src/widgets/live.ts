import type { AttributeSpecs } from './attributes.js';
import type { WidgetDefinition } from './definition.js';
import { convoyWidget } from './convoy/widget.js';
import { gilWidget } from './gil/widget.js';
import { heatmapWidget } from './heatmap/widget.js';
import { timelineWidget } from './timeline/widget.js';
import { compareWidget } from './compare/widget.js';
import { sharingWidget } from './sharing/widget.js';
import { speedupWidget } from './speedup/widget.js';
import { raceWidget } from './race/widget.js';
import { asyncioWidget } from './asyncio/widget.js';
import { serverWidget } from './server/widget.js';

/** How each widget in the registry runs, by directive name. */
export const LIVE_WIDGETS: ReadonlyMap<string, WidgetDefinition<AttributeSpecs, unknown>> = new Map(
  [timelineWidget, gilWidget, heatmapWidget, convoyWidget, speedupWidget, sharingWidget, compareWidget, raceWidget, asyncioWidget, serverWidget].map((d) => [d.spec.name, d as unknown as WidgetDefinition<AttributeSpecs, unknown>]),
);
