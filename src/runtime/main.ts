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
import { readUrlOptions, withFlagsOnlyQuery } from './urlOptions.js';
import { showUrlNotes } from './urlNotes.js';
import { initialLayout, smallScreenPlugin } from './smallScreen.js';
import { widgetsPlugin } from './widgetsPlugin.js';
import { printViewPlugin } from './printView.js';

function readJson<T>(id: string, fallback: T): T {
  const text = document.getElementById(id)?.textContent;
  return text ? (JSON.parse(text) as T) : fallback;
}

ensureIsolation();
provideSource(pageSource);
defineWidgetElements();
const urlNotes: string[] = [];
const config = resolveConfig(readJson('gildeck-config', {}), location.search, (note) => {
  urlNotes.push(note);
  console.warn(`gildeck: ${note}`);
});
const { flags } = readUrlOptions(location.search);
const deck = new Reveal(document.querySelector('.reveal') as HTMLElement, {
  ...initialLayout(config, flags, window),
  plugins: [Notes, widgetsPlugin, actIndicatorPlugin, printViewPlugin, () => smallScreenPlugin(config, flags)],
});
// reveal.js would also read the raw query into its config: it sees only the options validated above.
void withFlagsOnlyQuery(() => deck.initialize());
// The speaker view's frames and the printed pages would only repeat what the main window says.
if (!flags.has('receiver') && !flags.has('print-pdf') && config.view !== 'print') showUrlNotes(urlNotes);
// For the dev client and tests; the deck itself needs no globals.
(window as unknown as { gildeck: unknown }).gildeck = { deck, engine: pageEngine };
