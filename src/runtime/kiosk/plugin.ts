import './kiosk.css';
import type { RevealApi, RevealPlugin } from 'reveal.js';
import { RUN_EVENT, type RunState } from '../../widgets/runEvent.js';
import { pageChunks } from '../chunks.js';
import { installGuard } from './guard.js';
import { advanceDue, type KioskSettings, stepPace } from './settings.js';
import { freezeWatch, type Recovery } from './freeze.js';
import { holdWakeLock, type WakeLockState } from './wakeLock.js';

/** What the kiosk reports about itself (`Reveal.getPlugin('gildeck-kiosk').status()`): for tests and the soak. */
export interface KioskStatus {
  visitor: boolean;
  /** Times a visitor's deck went back to the start after they left. */
  resumes: number;
  /** Steps the kiosk took by itself, and how late the latest was against its due time (ms). */
  advances: number;
  lateMs: number;
  /** The most any step was late since the page loaded (ms). */
  maxLateMs: number;
  /** The step on screen: its pace, whether its slide has demos still running. */
  pace: number;
  waitingForDemos: number;
  /** Demos the watchdog stopped, and reloads after a frozen page. */
  watchdogStops: number;
  recoveries: Recovery[];
  wakeLock: WakeLockState;
  settings: KioskSettings;
}

interface LiveWidget extends Element {
  readonly idleFor?: number;
  fail?(message: string): void;
}

/** How soon after an input a slide change counts as the visitor's doing (reveal.js acts on a swipe's end). */
const VISITOR_INPUT_MS = 1000;

const ENDED: ReadonlySet<string> = new Set<RunState>(['done', 'error', 'stopped']);

/**
 * The unattended booth (`?kiosk`): steps through the deck by itself, looping, waits on demo slides until every demo
 * finished and was on screen a while (never longer than `maxWait`), lets a visitor take over with the navigation
 * keys, a swipe or a widget's controls and resumes from the start once they leave, stops a demo that makes no
 * progress, reloads at the same slide after the page froze, and keeps the screen awake.
 */
export function kioskPlugin(settings: KioskSettings, win: Window & typeof globalThis = window): RevealPlugin & { status(): KioskStatus; recover(frozenMs: number, by: string): void } {
  const status: Omit<KioskStatus, 'recoveries' | 'wakeLock' | 'settings' | 'waitingForDemos'> = { visitor: false, resumes: 0, advances: 0, lateMs: 0, maxLateMs: 0, pace: settings.advance, watchdogStops: 0 };
  let recoveries: Recovery[] = [];
  let recover: (frozenMs: number, by: string) => void = () => undefined;
  let wakeLock: () => WakeLockState = () => 'unavailable';
  /** The demos of the slide on screen that have not finished yet. */
  const waiting = new Set<Element>();
  /** Demos the watchdog stopped, until they run again: stopped once, counted once. */
  const stopped = new WeakSet<Element>();
  let slide: Element | null = null;
  let slideShownAt = 0;
  let stepShownAt = 0;
  let finishedAt: number | null = null;
  let demos = false;
  let due = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set while the kiosk itself moves the deck: reveal.js's events then are not a visitor's. */
  let moving = false;
  /** The last input of any kind: a slide change soon after one is a visitor's (a swipe), one without is the page's (its address). */
  let lastInput = -Infinity;
  let deck!: RevealApi;

  const badge = win.document.createElement('div');
  badge.className = 'gd-kiosk-visitor';
  badge.setAttribute('role', 'status');
  badge.hidden = true;
  badge.textContent = `Visitor mode: the tour resumes after ${Math.round(settings.idle / 1000)} s without a touch`;

  const schedule = () => {
    clearTimeout(timer);
    if (status.visitor) return;
    due = advanceDue({ shownAt: stepShownAt, slideShownAt, pace: status.pace, demos, finishedAt, hold: settings.hold, maxWait: settings.maxWait });
    timer = setTimeout(advance, Math.max(0, due - performance.now()));
  };

  const move = (f: () => void) => {
    moving = true;
    try {
      f();
    } finally {
      moving = false;
    }
  };

  function advance() {
    if (status.visitor) return;
    status.lateMs = Math.max(0, performance.now() - due);
    status.maxLateMs = Math.max(status.maxLateMs, status.lateMs);
    status.advances++;
    const before = stepShownAt;
    // Looping by hand: reveal.js's `loop` wraps only horizontally, and the kiosk also leaves the last vertical slide.
    move(() => (deck.isLastSlide() && !deck.availableFragments().next ? deck.slide(0, 0, -1) : deck.next()));
    // Nothing moved (a deck of one slide): show it again as a fresh step.
    if (stepShownAt === before) step(true);
  }

  /** A new step is on screen (a slide or a fragment); `newSlide` when the slide changed. */
  function step(newSlide: boolean) {
    const now = performance.now();
    stepShownAt = now;
    const current = deck.getCurrentSlide() ?? null;
    if (newSlide || current !== slide) {
      // A slide that came just now runs its demos (they are about to say so); on the same slide again (back at
      // the start, a deck of one slide) only the demos still running are waited for.
      const arrived = current !== slide;
      slide = current;
      slideShownAt = now;
      waiting.clear();
      const selector = pageChunks().widgetSelector;
      const widgets = current && selector ? Array.from(current.querySelectorAll(selector)) : [];
      for (const w of widgets) if (arrived ? !w.querySelector('.gd-widget-error') : w.getAttribute('data-state') === 'running') waiting.add(w);
      demos = widgets.length > 0;
      finishedAt = demos && waiting.size === 0 ? now : null;
    }
    const fragment = current?.querySelector('.fragment.current-fragment') ?? null;
    status.pace = stepPace([fragment, current, current?.parentElement?.closest('section')], settings.advance);
    schedule();
  }

  const onStep = (newSlide: boolean) => () => {
    if (!moving && !status.visitor && performance.now() - lastInput < VISITOR_INPUT_MS) return takeOver();
    step(newSlide);
  };

  const onRun = (e: Event) => {
    const state = (e as CustomEvent<{ state: RunState }>).detail?.state;
    const w = e.target as Element;
    if (!slide?.contains(w)) return;
    if (state === 'running') {
      waiting.add(w);
      stopped.delete(w);
      finishedAt = null;
    } else if (ENDED.has(state)) {
      waiting.delete(w);
      if (waiting.size === 0) finishedAt = performance.now();
    }
    schedule();
  };

  function takeOver() {
    if (!status.visitor) {
      status.visitor = true;
      clearTimeout(timer);
      badge.hidden = false;
    }
    restartIdle();
  }

  function restartIdle() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(resume, settings.idle);
  }

  /** The visitor left: back to the start, and on. */
  function resume() {
    status.visitor = false;
    status.resumes++;
    badge.hidden = true;
    move(() => deck.slide(0, 0, -1));
    step(true);
  }

  /** The watchdog: a demo on screen that has produced nothing for `watchdog` ms is stopped as failed. */
  const watchdog = () => {
    for (const w of waiting as Set<LiveWidget>) {
      if ((w.idleFor ?? 0) > settings.watchdog && !stopped.has(w)) {
        stopped.add(w);
        status.watchdogStops++;
        w.fail?.(`no progress for ${Math.round(settings.watchdog / 1000)} s: stopped by the kiosk's watchdog`);
      }
    }
  };

  return {
    id: 'gildeck-kiosk',
    init(reveal: RevealApi) {
      deck = reveal;
      win.document.documentElement.classList.add('gd-kiosk');
      win.document.body.append(badge);
      installGuard(win, {
        onInput: () => {
          lastInput = performance.now();
          if (status.visitor) restartIdle();
        },
        onTakeOver: takeOver,
      });
      win.document.addEventListener(RUN_EVENT, onRun);
      deck.on('ready', () => step(true));
      deck.on('slidechanged', onStep(true));
      deck.on('fragmentshown', onStep(false));
      deck.on('fragmenthidden', onStep(false));
      setInterval(watchdog, Math.min(1000, settings.watchdog / 2));
      ({ recoveries, recover } = freezeWatch(win, settings.freeze, () => {
        const { h, v } = deck.getIndices();
        return `#/${h}${v ? `/${v}` : ''}`;
      }));
      wakeLock = holdWakeLock(win);
    },
    status: () => ({ ...status, waitingForDemos: waiting.size, recoveries, wakeLock: wakeLock(), settings }),
    /** What `kiosk --open`'s browser watchdog calls after it stopped a script that froze the page: reload at this slide. */
    recover: (frozenMs, by) => recover(frozenMs, by),
  };
}
