/**
 * What a lane is doing, in Okabe-Ito colours (distinguishable with every common colour-vision deficiency, and
 * strong on a projector); states always pair a colour with a pattern or label, never colour alone. Strategies have
 * their own look: strategyStyle.ts.
 */
import { themeVar } from './themeVars.js';

export type LaneState = 'running' | 'waiting' | 'io' | 'idle' | 'copy' | 'start';

/** gildeck's colours; a deck restyles them with `--gd-state-running` and so on (src/runtime/theme.css). */
export const STATE_DEFAULT: Record<LaneState, string> = {
  running: '#009E73',
  waiting: '#D55E00',
  io: '#56B4E9',
  idle: '#5b6270',
  copy: '#CC79A7',
  start: '#F0E442',
};

/** Each state's colour as CSS (`var(--gd-state-running, #009E73)`): SVG style, HTML backgrounds; canvases resolve it. */
export const STATE_COLOR = Object.fromEntries(Object.entries(STATE_DEFAULT).map(([k, v]) => [k, themeVar(`gd-state-${k}`, v)])) as Record<LaneState, string>;

/** Marks that are not a lane state: a GIL hand-off, a late tick, a modelled (not measured) line. */
export const MARK_COLOR = {
  handoff: themeVar('gd-handoff', '#F0E442'),
  token: themeVar('gd-token', '#F0E442'),
  late: themeVar('gd-late', '#E69F00'),
  model: themeVar('gd-model', '#999999'),
  laneBg: themeVar('gd-lane-bg', 'rgba(128,128,128,0.12)'),
  fg: themeVar('gd-fg', '#f4f5f7'),
  bg: themeVar('gd-bg', '#10131a'),
  accent: themeVar('gd-accent', '#56b4e9'),
};

export const STATE_LABEL: Record<LaneState, string> = {
  running: 'running',
  waiting: 'waiting for the GIL',
  io: 'in I/O',
  idle: 'idle',
  copy: 'copying (pickle)',
  start: 'starting',
};
