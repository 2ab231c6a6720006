import type { DeckConfig } from '../config.js';
import { kioskKeyboardCondition } from './guard.js';
import { kioskSettings } from './settings.js';

/**
 * The unattended booth preset, turned on with `?kiosk` in the URL: reveal.js's own switches for everything a
 * passer-by could stop it with (pause, overview, help, jump-to-slide, links that show other pages, messages
 * from other windows), the keyboard limited to the keys that move through the deck (see guard.ts), and the
 * cursor hidden. reveal.js's own auto-slide is off: the kiosk plugin paces the deck, because it waits for demos.
 */
export function kioskPreset(): DeckConfig {
  return {
    loop: true,
    autoSlide: false,
    autoSlideStoppable: false,
    keyboard: true,
    keyboardCondition: kioskKeyboardCondition,
    overview: false,
    pause: false,
    help: false,
    jumpToSlide: false,
    controls: false,
    previewLinks: false,
    mouseWheel: false,
    touch: true,
    history: false,
    hash: true,
    postMessage: false,
    postMessageEvents: false,
    showNotes: false,
    hideInactiveCursor: true,
    hideCursorTime: 1000,
  };
}

/** The deck's resolved config as the kiosk runs it: the preset over it, and `kiosk` its settings (settings.ts). */
export const kioskConfig = (merged: DeckConfig, note: (message: string) => void): DeckConfig => ({ ...merged, ...kioskPreset(), kiosk: kioskSettings(merged, note) });
