import { symbolCircle, symbolCross, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape';
import type { Strategy } from '../engine/index.js';
import { themeVar } from './themeVars.js';

/** How a strategy looks in every view and legend: an Okabe-Ito colour, a marker shape, a name. */
export interface StrategyStyle {
  /** CSS: `var(--gd-strategy-threads, #D55E00)`, so a deck may restyle it; set it as SVG style, not an attribute. */
  color: string;
  /** A d3 symbol, so lines and points differ by shape as well as by colour (colour is never the only cue). */
  shape: SymbolType;
  label: string;
}

/**
 * One look per strategy, the same on every slide: threads is an orange circle in the speedup chart, the convoy
 * bars, the server chart and their legends alike. A new strategy cannot be added without its row here.
 */
const STYLES: Record<Strategy, StrategyStyle> = {
  sequential: { color: '#999999', shape: symbolCross, label: 'sequential' },
  threads: { color: '#D55E00', shape: symbolCircle, label: 'threads' },
  'free-threading': { color: '#009E73', shape: symbolSquare, label: 'free-threading' },
  subinterpreters: { color: '#CC79A7', shape: symbolTriangle, label: 'subinterpreters' },
  multiprocessing: { color: '#0072B2', shape: symbolStar, label: 'multiprocessing' },
  'multiprocessing-pool': { color: '#56B4E9', shape: symbolDiamond, label: 'multiprocessing-pool' },
  asyncio: { color: '#E69F00', shape: symbolWye, label: 'asyncio' },
};

export const STRATEGY_STYLE = Object.fromEntries(
  Object.entries(STYLES).map(([k, v]) => [k, { ...v, color: themeVar(`gd-strategy-${k}`, v.color) }]),
) as Record<Strategy, StrategyStyle>;
