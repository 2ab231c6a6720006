import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { WIDGETS } from '../../src/widgets/registry.js';
import { widgetReference, withWidgetReference } from '../../src/widgets/reference.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

test('the README documents every widget and attribute exactly as the registry declares them (npm run docs)', () => {
  expect(withWidgetReference(README)).toBe(README);
});

test('the generated reference names every widget and each of its attributes', () => {
  const text = widgetReference();
  for (const w of WIDGETS.values()) {
    expect(text).toContain(`#### \`${w.name}\``);
    for (const a of Object.keys(w.attributes)) expect(text).toContain(`| \`${a}\` |`);
  }
});
