import { attr, defineWidget } from '../attributes.js';

export const convoy = defineWidget({
  name: 'convoy',
  summary: 'Latency of an I/O-bound thread beside 0, 1, 2 CPU-bound competitors, GIL versus free-threading.',
  attributes: {
    competitors: attr.int(0, 8, 2, 'Largest number of CPU-bound threads beside the I/O-bound one.'),
    'io-wait': attr.number(0, 50, 0.2, 'Milliseconds each I/O call waits (0: returns at once but still drops the GIL).'),
    'switch-interval': attr.number(0.5, 100, 5, 'The GIL switch interval in milliseconds.'),
    duration: attr.number(0.1, 30, 1, 'Seconds of CPU work per configuration, split among its CPU-bound threads (about its wall time under the GIL).'),
  },
});
