import 'reveal.js/reveal.css';
import './theme.css';
import Reveal from 'reveal.js';
import Notes from 'reveal.js/plugin/notes';
import { actIndicatorPlugin } from './actIndicator.js';
import { ensureIsolation } from './isolation.js';
import { isKiosk, resolveConfig } from './config.js';
import { kioskPlugin } from './kiosk/plugin.js';
import type { KioskSettings } from './kiosk/settings.js';
import { defineWidgetElements } from './elements.js';
import { pageEngine, pageSource } from './engine.js';
import { provideSource } from '../widgets/liveElement.js';
import { withFlagsOnlyQuery } from './urlOptions.js';
import { widgetsPlugin } from './widgetsPlugin.js';

function readJson<T>(id: string, fallback: T): T {
  const text = document.getElementById(id)?.textContent;
  return text ? (JSON.parse(text) as T) : fallback;
}

ensureIsolation();
provideSource(pageSource);
defineWidgetElements();
const config = resolveConfig(readJson('gildeck-config', {}), location.search, (note) => console.warn(`gildeck: ${note}`));
const deck = new Reveal(document.querySelector('.reveal') as HTMLElement, {
  ...config,
  plugins: [Notes, widgetsPlugin, actIndicatorPlugin, ...(isKiosk(location.search) ? [kioskPlugin(config.kiosk as KioskSettings)] : [])],
});
// reveal.js would also read the raw query into its config: it sees only the options validated above.
void withFlagsOnlyQuery(() => deck.initialize());
// For the dev client and tests; the deck itself needs no globals.
(window as unknown as { gildeck: unknown }).gildeck = { deck, engine: pageEngine };
