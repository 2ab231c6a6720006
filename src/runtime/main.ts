import 'reveal.js/reveal.css';
import './theme.css';
import Reveal, { type RevealApi } from 'reveal.js';
import { actIndicatorPlugin } from './actIndicator.js';
import { ensureIsolation } from './isolation.js';
import { isKiosk, resolveConfig } from './config.js';
import { kioskPlugin } from './kiosk/plugin.js';
import type { KioskSettings } from './kiosk/settings.js';
import { ENGINE_UNIT, pageChunks, URL_OPTIONS_UNIT } from './chunks.js';
import { lazyNotesPlugin } from './notesPlugin.js';
import type { Engine } from '../engine/engine.js';
import { flagsOnlyOptions, needsChecking, type UrlOptions, withFlagsOnlyQuery } from './urlFlags.js';
import { showUrlNotes } from './urlNotes.js';
import { initialLayout, smallScreenPlugin } from './smallScreen.js';
import { widgetsPlugin } from './widgetsPlugin.js';
import { printViewPlugin } from './printView.js';

function readJson<T>(id: string, fallback: T): T {
  const text = document.getElementById(id)?.textContent;
  return text ? (JSON.parse(text) as T) : fallback;
}

ensureIsolation();
const chunks = pageChunks();

/**
 * The address as checked: most pages carry no options (or only bare flags) and never load the checker; one that
 * does waits for it (a chunk with the front matter's schema) before the deck starts. If it cannot load, the
 * options are ignored, and the page says so.
 */
async function checkedUrl(search: string): Promise<UrlOptions> {
  try {
    const { readUrlOptions } = (await chunks.load(URL_OPTIONS_UNIT)) as typeof import('./urlOptions.js');
    return readUrlOptions(search);
  } catch (e) {
    return { ...flagsOnlyOptions(search), notes: [`URL options ignored: ${e instanceof Error ? e.message : String(e)}`] };
  }
}

function start(url: UrlOptions): RevealApi {
  const urlNotes: string[] = [];
  const config = resolveConfig(readJson('gildeck-config', {}), url, (note) => {
    urlNotes.push(note);
    console.warn(`gildeck: ${note}`);
  });
  const { flags } = url;
  const deck = new Reveal(document.querySelector('.reveal') as HTMLElement, {
    ...initialLayout(config, flags, window),
    plugins: [
      () => lazyNotesPlugin(chunks),
      widgetsPlugin,
      actIndicatorPlugin,
      printViewPlugin,
      () => smallScreenPlugin(config, flags),
      ...(isKiosk(location.search) ? [kioskPlugin(config.kiosk as KioskSettings)] : []),
    ],
  });
  // reveal.js would also read the raw query into its config: it sees only the options validated above.
  void withFlagsOnlyQuery(() => deck.initialize());
  // The speaker view's frames and the printed pages would only repeat what the main window says.
  if (!flags.has('receiver') && !flags.has('print-pdf') && config.view !== 'print') showUrlNotes(urlNotes);
  return deck;
}

// For the dev client, tests and benchmarks; the deck itself needs no globals. The engine loads with the first widget:
// `engine()` returns it once loaded, `loadEngine()` loads it.
type EngineUnit = { pageEngine(): Engine };
function expose(deck: RevealApi): void {
    (window as unknown as { gildeck: unknown }).gildeck = {
    deck,
    engine(): Engine {
      const unit = chunks.required(ENGINE_UNIT) as EngineUnit | undefined;
      if (!unit) throw new Error('gildeck: the engine has not loaded yet (it loads with the first widget); use await gildeck.loadEngine()');
      return unit.pageEngine();
    },
    loadEngine: async (): Promise<Engine> => ((await chunks.load(ENGINE_UNIT)) as EngineUnit).pageEngine(),
    /** Loads a widget's code (its element is defined once this resolves), or the engine's. */
    load: (unit: string): Promise<unknown> => chunks.load(unit),
  };
}

// Synchronous when the address needs no checking: the deck starts as the script runs, as it always has.
if (needsChecking(location.search)) void checkedUrl(location.search).then((url) => expose(start(url)));
else expose(start(flagsOnlyOptions(location.search)));
