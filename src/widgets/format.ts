// Numbers as every widget prints them, so one figure reads the same on every slide, in its summary and on its axis.

/** The width every widget's SVG is laid out in (viewBox units); the slide scales the figure to fit. */
export const WIDTH = 880;

/** Three significant digits, whole numbers from 100 up, trailing zeros dropped: 1234, 118, 12.3, 0.734, 0.0412, 2. */
const digits = (x: number): string => String(Math.abs(x) >= 100 ? Math.round(x) : Number(x.toPrecision(3)));

/** A value in a small unit, or in the larger one (1000 of them) once it reaches it: 999 ms, then 1 s. */
const scaled = (x: number, small: string, large: (x: number) => string): string => (!Number.isFinite(x) ? '–' : Math.abs(Math.round(x)) >= 1000 ? large(x / 1000) : `${digits(x)} ${small}`);

/** A duration given in ms: "0.0412 ms", "4.23 ms", "123 ms", "1.5 s", "12.3 s"; "–" for what is not a number. */
export const formatMs = (ms: number): string => scaled(ms, 'ms', (s) => `${digits(s)} s`);

/** The range a median of a few timings came from: " (range 8.7 ms to 9.3 ms, 3 starts)"; nothing for one sample. */
export const rangeText = (r: { low: number; high: number; n: number }, noun: string): string =>
  r.n > 1 ? ` (range ${formatMs(r.low)} to ${formatMs(r.high)}, ${r.n} ${noun}s)` : '';

/** A duration given in µs, the same way: "42.4 µs" below a millisecond, then as `formatMs` ("5.18 ms", "1.3 s"). */
export const formatUs = (us: number): string => scaled(us, 'µs', formatMs);

/** A size in bytes: MB (of 1024 x 1024, one decimal) from one MB up, else whole KB ("10 MB", "1.5 MB", "512 KB"). */
export const formatBytes = (bytes: number): string => (bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.round(bytes / 1024)} KB`);
