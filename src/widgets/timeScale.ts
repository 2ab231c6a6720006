/** Maps a time window (ms) onto pixels. Pure, so models lay out marks without a DOM. */
export interface TimeScale {
  (t: number): number;
  domain: [number, number];
  range: [number, number];
  invert(px: number): number;
}

export function timeScale(domain: [number, number], range: [number, number]): TimeScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const k = d1 > d0 ? (r1 - r0) / (d1 - d0) : 0;
  const s = ((t: number) => r0 + (t - d0) * k) as TimeScale;
  s.domain = [d0, d1];
  s.range = [r0, r1];
  s.invert = (px: number) => (k ? d0 + (px - r0) / k : d0);
  return s;
}

/** Zoom around a pixel by a factor, clamped to the full extent; for zoom and pan after a run. */
export function zoomDomain(domain: [number, number], full: [number, number], centerT: number, factor: number): [number, number] {
  const width = Math.min(full[1] - full[0], Math.max(0.05, (domain[1] - domain[0]) / factor));
  let start = centerT - ((centerT - domain[0]) / (domain[1] - domain[0])) * width;
  start = Math.max(full[0], Math.min(full[1] - width, start));
  return [start, start + width];
}

export function panDomain(domain: [number, number], full: [number, number], deltaT: number): [number, number] {
  const width = domain[1] - domain[0];
  const start = Math.max(full[0], Math.min(full[1] - width, domain[0] + deltaT));
  return [start, start + width];
}
