import { describe, expect, test } from 'vitest';
import { cacheName, isHashed, isManifest, manifestPrelude, pageUrl, precacheUrls, staleCaches } from '../../src/runtime/precache.js';

const SCOPE = 'https://decks.example/talk/';

describe('the service worker\'s cache', () => {
  test('a new build\'s worker removes the caches of this deck\'s earlier builds, never another deck\'s on the same host', () => {
    const names = [cacheName(SCOPE, 'aaaa1111'), cacheName(SCOPE, 'bbbb2222'), cacheName('https://decks.example/other/', 'aaaa1111'), 'someone-elses-cache'];
    expect(staleCaches(names, SCOPE, 'bbbb2222')).toEqual([cacheName(SCOPE, 'aaaa1111')]);
  });

  test('precached URLs stay inside the deck\'s folder, encoded', () => {
    const urls = precacheUrls({ version: 'abcdef12', files: ['index.html', 'assets/a b#1.png', '../../secret.txt', '//evil.example/x.js', 'https://evil.example/y.js'] }, SCOPE);
    // The last one is a file named "https:" under the deck's folder, not another host.
    expect(urls).toEqual([`${SCOPE}index.html`, `${SCOPE}assets/a%20b%231.png`, `${SCOPE}https%3A//evil.example/y.js`]);
  });

  test('every address of the deck\'s page, with any query, is the one cached page; other files are not', () => {
    for (const u of ['', 'index.html', '?kiosk', 'index.html?transition=none&x=1']) expect(pageUrl(SCOPE + u, SCOPE)).toBe(`${SCOPE}index.html`);
    for (const u of ['gildeck.ABCD1234.js', 'assets/index.html', 'index.htm']) expect(pageUrl(SCOPE + u, SCOPE)).toBeNull();
    expect(pageUrl('https://decks.example/', SCOPE)).toBeNull();
  });

  test('only the content-hashed bundle is taken from the cache first', () => {
    expect(isHashed(`${SCOPE}gildeck.ABCD1234.js`)).toBe(true);
    expect(isHashed(`${SCOPE}gildeck.ABCD1234.css`)).toBe(true);
    // The chunks a deck loads on demand are named for their content too.
    for (const chunk of ['gildeck.w-gil.ABCD1234.js', 'gildeck.w-gil.ABCD1234.css', 'gildeck.chunk.ABCD1234.js', 'gildeck.engine.ABCD1234.js', 'gildeck.notes.ABCD1234.js']) expect(isHashed(`${SCOPE}${chunk}`), chunk).toBe(true);
    expect(isHashed(`${SCOPE}index.html`)).toBe(false);
    expect(isHashed(`${SCOPE}assets/logo.png`)).toBe(false);
  });

  test('the manifest the build writes is what the worker reads; anything else is no manifest', () => {
    const m = { version: '0123456789abcdef', files: ['index.html'] };
    const self: Record<string, unknown> = {};
    new Function('self', manifestPrelude(m))(self);
    expect(isManifest(self.GILDECK_PRECACHE)).toBe(true);
    expect(self.GILDECK_PRECACHE).toEqual(m);
    for (const bad of [undefined, null, {}, { version: 'x', files: [] }, { version: '0123456789abcdef', files: [1] }]) expect(isManifest(bad)).toBe(false);
  });
});
