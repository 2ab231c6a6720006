import { attr, defineWidget } from '../attributes.js';

export const race = defineWidget({
  name: 'race',
  summary: 'N workers increment a shared counter: lost updates without a lock, a correct count with one.',
  attributes: {
    workers: attr.int(2, 16, 4, 'How many threads increment the counter.'),
    increments: attr.int(1000, 10_000_000, 1_000_000, 'Increments per thread.'),
    modes: attr.list(['free-threading', 'free-threading-lock', 'threads'], ['free-threading', 'free-threading-lock', 'threads'], 'Which runs to show side by side.'),
  },
});
