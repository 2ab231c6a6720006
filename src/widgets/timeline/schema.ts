import { STRATEGY_NAMES, WORKLOADS } from '../../engine/index.js';
import { attr, defineWidget } from '../attributes.js';

export const timeline = defineWidget({
  name: 'timeline',
  recordable: true,
  summary: 'One lane per worker: running, runnable but waiting for a core (a thin hatched band), waiting for the GIL, in I/O, idle; never more lanes running at once than cores; grows live, with hand-off markers.',
  attributes: {
    strategy: attr.choice(STRATEGY_NAMES, 'threads', 'How the workers run.'),
    workers: attr.int(1, 16, 4, 'How many workers (Python threads, interpreters or processes).'),
    workload: attr.choice(WORKLOADS, 'primes', 'What each worker computes.'),
    duration: attr.number(0.1, 30, 2, 'Seconds of single-core work in total, split across the workers (calibrated on the device).'),
    'switch-interval': attr.number(0.5, 100, 5, 'The GIL switch interval in milliseconds (sys.setswitchinterval).'),
    controls: attr.bool(true, 'Show the worker-count and switch-interval controls.'),
  },
});
