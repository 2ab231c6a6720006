import { attr, defineWidget } from '../attributes.js';
import { COLUMNS } from './model.js';

export const compare = defineWidget({
  name: 'compare',
  summary:
    "The final side-by-side table, filled with the numbers this deck measured earlier in the talk. It grows a line per demo run (the race demos' lost updates, real Python's speedups); when its slide would run off the screen its text shrinks to fit (to 70% at most), so its caption, notes and the figure's caption stay in view.",
  attributes: {
    columns: attr.list(COLUMNS, COLUMNS, 'Which models to compare, in order.'),
    measure: attr.bool(true, 'Offer to measure now what the talk has not measured yet.'),
    duration: attr.number(0.05, 30, 0.25, 'Seconds of single-core work per speedup it measures itself (at 2 workers, against a sequential run).'),
    budget: attr.number(1, 600, 20, 'Seconds the speedups it measures itself may take in all: pairs (sequential, strategy, interleaved) repeat until each 95% interval is within ±5% or its share is spent.'),
    python: attr.recording('speedups', 'Speedups timed in real Python on the presenter\'s machine (`node build.mjs record --speedups --out assets/traces/speedups.jsonl`, with any python3, e.g. 3.14t), shown as a row of their own under the emulation\'s, labelled with the interpreter, machine and date.'),
  },
});
