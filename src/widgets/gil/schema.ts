import { WORKLOADS } from '../../engine/index.js';
import { attr, defineWidget } from '../attributes.js';

export const gil = defineWidget({
  name: 'gil',
  recordable: true,
  summary: 'The GIL as a token moving between threads: holder, waiters, drop requests, forced and voluntary drops.',
  attributes: {
    workers: attr.int(2, 8, 3, 'How many threads compete for the GIL.'),
    workload: attr.choice(WORKLOADS, 'countdown', 'What each thread computes.'),
    duration: attr.number(0.1, 30, 0.5, 'Seconds of single-core work per thread.'),
    'switch-interval': attr.number(0.5, 100, 5, 'The GIL switch interval in milliseconds.'),
    speed: attr.number(0.001, 1, 0.02, 'Replay speed of the measured trace (1 = real time; 0.02 = 50 times slower), so 5 ms slices can be followed by eye.'),
  },
});
