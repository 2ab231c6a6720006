import { STRATEGY_NAMES } from '../../engine/index.js';
import { attr, defineWidget } from '../attributes.js';

export const server = defineWidget({
  name: 'server',
  summary: 'An ASGI-style server: requests with a CPU part and an I/O part; throughput (under a GIL never above what its measured hold time allows) and latency as load rises; a request alone (the median of a few, with their range) with its measured CPU and I/O parts; peak throughput and the GIL\'s ceiling with their 95% intervals.',
  attributes: {
    strategies: attr.list(STRATEGY_NAMES, ['threads', 'free-threading', 'subinterpreters', 'multiprocessing-pool'], 'Which servers to load.'),
    workers: attr.int(1, 16, 4, 'Worker threads, interpreters or processes per server (coroutines under asyncio).'),
    'cpu-ms': attr.number(0, 100, 8, 'Milliseconds of CPU work per request (calibrated on the device).'),
    'io-ms': attr.number(0, 1000, 4, 'Milliseconds of I/O wait per request (a database call; releases the GIL).'),
    'max-rate': attr.int(10, 100_000, 300, 'Highest offered load, in requests per second.'),
    steps: attr.int(2, 10, 5, 'Load steps from max-rate/steps up to max-rate.'),
    duration: attr.number(0.1, 30, 0.25, 'Seconds per load step.'),
  },
});
