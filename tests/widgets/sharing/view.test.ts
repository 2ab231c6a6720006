// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { initialSharing, UNAVAILABLE, withSample } from '../../../src/widgets/sharing/model.js';
import { sharingView } from '../../../src/widgets/sharing/view.js';
import { roundedMarkup } from '../../support/svg.js';

const all = ['copy', 'transfer', 'shared'] as const;

test('before a run each method has its row and an empty log axis in ms', () => {
  const root = document.createElement('div');
  const view = sharingView(root);
  view.draw(initialSharing({ size: 10, methods: all, repeat: 5, sharedMemory: null }));
  const svg = root.querySelector('svg')!;
  expect([...svg.querySelectorAll('.gd-row-label')].map((t) => t.textContent)).toEqual(['copy (pickle-like)', 'transfer (no copy)', 'shared memory']);
  expect([...svg.querySelectorAll('.gd-axis .tick text')].map((t) => t.textContent)).toEqual(['0.01 ms', '0.1 ms', '1 ms', '10 ms', '100 ms', '1000 ms']);
  expect(svg.querySelectorAll('rect.gd-bar')).toHaveLength(0);
  expect([...svg.querySelectorAll('.gd-value')].map((t) => t.textContent)).toEqual(['not measured yet', 'not measured yet', 'not measured yet']);
  view.destroy();
  expect(root.children).toHaveLength(0);
});

test('median bars, every sample a dot, ms labels; shared memory unavailable says why', async () => {
  const root = document.createElement('div');
  const view = sharingView(root);
  let d = initialSharing({ size: 10, methods: all, repeat: 3, sharedMemory: false });
  for (const [copy, transfer] of [[120, 0.9], [100, 0.5], [300, 0.7]]) d = withSample(withSample(d, 'copy', copy!), 'transfer', transfer!);
  view.draw(d);
  const svg = root.querySelector('svg')!;
  expect(svg.querySelectorAll('rect.gd-bar')).toHaveLength(2);
  expect(svg.querySelectorAll('circle.gd-sample')).toHaveLength(6);
  expect([...svg.querySelectorAll('.gd-value')].map((t) => t.textContent)).toEqual(['120 ms', '0.7 ms', UNAVAILABLE]);
  const [copyBar, transferBar] = [...svg.querySelectorAll('rect.gd-bar')].map((r) => Number(r.getAttribute('width')));
  expect(copyBar!).toBeGreaterThan(transferBar! * 2);
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
});
