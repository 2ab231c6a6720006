import type { WidgetSpec } from './attributes.js';
import { asyncio } from './asyncio/schema.js';
import { compare } from './compare/schema.js';
import { convoy } from './convoy/schema.js';
import { gil } from './gil/schema.js';
import { heatmap } from './heatmap/schema.js';
import { race } from './race/schema.js';
import { server } from './server/schema.js';
import { sharing } from './sharing/schema.js';
import { speedup } from './speedup/schema.js';
import { timeline } from './timeline/schema.js';

/** Every widget a deck can use, by directive name. The compiler validates against it; the runtime mounts from it. */
export const WIDGETS: ReadonlyMap<string, WidgetSpec> = new Map(
  [timeline, gil, heatmap, speedup, convoy, race, sharing, asyncio, server, compare].map((w) => [w.name, w as WidgetSpec]),
);

/** Custom element names are the directive name with a prefix, so `::race` never clashes with a future HTML tag. */
export const elementName = (widget: string): string => `gd-${widget}`;
