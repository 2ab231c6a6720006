import { liveElement } from '../widgets/liveElement.js';
import { LIVE_WIDGETS } from '../widgets/live.js';
import { elementName, WIDGETS } from '../widgets/registry.js';

/** Registers a custom element for every widget in the registry (once, even if the bundle loads twice). */
export function defineWidgetElements(registry: CustomElementRegistry = customElements): void {
  for (const spec of WIDGETS.values()) {
    const name = elementName(spec.name);
    const live = LIVE_WIDGETS.get(spec.name);
    if (!registry.get(name) && live) registry.define(name, liveElement(live));
  }
}

export const WIDGET_SELECTOR = [...WIDGETS.keys()].map(elementName).join(',');
