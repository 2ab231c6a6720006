import { liveElement } from '../widgets/liveElement.js';
import { LIVE_WIDGETS } from '../widgets/live.js';
import { previewElement } from '../widgets/preview.js';
import { elementName, WIDGETS } from '../widgets/registry.js';

/** Registers a custom element for every widget in the registry (once, even if the bundle loads twice). */
export function defineWidgetElements(registry: CustomElementRegistry = customElements): void {
  for (const spec of WIDGETS.values()) {
    const name = elementName(spec.name);
    if (registry.get(name)) continue;
    const live = LIVE_WIDGETS.get(spec.name);
    registry.define(name, live ? liveElement(live) : previewElement(spec));
  }
}

export const WIDGET_SELECTOR = [...WIDGETS.keys()].map(elementName).join(',');
