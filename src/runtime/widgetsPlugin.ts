import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { MountableWidget, MountMode } from '../widgets/element.js';
import { PRINT_EVENT, PRINT_STATE_ATTRIBUTE } from '../widgets/print.js';
import type { ChunkLoader } from './chunks.js';

type Widget = Element & MountableWidget;

const widgetsIn = (root: Element | undefined, selector: string): Widget[] => (root && selector ? (Array.from(root.querySelectorAll(selector)) as Widget[]) : []);

/** The widget's directive name, from its element's (`gd-timeline` is `timeline`). */
const unitOf = (w: Element) => w.localName.slice(3);

/** The slides one step away (the stacks left and right, the slides above and below): their widgets load ahead. */
function neighbours(deck: RevealApi): Element[] {
  const { h, v } = deck.getIndices();
  return [deck.getSlide(h - 1), deck.getSlide(h + 1), deck.getSlide(h, (v ?? 0) - 1), deck.getSlide(h, (v ?? 0) + 1)].filter((s): s is HTMLElement => !!s);
}

/** A widget whose code did not load says so in its place; in print view it counts as drawn (an error), so print goes on. */
function showLoadError(w: Element, e: unknown, mode: MountMode): void {
  const box = document.createElement('div');
  box.className = 'gd-widget-error';
  box.setAttribute('role', 'alert');
  box.textContent = `${unitOf(w)}: ${e instanceof Error ? e.message : String(e)}`;
  w.replaceChildren(box);
  if (mode === 'print') {
    w.setAttribute(PRINT_STATE_ATTRIBUTE, 'error');
    w.dispatchEvent(new Event(PRINT_EVENT, { bubbles: true }));
  }
}

/** reveal.js 6 has `isPrintView()` at runtime; its typings name only `isPrintingPDF()`, which throws. */
interface DeckView {
  isSpeakerNotes(): boolean;
  isPrintView(): boolean;
}

const RUN_KEY = 82;

/**
 * The presenting window, seen from a frame of reveal.js's speaker view (the frame's parent is the speaker window,
 * opened by the main one), or null elsewhere. reveal.js's own postMessage API there takes `triggerKey`.
 */
export function speakerViewMain(win: Window): Window | null {
  if (win.parent === win) return null;
  try {
    return win.parent.opener && win.parent.opener !== win.parent ? (win.parent.opener as Window) : null;
  } catch {
    return null;
  }
}

/** The mode for this window: reveal's speaker view loads the deck in iframes that must never start workloads. */
export function mountMode(deck: DeckView): MountMode {
  if (deck.isSpeakerNotes()) return 'mirror';
  if (deck.isPrintView()) return 'print';
  return 'live';
}

/**
 * The one place widgets are started and stopped: the widgets on the current slide are mounted, every other one
 * unmounted. In print view every widget is mounted once, as a snapshot. A widget's code loads when its slide is one
 * step away, or at once when its slide is shown first (a deep link, print view, the speaker view's frames).
 * `kiosk`: the page runs the kiosk (config.ts isKiosk), which runs each demo as its slide comes round. The page
 * passes both in: this plugin is a start script of its own (widgetsStart.ts), linked only by decks with widgets.
 */
export function widgetsPlugin(chunks: ChunkLoader, kiosk = false): RevealPlugin {
  return {
    id: 'gildeck-widgets',
    init(deck: RevealApi) {
      const selector = chunks.widgetSelector;
      // A deck without widgets: nothing to load, mount or run.
      if (!selector) return;
      const mode = mountMode(deck as unknown as DeckView);
      // An unattended booth (?kiosk) runs each demo as its slide comes round.
      const autorun = mode === 'live' && kiosk;
      /** The widgets that should be mounted, and those that are (a widget whose code is loading is only wanted). */
      let wanted = new Set<Widget>();
      const mounted = new Set<Widget>();
      const mount = (w: Widget): boolean => {
        if (!wanted.has(w) || mounted.has(w) || typeof w.mount !== 'function') return false;
        mounted.add(w);
        w.mount(mode);
        if (autorun) void (w as Partial<{ run(): Promise<void> }>).run?.();
        return true;
      };
      // A mounted widget can be taller than its placeholder: let reveal.js fit the slide again. Only then: in the
      // scroll view a layout announces the slide again, and a layout on every announcement never stops.
      const relayout = () => requestAnimationFrame(() => deck.layout());
      const sync = () => {
        wanted = new Set(mode === 'print' ? widgetsIn(deck.getRevealElement() as Element, selector) : widgetsIn(deck.getCurrentSlide(), selector));
        for (const w of mounted) {
          if (wanted.has(w)) continue;
          mounted.delete(w);
          w.unmount();
        }
        let added = false;
        for (const w of wanted) {
          if (mounted.has(w)) continue;
          // Code already here: mounted at once, in this event, as before lazy loading.
          if (chunks.required(unitOf(w)) !== undefined) added = mount(w) || added;
          // Mounted once its element is defined (the chunk defines it as it runs): a mount tried before that would
          // find no `mount` and never be tried again.
          else
            chunks
              .load(unitOf(w))
              .then(() => customElements.whenDefined(w.localName))
              .then(() => mount(w) && relayout(), (e: unknown) => wanted.has(w) && showLoadError(w, e, mode));
        }
        if (added) relayout();
        if (mode !== 'print') for (const s of neighbours(deck)) for (const w of widgetsIn(s, selector)) chunks.load(unitOf(w)).catch(() => undefined);
      };
      if (mode === 'print') {
        // Print view lays its pages out after 'ready', with every slide moved into a detached page for a few frames
        // (reveal.js's printview.js): a widget defined then is not upgraded and could not be mounted. Its widgets
        // load and mount once the pages are in the document; no slide changes there.
        deck.on('pdf-ready', sync);
      } else {
        deck.on('ready', sync);
        deck.on('slidechanged', sync);
      }
      if (mode === 'live') {
        deck.addKeyBinding({ keyCode: RUN_KEY, key: 'R', description: 'Run the demos on this slide' }, () => {
          for (const w of mounted) (w as Partial<{ run(): Promise<void> }>).run?.();
        });
      } else if (mode === 'mirror') {
        // The speaker view forwards every key to its current-slide frame (this window); arrows move the main
        // window through the slide state, but R would run nothing here: pass it on to the main window.
        const main = speakerViewMain(window);
        if (main) {
          deck.addKeyBinding({ keyCode: RUN_KEY, key: 'R', description: 'Run the demos on this slide, in the main window' }, () => {
            main.postMessage(JSON.stringify({ method: 'triggerKey', args: [RUN_KEY] }), location.origin === 'null' ? '*' : location.origin);
          });
        }
      }
      // A page that is hidden (tab switched, laptop lid) or closed stops its workers too.
      window.addEventListener('pagehide', () => {
        wanted = new Set();
        for (const w of mounted) w.unmount();
        mounted.clear();
      });
    },
  };
}
