// The kiosk as one unit (chunks.ts KIOSK_UNIT): loaded only by a page whose address says `?kiosk`, before the deck
// initializes, so no other page carries its code or its stylesheet.
export { kioskPlugin } from './plugin.js';
export { kioskConfig } from './preset.js';
