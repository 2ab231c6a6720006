// @vitest-environment jsdom
import { afterEach, describe, expect, test, vi } from 'vitest';
import { readUrlOptions } from '../../src/runtime/urlOptions.js';
import { showUrlNotes, URL_NOTES_MS } from '../../src/runtime/urlNotes.js';

afterEach(() => {
  document.body.replaceChildren();
  vi.useRealTimers();
});

describe('showUrlNotes', () => {
  test('what the address asked for and did not get is on the page, not only in the console', () => {
    const { notes } = readUrlOptions('?width=1e9&plugins=x');
    const box = showUrlNotes(notes)!;
    expect(box.getAttribute('role')).toBe('status');
    expect(document.body.contains(box)).toBe(true);
    expect(Array.from(box.querySelectorAll('li')).map((li) => li.textContent)).toEqual(notes);
    expect(box.textContent).toMatch(/width=1e9 clamped to 10000/);
    expect(box.textContent).toMatch(/"plugins" ignored/);
  });

  test('nothing is shown when the address is fine', () => {
    expect(showUrlNotes(readUrlOptions('?transition=none&kiosk').notes)).toBeNull();
    expect(document.body.children).toHaveLength(0);
  });

  test('it closes with its button, or by itself so a booth is not covered for good', () => {
    vi.useFakeTimers();
    showUrlNotes(['one'])!.querySelector('button')!.click();
    expect(document.querySelector('.gd-url-notes')).toBeNull();
    showUrlNotes(['two']);
    vi.advanceTimersByTime(URL_NOTES_MS);
    expect(document.querySelector('.gd-url-notes')).toBeNull();
  });

  test('a note is text, never markup', () => {
    const box = showUrlNotes(readUrlOptions('?slideNumber=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E').notes)!;
    expect(box.querySelector('img')).toBeNull();
    expect(box.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});
