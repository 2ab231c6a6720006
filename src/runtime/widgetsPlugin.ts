import type { RevealApi, RevealPlugin } from 'reveal.js';
import type { MountableWidget, MountMode } from '../widgets/element.js';
import { WIDGET_SELECTOR } from './elements.js';

const widgetsIn = (root: Element | undefined): Array<Element & MountableWidget> =>
  root ? (Array.from(root.querySelectorAll(WIDGET_SELECTOR)) as Array<Element & MountableWidget>) : [];

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
 * unmounted. In print view every widget is mounted once, as a snapshot.
 */
export function widgetsPlugin(): RevealPlugin {
  return {
    id: 'gildeck-widgets',
    init(deck: RevealApi) {
      const mode = mountMode(deck as unknown as DeckView);
      // An unattended booth (?kiosk) runs each demo as its slide comes round.
      const autorun = mode === 'live' && new URLSearchParams(location.search).has('kiosk');
      let mounted = new Set<Element & MountableWidget>();
      const sync = () => {
        const next = new Set(mode === 'print' ? widgetsIn(deck.getRevealElement() as Element) : widgetsIn(deck.getCurrentSlide()));
        for (const w of mounted) if (!next.has(w)) w.unmount();
        let added = false;
        for (const w of next) {
          if (mounted.has(w)) continue;
          added = true;
          w.mount(mode);
          if (autorun) void (w as Partial<{ run(): Promise<void> }>).run?.();
        }
        mounted = next;
        // A mounted widget can be taller than its placeholder: let reveal.js fit the slide again. Only then: in the
        // scroll view a layout announces the slide again, and a layout on every announcement never stops.
        if (added) requestAnimationFrame(() => deck.layout());
      };
      deck.on('ready', sync);
      deck.on('slidechanged', sync);
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
        for (const w of mounted) w.unmount();
        mounted.clear();
      });
    },
  };
}
