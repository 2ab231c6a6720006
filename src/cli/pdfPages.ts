/**
 * The number of pages of a PDF as Chromium writes it (Skia: page objects in plain dictionaries, no object streams):
 * its `/Type /Page` objects, not the `/Pages` tree nodes. Enough to check an export, not a PDF parser.
 */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  return text.match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
}
