import { STRATEGY_NAMES, WORKLOADS } from '../../engine/index.js';
import { attr, defineWidget } from '../attributes.js';

export const heatmap = defineWidget({
  name: 'heatmap',
  recordable: true,
  summary: 'Cores x time: the share of a core each worker had per time bucket, from GIL holds and measured progress: never more than one core per GIL, nor more than the device has; time runnable but waiting for a core is hatched.',
  attributes: {
    strategy: attr.choice(STRATEGY_NAMES, 'threads', 'How the workers run.'),
    workers: attr.int(1, 16, 2, 'How many workers.'),
    workload: attr.choice(WORKLOADS, 'primes', 'What each worker computes.'),
    duration: attr.number(0.1, 30, 1.5, 'Seconds of single-core work per worker.'),
    bucket: attr.number(10, 2000, 100, 'Width of one time bucket in milliseconds.'),
  },
});
