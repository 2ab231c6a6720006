import { STRATEGIES } from '../../engine/names.js';
import { attr, defineWidget } from '../attributes.js';

export const server = defineWidget({
  name: 'server',
  summary: 'An ASGI-style server: requests with a CPU part and an I/O part; throughput and latency as load rises.',
  attributes: {
    strategies: attr.list(STRATEGIES, ['threads', 'free-threading', 'subinterpreters', 'multiprocessing-pool'], 'Which servers to load.'),
    workers: attr.int(1, 16, 4, 'Worker threads, interpreters or processes per server.'),
    'cpu-ms': attr.number(0, 100, 2, 'Milliseconds of CPU work per request.'),
    'io-ms': attr.number(0, 1000, 10, 'Milliseconds of I/O wait per request.'),
    'max-rate': attr.int(10, 100_000, 2000, 'Highest offered load, in requests per second.'),
    duration: attr.number(0.2, 30, 1, 'Seconds per load step.'),
  },
});
