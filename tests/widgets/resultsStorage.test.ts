// @vitest-environment jsdom
import { afterEach, expect, test, vi } from 'vitest';
import { deviceLabel, measuredLabel, publishResult, storedResult, type StoredResult } from '../../src/widgets/results.js';

const result = (id: string, at = Date.now()): StoredResult => ({ widget: 'timeline', id, key: 'timeline-abc', data: { x: 1 }, summary: 's', mode: 'shared-memory', at, final: true });

function deck(identity: string | null) {
  document.querySelector('meta[name="gildeck-deck"]')?.remove();
  if (identity === null) return;
  const m = document.createElement('meta');
  m.name = 'gildeck-deck';
  m.content = identity;
  document.head.append(m);
}

afterEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  deck(null);
});

test('a finished run outlives the tab: it is kept in localStorage under the deck\'s identity', () => {
  deck('Talk #1');
  publishResult(result('w-1-0-0'));
  expect(sessionStorage.length).toBe(0);
  expect(Object.keys(JSON.parse(localStorage.getItem('gildeck:results:Talk #1')!))).toEqual(['w-1-0-0']);
  expect(storedResult('w-1-0-0')?.data).toEqual({ x: 1 });
  // Another deck served from the same origin has its own runs.
  deck('Other talk #2');
  expect(storedResult('w-1-0-0')).toBeNull();
});

test('a stored run is only handed back for the configuration it measured', () => {
  deck('Talk #1');
  publishResult(result('w-1-0-0'));
  expect(storedResult('w-1-0-0', 'timeline-abc')).not.toBeNull();
  expect(storedResult('w-1-0-0', 'timeline-def')).toBeNull();
});

test('a stored run says when and where it was measured', () => {
  deck('Talk #1');
  publishResult(result('w-1-0-0', new Date(2026, 10, 29, 14, 5).getTime()));
  const r = storedResult('w-1-0-0')!;
  expect(r.where).toMatch(/, \d+ cores?$/);
  expect(measuredLabel(r)).toBe(`measured 2026-11-29 14:05 on this device, ${r.where}`);
  expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36', 2)).toBe('Chromium, 2 cores');
  expect(deviceLabel('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0', 1)).toBe('Firefox, 1 core');
});

test('?clear-results forgets the deck\'s runs once, and leaves the URL so a speaker view opened later does not clear again', async () => {
  deck('Talk #1');
  publishResult(result('w-1-0-0'));
  history.replaceState(null, '', '/?clear-results#/3');
  vi.resetModules();
  const fresh = await import('../../src/widgets/results.js');
  expect(fresh.storedResult('w-1-0-0')).toBeNull();
  expect(location.search).toBe('');
  expect(location.hash).toBe('#/3');
  fresh.publishResult(result('w-1-0-0'));
  expect(fresh.storedResult('w-1-0-0')).not.toBeNull();
  history.replaceState(null, '', '/');
});

test.each(['?clear-results=no', '?clear-results=0', '?clearresults'])('%s is not the flag: the runs stay and the address is left as written', async (search) => {
  deck('Talk #1');
  publishResult(result('w-1-0-0'));
  history.replaceState(null, '', `/${search}`);
  vi.resetModules();
  const fresh = await import('../../src/widgets/results.js');
  expect(fresh.storedResult('w-1-0-0')).not.toBeNull();
  expect(location.search).toBe(search);
  history.replaceState(null, '', '/');
});
