import type { MountableWidget, MountMode } from '../widgets/element.js';

type Widget = Element & MountableWidget;

/** What the standalone bundle uses of a foreign reveal.js deck's `window.Reveal` (4, 5 or 6; before or after initialize). */
export interface RevealLike {
  on(event: string, listener: () => void): void;
  isReady?(): boolean;
  getCurrentSlide?(): Element | undefined;
  getRevealElement?(): Element | undefined;
  isSpeakerNotes?(): boolean;
  isPrintView?(): boolean;
  layout?(): void;
}

export interface MountHost {
  /** The page's reveal.js deck, if it has one (`window.Reveal`): read again on every change, it may load after us. */
  reveal(): RevealLike | null;
  observe(onChange: (entries: Array<{ target: Element; isIntersecting: boolean }>) => void): { observe(el: Element): void; unobserve(el: Element): void };
  /** Called when the page is ready for the first decision (after its classic scripts, so a reveal.js loaded later is seen). */
  whenReady(f: () => void): void;
  onPageHide(f: () => void): void;
  nextFrame(f: () => void): void;
}

/**
 * Starts and stops widgets on a page that gildeck did not build. A widget runs while it is on screen (connected and
 * intersecting the viewport) and is unmounted, stopping its workers, when it scrolls away or is removed. Inside a
 * reveal.js deck only the current slide's widgets run (reveal's own view of what is shown, through its `ready` and
 * `slidechanged` events), its speaker view mirrors, and its print view draws every widget once.
 */
export class StandaloneMounter {
  private readonly tracked = new Set<Widget>();
  private readonly visible = new Set<Element>();
  private readonly mounted = new Map<Widget, MountMode>();
  private readonly io: ReturnType<MountHost['observe']>;
  private hooked: RevealLike | null = null;
  private ready = false;

  constructor(private readonly host: MountHost) {
    this.io = host.observe((entries) => {
      for (const e of entries) {
        if (e.isIntersecting) this.visible.add(e.target);
        else this.visible.delete(e.target);
      }
      this.sync();
    });
    host.whenReady(() => {
      this.ready = true;
      this.sync();
    });
    host.onPageHide(() => {
      for (const w of this.mounted.keys()) w.unmount();
      this.mounted.clear();
    });
  }

  /** A widget element was connected. */
  track(w: Widget): void {
    this.tracked.add(w);
    this.io.observe(w);
    this.sync();
  }

  /** A widget element was removed from the page: it stops now. */
  untrack(w: Widget): void {
    this.tracked.delete(w);
    this.visible.delete(w);
    this.io.unobserve(w);
    if (this.mounted.has(w)) {
      this.mounted.delete(w);
      w.unmount();
    }
  }

  /** The reveal.js deck this widget is on, hooked once: its slide changes decide which widgets run. */
  private deckOf(w: Widget): RevealLike | null {
    const reveal = this.host.reveal();
    if (!reveal || !w.closest('.reveal')) return null;
    if (this.hooked !== reveal) {
      this.hooked = reveal;
      reveal.on('ready', () => this.sync());
      reveal.on('slidechanged', () => this.sync());
    }
    return reveal;
  }

  /** How this widget should be mounted now, or null when it should not run. */
  private wanted(w: Widget): MountMode | null {
    const deck = this.deckOf(w);
    if (!deck) return this.visible.has(w) ? 'live' : null;
    if (!deck.isReady?.()) return null;
    if (deck.isPrintView?.()) return 'print';
    if (!deck.getCurrentSlide?.()?.contains(w)) return null;
    return deck.isSpeakerNotes?.() ? 'mirror' : 'live';
  }

  private sync(): void {
    if (!this.ready) return;
    let added: RevealLike | null = null;
    for (const w of this.tracked) {
      const want = this.wanted(w);
      const have = this.mounted.get(w) ?? null;
      if (want === have) continue;
      if (have) {
        this.mounted.delete(w);
        w.unmount();
      }
      if (want) {
        this.mounted.set(w, want);
        w.mount(want);
        added ??= this.deckOf(w);
      }
    }
    // A mounted widget is taller than its placeholder: let the deck fit the slide again.
    const deck = added;
    if (deck?.layout) this.host.nextFrame(() => deck.layout?.());
  }

  /** How many widgets run (or mirror, or print) now: for tests and the page's own checks. */
  get mountedCount(): number {
    return this.mounted.size;
  }
}

/** The browser's side of the mounter. */
export function browserMountHost(win: Window & typeof globalThis): MountHost {
  return {
    reveal: () => {
      const r = (win as unknown as { Reveal?: RevealLike }).Reveal;
      return r && typeof r.on === 'function' ? r : null;
    },
    observe: (onChange) => new win.IntersectionObserver((entries) => onChange(entries)),
    whenReady: (f) => (win.document.readyState === 'loading' ? win.document.addEventListener('DOMContentLoaded', f, { once: true }) : f()),
    onPageHide: (f) => win.addEventListener('pagehide', f),
    nextFrame: (f) => win.requestAnimationFrame(f),
  };
}
