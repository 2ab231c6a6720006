import { STRATEGIES, WORKLOADS } from '../../engine/names.js';
import { attr, defineWidget } from '../attributes.js';

export const speedup = defineWidget({
  name: 'speedup',
  summary: 'Measured speedup against worker count for chosen strategies, with the ideal line and an Amdahl curve.',
  attributes: {
    strategies: attr.list(STRATEGIES, ['threads', 'free-threading', 'multiprocessing-pool'], 'Which strategies to measure.'),
    workload: attr.choice(WORKLOADS, 'primes', 'What each worker computes.'),
    'max-workers': attr.int(0, 32, 0, 'Largest worker count to measure; 0 means twice the device\'s cores.'),
    duration: attr.number(0.1, 30, 1, 'Seconds of single-core work per run (split across the workers).'),
    'serial-fraction': attr.number(0, 1, 0.05, 'Serial fraction for the Amdahl curve (a model, labelled as such).'),
  },
});
