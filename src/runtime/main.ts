import 'reveal.js/reveal.css';
import './theme.css';
import Reveal from 'reveal.js';
import Notes from 'reveal.js/plugin/notes';
import { actIndicatorPlugin } from './actIndicator.js';
import { ensureIsolation } from './isolation.js';
import { resolveConfig } from './config.js';
import { defineWidgetElements } from './elements.js';
import { pageEngine, pageSource } from './engine.js';
import { provideSource } from '../widgets/liveElement.js';
import { withFlagsOnlyQuery } from './urlOptions.js';
import { widgetsPlugin } from './widgetsPlugin.js';
import { printViewPlugin } from './printView.js';

function readJson<T>(id: string, fallback: T): T {
  const text = document.getElementById(id)?.textContent;
  return text ? (JSON.parse(text) as T) : fallback;
}

ensureIsolation();
provideSource(pageSource);
defineWidgetElements();
const deck = new Reveal(document.querySelector('.reveal') as HTMLElement, {
  ...resolveConfig(readJson('gildeck-config', {}), location.search, (note) => console.warn(`gildeck: ${note}`)),
  plugins: [Notes, widgetsPlugin, actIndicatorPlugin, printViewPlugin],
});
// reveal.js would also read the raw query into its config: it sees only the options validated above.
void withFlagsOnlyQuery(() => deck.initialize());
// For the dev client and tests; the deck itself needs no globals.
(window as unknown as { gildeck: unknown }).gildeck = { deck, engine: pageEngine };
