import { attr, defineWidget } from '../attributes.js';

export const sharing = defineWidget({
  name: 'sharing',
  summary: 'The cost of moving N MB to a worker: copy (pickle-like), transfer, shared memory.',
  attributes: {
    size: attr.number(1, 256, 10, 'Megabytes to move.'),
    methods: attr.list(['copy', 'transfer', 'shared'], ['copy', 'transfer', 'shared'], 'Which ways of moving data to measure.'),
    repeat: attr.int(1, 50, 5, 'Repetitions per method; the median is shown.'),
  },
});
