import { liveElement } from '../widgets/liveElement.js';
import { elementName, LIVE_WIDGETS } from '../widgets/registry.js';

/** Registers a custom element for every widget in the registry (once, even if the bundle loads twice). */
export function defineWidgetElements(registry: CustomElementRegistry = customElements): void {
  for (const [name, def] of LIVE_WIDGETS) if (!registry.get(elementName(name))) registry.define(elementName(name), liveElement(def));
}
