/**
 * Okabe-Ito colours: distinguishable with every common colour-vision deficiency, and strong on a projector.
 * States always pair a colour with a pattern or label, never colour alone.
 */
export const OKABE_ITO = ['#E69F00', '#56B4E9', '#009E73', '#F0E442', '#0072B2', '#D55E00', '#CC79A7', '#999999'] as const;

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

export const seriesColor = (i: number): string => OKABE_ITO[i % OKABE_ITO.length]!;
