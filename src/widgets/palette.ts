/**
 * What a lane is doing, in Okabe-Ito colours (distinguishable with every common colour-vision deficiency, and
 * strong on a projector); states always pair a colour with a pattern or label, never colour alone. Strategies have
 * their own look: strategyStyle.ts.
 */
export type LaneState = 'running' | 'waiting' | 'io' | 'idle' | 'copy' | 'start';

export const STATE_COLOR: Record<LaneState, string> = {
  running: '#009E73',
  waiting: '#D55E00',
  io: '#56B4E9',
  idle: '#5b6270',
  copy: '#CC79A7',
  start: '#F0E442',
};

export const STATE_LABEL: Record<LaneState, string> = {
  running: 'running',
  waiting: 'waiting for the GIL',
  io: 'in I/O',
  idle: 'idle',
  copy: 'copying (pickle)',
  start: 'starting',
};
