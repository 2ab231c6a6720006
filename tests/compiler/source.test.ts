import { describe, expect, test } from 'vitest';
import { formatLocation, SourceFile } from '../../src/compiler/source.js';

describe('SourceFile', () => {
  const file = new SourceFile('slides/02-act-two.md', 'ab\ncde\n\nf');

  test('turns offsets into 1-based lines and columns, keeping the offset', () => {
    expect(file.pointAt(0)).toEqual({ line: 1, column: 1, offset: 0 });
    expect(file.pointAt(1)).toEqual({ line: 1, column: 2, offset: 1 });
    expect(file.pointAt(3)).toEqual({ line: 2, column: 1, offset: 3 });
    expect(file.pointAt(5)).toEqual({ line: 2, column: 3, offset: 5 });
  });

  test('a newline belongs to the line it ends, and an empty line has column 1', () => {
    expect(file.pointAt(2)).toEqual({ line: 1, column: 3, offset: 2 });
    expect(file.pointAt(7)).toEqual({ line: 3, column: 1, offset: 7 });
    expect(file.pointAt(8)).toEqual({ line: 4, column: 1, offset: 8 });
  });

  test('with CRLF line ends, lines still start after the LF', () => {
    const crlf = new SourceFile('w.md', 'ab\r\ncd');
    expect(crlf.pointAt(4)).toEqual({ line: 2, column: 1, offset: 4 });
    expect(crlf.pointAt(2)).toEqual({ line: 1, column: 3, offset: 2 });
  });

  test('a location names the file as the user wrote it', () => {
    expect(file.locationAt(5)).toEqual({ file: 'slides/02-act-two.md', line: 2, column: 3 });
  });

  test('offsetOf is the inverse of pointAt', () => {
    for (let offset = 0; offset < file.text.length; offset++) {
      const { line, column } = file.pointAt(offset);
      expect(file.offsetOf(line, column)).toBe(offset);
    }
  });

  test('offsetOf a line past the end is the end of the text', () => {
    expect(file.offsetOf(99)).toBe(file.text.length);
  });
});

test('a location formats as file:line:col', () => {
  expect(formatLocation({ file: 'slides/01.md', line: 12, column: 7 })).toBe('slides/01.md:12:7');
});
