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
        deck.addKeyBinding({ keyCode: 82, key: 'R', description: 'Run the demos on this slide' }, () => {
          for (const w of mounted) (w as Partial<{ run(): Promise<void> }>).run?.();
        });
      }
      // A page that is hidden (tab switched, laptop lid) or closed stops its workers too.
      window.addEventListener('pagehide', () => {
        for (const w of mounted) w.unmount();
        mounted.clear();
      });
    },
  };
}
