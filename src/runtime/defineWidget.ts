import type { AnyWidgetDefinition } from '../widgets/definition.js';
import { elementName } from '../widgets/elementName.js';
import { liveElement, provideSource } from '../widgets/liveElement.js';
import { pageSource } from './engine.js';

/**
 * What a widget's chunk runs when the page requires it: its custom element, drawing from the page's one engine.
 * `module` is the widget's widget.ts; its definition is the export whose spec has the widget's name.
 */
export function defineWidget(name: string, module: Record<string, unknown>): void {
  const def = Object.values(module).find((v): v is AnyWidgetDefinition => (v as Partial<AnyWidgetDefinition> | null)?.spec?.name === name);
  if (!def) throw new Error(`gildeck: src/widgets/${name}/widget.ts exports no widget named "${name}"`);
  provideSource(pageSource);
  if (!customElements.get(elementName(name))) customElements.define(elementName(name), liveElement(def));
}
