import { expect, test } from 'vitest';
import { withDefaultValue } from '../../src/cli/main.js';

test('bench --page-loads without a number means the default number of loads, wherever it stands', () => {
  expect(withDefaultValue(['--page-loads'], '--page-loads', '10')).toEqual(['--page-loads', '10']);
  expect(withDefaultValue(['--page-loads', '--json', 'out.json'], '--page-loads', '10')).toEqual(['--page-loads', '10', '--json', 'out.json']);
  expect(withDefaultValue(['--page-loads', '4', '--json', 'out.json'], '--page-loads', '10')).toEqual(['--page-loads', '4', '--json', 'out.json']);
  expect(withDefaultValue(['--browser'], '--page-loads', '10')).toEqual(['--browser']);
});
