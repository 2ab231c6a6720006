// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { ChunkLoader, FILE_ATTRIBUTE, parseManifest } from '../../src/runtime/chunks.js';

type Chunk = (require: (p: string) => unknown, module: { exports: any }, exports: any) => void;

describe('the page\'s chunk loader', () => {
  test('a manifest that is missing, not JSON, or names a file outside the folder is read as no manifest entry', () => {
    expect(parseManifest(null)).toEqual({});
    expect(parseManifest('{')).toEqual({});
    expect(parseManifest('{"gil":{"js":["../x.js"],"css":[],"entry":"../x.js"}}')).toEqual({});
    expect(parseManifest('{"gil":{"js":["a.js"],"css":[],"entry":"b.js"}}')).toEqual({});
    expect(parseManifest('{"gil":{"js":["a.js","b.js"],"css":["c.css"],"entry":"b.js"}}')).toEqual({ gil: { js: ['a.js', 'b.js'], css: ['c.css'], entry: 'b.js' } });
  });

  test('chunks inlined in the page are required, shared modules run once, and nothing is fetched', async () => {
    for (const name of ['shared.js', 'a.js', 'b.js', 'a.css']) {
      const el = document.createElement(name.endsWith('.css') ? 'style' : 'script');
      el.setAttribute(FILE_ATTRIBUTE, name);
      document.head.append(el);
    }
    let runs = 0;
    const registry: Record<string, Chunk> = {
      'shared.js': (_r, m) => void ((m.exports = { n: ++runs })),
      'a.js': (r, m) => void ((m.exports = { from: 'a', shared: (r('./shared.js') as { n: number }).n })),
      'b.js': (r, m) => void ((m.exports = { from: 'b', shared: (r('./shared.js') as { n: number }).n })),
    };
    const loader = new ChunkLoader(parseManifest(JSON.stringify({ a: { js: ['shared.js', 'a.js'], css: ['a.css'], entry: 'a.js' }, timeline: { js: ['shared.js', 'b.js'], css: [], entry: 'b.js' } })), document, () => registry);
    expect(loader.required('a')).toBeUndefined();
    expect(await loader.load('a')).toEqual({ from: 'a', shared: 1 });
    expect(await loader.load('timeline')).toEqual({ from: 'b', shared: 1 });
    expect(runs).toBe(1);
    expect(loader.required('a')).toEqual({ from: 'a', shared: 1 });
    expect(document.querySelectorAll('script[src], link[href]')).toHaveLength(0);
    // Units that are widgets name their elements; the engine and the speaker view are not widgets.
    expect(new ChunkLoader(parseManifest(JSON.stringify({ engine: { js: ['e.js'], css: [], entry: 'e.js' }, notes: { js: ['n.js'], css: [], entry: 'n.js' }, gil: { js: ['g.js'], css: [], entry: 'g.js' } })), document).widgetSelector).toBe('gd-gil');
    await expect(loader.load('race')).rejects.toThrow(/no code for "race"/);
  });

  test('a stylesheet unit (a part of reveal.css) loads its stylesheets and none of its scripts', async () => {
    document.head.replaceChildren();
    const loader = new ChunkLoader(parseManifest(JSON.stringify({ 'scroll-view': { js: ['helpers.js', 's.js'], css: ['s.css'], entry: 's.js' } })), document, () => ({}));
    const loaded = loader.styles('scroll-view');
    const links = [...document.querySelectorAll('link')];
    expect(links.map((l) => l.getAttribute('href'))).toEqual(['s.css']);
    expect(document.querySelectorAll('script')).toHaveLength(0);
    links[0]!.dispatchEvent(new Event('load'));
    await loaded;
    await expect(loader.styles('print')).rejects.toThrow(/no stylesheet for "print"/);
  });

  test('a unit\'s stylesheet goes after gildeck\'s start styles and before the deck\'s own, whose rules win', async () => {
    document.head.innerHTML = '<style id="start"></style><style id="gildeck-theme" data-gd-deck-style></style><link rel="stylesheet" href="theme.css" data-gd-deck-style>';
    const loader = new ChunkLoader(parseManifest(JSON.stringify({ later: { js: ['l.js'], css: ['l.css'], entry: 'l.js' } })), document, () => ({}));
    const loaded = loader.styles('later');
    expect([...document.head.children].map((e) => e.id || e.getAttribute('href'))).toEqual(['start', 'l.css', 'gildeck-theme', 'theme.css']);
    document.querySelector('link[href="l.css"]')!.dispatchEvent(new Event('load'));
    await loaded;
    // A page without styles of its own: after gildeck's.
    document.head.innerHTML = '<style id="start"></style>';
    const plain = new ChunkLoader(parseManifest(JSON.stringify({ later: { js: ['l.js'], css: ['l.css'], entry: 'l.js' } })), document, () => ({}));
    void plain.styles('later');
    expect([...document.head.children].map((e) => e.id || e.getAttribute('href'))).toEqual(['start', 'l.css']);
  });
});
