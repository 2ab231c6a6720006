/** A canvas sized in CSS pixels and drawn at the device's resolution (crisp on a projector and a retina laptop). */
export function hiDpiCanvas(parent: HTMLElement, width: number, height: number): { canvas: HTMLCanvasElement; ctx: CanvasRenderingContext2D | null; resize(h: number): void } {
  const canvas = document.createElement('canvas');
  canvas.className = 'gd-w-canvas';
  parent.append(canvas);
  const ctx = canvas.getContext('2d');
  const resize = (h: number) => {
    const ratio = Math.max(1, Math.min(3, globalThis.devicePixelRatio || 1));
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(h * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${h}px`;
    ctx?.setTransform(ratio, 0, 0, ratio, 0, 0);
  };
  resize(height);
  return { canvas, ctx, resize };
}

export const SVG_NS = 'http://www.w3.org/2000/svg';
