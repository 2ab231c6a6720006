import { attr, defineWidget } from '../attributes.js';

export const asyncio = defineWidget({
  name: 'asyncio',
  summary: 'Coroutines on one event loop: I/O waits overlap, a CPU step blocks everything; the same tasks on threads. Its times are from one run of each, and say so.',
  attributes: {
    tasks: attr.int(1, 12, 3, 'How many coroutines.'),
    'io-wait': attr.number(10, 5000, 1000, 'Milliseconds each task awaits (asyncio.sleep).'),
    'cpu-step': attr.number(0, 5000, 300, 'Milliseconds of CPU work one task does without awaiting (0: none).'),
    contrast: attr.bool(true, 'Also run the same tasks on threads, for contrast.'),
  },
});
