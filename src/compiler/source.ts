/** A position in a source file: 1-based line and column, 0-based offset. */
export interface Point {
  line: number;
  column: number;
  offset: number;
}

/** Where something came from: a file (as the user named it) and a point in it. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

/** One source file with a line index, so offsets turn into `file:line:col` cheaply. */
export class SourceFile {
  readonly lineStarts: number[] = [0];

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  pointAt(offset: number): Point {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1, offset };
  }

  locationAt(offset: number): Location {
    const { line, column } = this.pointAt(offset);
    return { file: this.path, line, column };
  }

  offsetOf(line: number, column = 1): number {
    return (this.lineStarts[line - 1] ?? this.text.length) + column - 1;
  }
}

export function formatLocation(loc: Location): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}
