import 'reveal.js/reveal.css';
import './theme.css';
import Reveal, { type RevealApi } from 'reveal.js';
import { actIndicatorPlugin } from './actIndicator.js';
import { ensureIsolation } from './isolation.js';
import { type DeckConfig, isKiosk, resolveConfig } from './config.js';
import type { KioskSettings } from './kiosk/settings.js';
import { AUTO_ANIMATE_UNIT, ENGINE_UNIT, KIOSK_UNIT, OVERLAY_UNIT, LATER_UNIT, pageChunks, PRINT_UNIT, REVEAL_EXTRAS_UNIT, SCROLL_VIEW_UNIT, TRANSITIONS_UNIT, URL_NOTES_UNIT, URL_OPTIONS_UNIT } from './chunks.js';
import { lazyNotesPlugin } from './notesPlugin.js';
import type { Engine } from '../engine/engine.js';
import { flagsOnly, flagsOnlyOptions, needsChecking, type UrlOptions, withFlagsOnlyQuery } from './urlFlags.js';
import { scrollViewPlacementPlugin } from './scrollViewPlacement.js';
import { initialLayout, smallScreenPlugin } from './smallScreen.js';
import { needsOtherTransitions, transitionsUsed } from './transitions.js';
import { needsRevealExtras } from './revealExtras.js';
import { usesAutoAnimate } from './revealParts.js';

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

type KioskUnit = typeof import('./kiosk/unit.js');
type PrintUnit = typeof import('./printView.js');

/** Whether reveal.js will open print view: its own test (the query as it sees it while it initializes), or `view: print`. */
const printView = (config: DeckConfig): boolean => /print-pdf/i.test(flagsOnly(location.search)) || config.view === 'print';

/** A unit the deck needs before it starts (the kiosk, print view); undefined, and a note, when it cannot load. */
async function preload<T>(unit: string, what: string, notes: string[]): Promise<T | undefined> {
  try {
    return (await chunks.load(unit)) as T;
  } catch (e) {
    notes.push(`${what} did not start: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/**
 * Starts the deck, at once when the page needs no unit before it starts (most pages: the deck starts as the script
 * runs, as it always has). The kiosk (`?kiosk`) and print view's page fitting are loaded first, so only their
 * pages carry their code.
 */
function launch(url: UrlOptions): RevealApi | Promise<RevealApi> {
  const urlNotes: string[] = [];
  if (!isKiosk(location.search)) return configure(url, urlNotes);
  return preload<KioskUnit>(KIOSK_UNIT, 'The kiosk', urlNotes).then((kiosk) => configure(url, urlNotes, kiosk));
}

function configure(url: UrlOptions, urlNotes: string[], kiosk?: KioskUnit): RevealApi | Promise<RevealApi> {
  for (const note of urlNotes) console.warn(`gildeck: ${note}`);
  const config = resolveConfig(
    readJson('gildeck-config', {}),
    url,
    (note) => {
      urlNotes.push(note);
      console.warn(`gildeck: ${note}`);
    },
    kiosk?.kioskConfig,
  );
  // What this page uses of reveal.css's parts (src/cli/revealCssPlugin.ts) and of reveal.js's (revealParts.ts),
  // loaded before the deck starts: reveal.js takes its parts when it constructs the deck.
  const styles = [
    previewOverlay(config) && OVERLAY_UNIT,
    needsOtherTransitions(transitionsUsed(config, document)) && TRANSITIONS_UNIT,
  ].filter((u): u is string => Boolean(u));
  const parts = [
    config.view === 'scroll' && SCROLL_VIEW_UNIT,
    needsRevealExtras(config, document) && REVEAL_EXTRAS_UNIT,
    usesAutoAnimate(document) && AUTO_ANIMATE_UNIT,
  ].filter((u): u is string => Boolean(u));
  if (!printView(config) && !styles.length && !parts.length) return start(url, config, urlNotes, kiosk);
  const failed = (u: string) => (e: unknown) => urlNotes.push(`the ${u} part did not load: ${e instanceof Error ? e.message : String(e)}`);
  const loading = Promise.all([...styles.map((u) => chunks.styles(u).catch(failed(u))), ...parts.map((u) => chunks.load(u).catch(failed(u)))]);
  const print = printView(config) ? preload<PrintUnit>(PRINT_UNIT, 'Print view', []) : Promise.resolve(undefined);
  return Promise.all([print, loading]).then(([print]) => {
    // Without it the pages print unfitted, and `export pdf` reports it never got ready.
    if (printView(config) && !print) console.error('gildeck: print view could not load its page fitting; build the deck again');
    return start(url, config, urlNotes, kiosk, print);
  });
}

/** Whether the deck opens preview overlays from its slides: reveal.js's `previewLinks`, or elements that ask for one. */
const previewOverlay = (config: DeckConfig): boolean =>
  config.previewLinks === true || document.querySelector('.reveal [data-preview-link]:not([data-preview-link=false]), .reveal [data-preview-image], .reveal [data-preview-video]') !== null;

/** Any other overlay (the help screen) loads its stylesheet when it first opens; until then it stays hidden. */
function overlayOnDemand(reveal: Element): void {
  const seen = new MutationObserver(() => {
    if (!reveal.querySelector(':scope > .r-overlay')) return;
    seen.disconnect();
    chunks.styles(OVERLAY_UNIT).catch((e: unknown) => console.warn(`gildeck: ${e instanceof Error ? e.message : String(e)}`));
  });
  seen.observe(reveal, { childList: true });
}

function start(url: UrlOptions, config: DeckConfig, urlNotes: string[], kiosk?: KioskUnit, print?: PrintUnit): RevealApi {
  const { flags } = url;
  // A deck with widgets links their plugin's script before this one (widgetsStart.ts).
  const widgets = (globalThis as Record<string, unknown>).__gildeckWidgets as typeof import('./widgetsPlugin.js').widgetsPlugin | undefined;
  const deck = new Reveal(document.querySelector('.reveal') as HTMLElement, {
    ...initialLayout(config, flags, window),
    plugins: [
      () => lazyNotesPlugin(chunks),
      ...(widgets ? [() => widgets(chunks, isKiosk(location.search))] : []),
      actIndicatorPlugin,
      ...(print ? [print.printViewPlugin] : []),
      () => smallScreenPlugin(config, flags),
      scrollViewPlacementPlugin,
      ...(kiosk && isKiosk(location.search) ? [kiosk.kioskPlugin(config.kiosk as KioskSettings)] : []),
    ],
  });
  overlayOnDemand(deck.getRevealElement() as Element);
  // The overview, pause, jump to slide, fullscreen and printing the page as it is (Ctrl+P) need rules the first
  // slide does not: they load after it.
  if (!printView(config)) deck.on('ready', () => requestAnimationFrame(() => setTimeout(() => chunks.styles(LATER_UNIT).catch((e: unknown) => console.warn(`gildeck: the overview, pause and print rules did not load: ${e instanceof Error ? e.message : String(e)}`)))));
  // reveal.js would also read the raw query into its config: it sees only the options validated above.
  void withFlagsOnlyQuery(() => deck.initialize());
  // The speaker view's frames and the printed pages would only repeat what the main window says. The note's code
  // loads only when there is something to say (the console has it either way).
  if (urlNotes.length && !flags.has('receiver') && !printView(config)) {
    chunks.load(URL_NOTES_UNIT).then(
      (unit) => (unit as typeof import('./urlNotes.js')).showUrlNotes(urlNotes),
      (e: unknown) => console.warn(`gildeck: could not show the notes above on the page: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
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

// Synchronous when the address needs no checking and no unit before the deck starts.
const started = needsChecking(location.search) ? checkedUrl(location.search).then(launch) : launch(flagsOnlyOptions(location.search));
if (started instanceof Promise) void started.then(expose);
else expose(started);
