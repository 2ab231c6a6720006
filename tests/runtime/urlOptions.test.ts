// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { REVEAL_NUMBERS, revealOptions, revealUrlOnlyOptions } from '../../src/compiler/revealOptions.js';
import { readUrlOptions } from '../../src/runtime/urlOptions.js';
import { flagsOnly, needsChecking, urlFlags, withFlagsOnlyQuery } from '../../src/runtime/urlFlags.js';

describe('readUrlOptions', () => {
  test('options the front matter schema accepts are kept, typed as reveal.js would read them', () => {
    const r = readUrlOptions('?transition=none&controls=false&slideNumber=c%2Ft&width=1280&margin=0.1');
    expect(r.options).toEqual({ transition: 'none', controls: false, slideNumber: 'c/t', width: 1280, margin: 0.1 });
    expect(r.notes).toEqual([]);
  });

  test.each(['plugins=x', 'dependencies=x', 'parallaxBackgroundImage=https%3A%2F%2Fexample.com%2Fx.png', 'backgroundImage=//example.com/x', '__proto__=1', 'constructor=1', 'postMessage=false'])(
    'an unknown or unsafe key is ignored with a note: %s',
    (q) => {
      const r = readUrlOptions(`?${q}`);
      expect(r.options).toEqual({});
      expect(Object.getPrototypeOf(r.options)).toBe(Object.prototype);
      expect(r.notes).toHaveLength(1);
      expect(r.notes[0]).toMatch(/ignored: .*\(see "URL options" in the README\)/);
    },
  );

  test('numbers are clamped to their ranges; what is not a finite number is ignored', () => {
    const r = readUrlOptions('?width=1e9&height=-1&margin=NaN&minScale=0&maxScale=1e308&autoSlide=Infinity');
    expect(r.options).toEqual({ width: REVEAL_NUMBERS.width.max, height: REVEAL_NUMBERS.height.min, minScale: REVEAL_NUMBERS.minScale.min, maxScale: REVEAL_NUMBERS.maxScale.max });
    expect(r.notes.join('\n')).toMatch(/width=1e9 clamped to 10000/);
    expect(r.notes.join('\n')).toMatch(/margin=NaN ignored: it must be a number from 0 to 0.5/);
    expect(r.notes.join('\n')).toMatch(/autoSlide=Infinity ignored/);
  });

  test('a value of the wrong kind is ignored with a note', () => {
    const r = readUrlOptions('?transition=sideways&controls=yes&view=evil');
    expect(r.options).toEqual({});
    expect(r.notes).toHaveLength(3);
  });

  test('a flag given a value is reported and not taken: a flag is written alone', () => {
    const r = readUrlOptions('?kiosk=1&clear-results=no&print-pdf=true');
    expect(r.flags).toEqual(new Set());
    expect(r.notes).toEqual([
      'URL flag kiosk=1 ignored: it takes no value; write ?kiosk alone',
      'URL flag clear-results=no ignored: it takes no value; write ?clear-results alone',
      'URL flag print-pdf=true ignored: it takes no value; write ?print-pdf alone',
    ]);
  });

  test('?clear-results is a flag the widgets read from here, with no note', () => {
    const r = readUrlOptions('?clear-results&kiosk');
    expect(r.flags).toEqual(new Set(['clear-results', 'kiosk']));
    expect(r.notes).toEqual([]);
  });

  test('a misspelt option names the one meant', () => {
    expect(readUrlOptions('?transtion=none').notes).toEqual(['URL option "transtion" ignored: did you mean "transition"? (see "URL options" in the README)']);
    expect(readUrlOptions('?kisok').notes[0]).toMatch(/did you mean "kiosk"\?/);
    expect(readUrlOptions('?zzzzzzzz=1').notes[0]).toMatch(/ignored: not an option the URL may set/);
  });

  test.each([
    ['autoSlide=-5', { autoSlide: 0 }, /autoSlide=-5 clamped to 0/],
    ['margin=0.9', { margin: 0.5 }, /margin=0.9 clamped to 0.5/],
    ['scrollActivationWidth=1e6', {}, /scrollActivationWidth=1e6 ignored/],
    ['slideNumber=%3Cimg%3E', {}, /slideNumber=<img> ignored/],
    ['navigationMode=grid2', {}, /navigationMode=grid2 ignored/],
    ['width=0x10', {}, /width=0x10 ignored: it must be a number from 100 to 10000/],
  ])('a bad value is clamped or dropped, and said: %s', (q, options, note) => {
    const r = readUrlOptions(`?${q}`);
    expect(r.options).toEqual(options);
    expect(r.notes).toHaveLength(1);
    expect(r.notes[0]).toMatch(note);
  });

  test('the print and scroll views and the speaker view frames keep their options and flags', () => {
    expect(readUrlOptions('?view=scroll').options).toEqual({ view: 'scroll' });
    expect(readUrlOptions('?print-pdf').flags).toEqual(new Set(['print-pdf']));
    const frame = readUrlOptions('?receiver&progress=false&history=false&transition=none&autoSlide=0&backgroundTransition=none&scrollActivationWidth=false&postMessageEvents=true');
    expect(frame.flags).toEqual(new Set(['receiver']));
    expect(frame.options).toEqual({ progress: false, history: false, transition: 'none', autoSlide: 0, backgroundTransition: 'none', scrollActivationWidth: false, postMessageEvents: true });
    expect(frame.notes).toEqual([]);
  });
});

describe('the shared schema', () => {
  test('no option takes a URL, so no option can make the deck load from another origin', () => {
    const all = { ...revealOptions, ...revealUrlOnlyOptions };
    for (const [key, schema] of Object.entries(all)) {
      for (const url of ['https://example.com/x.png', '//example.com/x.png', 'url(https://example.com/x)']) expect(schema.safeParse(url).success, key).toBe(false);
    }
  });
});

describe('withFlagsOnlyQuery', () => {
  test('flagsOnly keeps bare flags and drops every key=value', () => {
    expect(flagsOnly('?kiosk&autoSlide=1&plugins=x&print-pdf')).toBe('?kiosk&print-pdf');
    expect(flagsOnly('?width=1')).toBe('');
    expect(flagsOnly('')).toBe('');
  });

  test('while reveal.js initializes it sees only the flags; the address is put back afterwards', () => {
    history.replaceState(null, '', '/deck/?kiosk&plugins=x&autoSlide=1#/2');
    const seen = withFlagsOnlyQuery(() => location.search + location.hash);
    expect(seen).toBe('?kiosk#/2');
    expect(location.pathname + location.search + location.hash).toBe('/deck/?kiosk&plugins=x&autoSlide=1#/2');
  });

  test('the address is put back even if initializing throws', () => {
    history.replaceState(null, '', '/?a=1');
    expect(() => withFlagsOnlyQuery(() => { throw new Error('x'); })).toThrow('x');
    expect(location.search).toBe('?a=1');
  });
});

describe('urlFlags', () => {
  test('an address of bare flags (or none) needs no checker; any option, unknown key or flag with a value does', () => {
    for (const q of ['', '?', '?kiosk', '?print-pdf&kiosk', '?receiver&clear-results']) expect(needsChecking(q), q).toBe(false);
    for (const q of ['?transition=none', '?kiosk=1', '?kisok', '?print-pdf&width=1280']) expect(needsChecking(q), q).toBe(true);
  });

  test('the flags read without the checker are the checker\'s flags', () => {
    for (const q of ['?kiosk', '?kiosk=1&print-pdf', '?clear-results&receiver&transition=none', '?kisok']) expect(urlFlags(q), q).toEqual(readUrlOptions(q).flags);
  });
});
