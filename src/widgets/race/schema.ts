import { attr, defineWidget } from '../attributes.js';
import { RACE_MODE_NAMES } from './model.js';

export const race = defineWidget({
  name: 'race',
  summary: 'N workers increment a shared counter: lost updates without a lock, a correct count with one.',
  attributes: {
    workers: attr.int(2, 16, 4, 'How many threads increment the counter.'),
    increments: attr.int(1000, 10_000_000, 1_000_000, 'Increments per thread.'),
    modes: attr.list(RACE_MODE_NAMES, RACE_MODE_NAMES, 'Which runs to show side by side.'),
  },
});
