/**
 * Joins PDFs printed in parts into one document, pages in order. A large edition is printed in
 * parts (build-edition.ts, PRINT_POLICY): Chromium's memory grows with the pages of the document
 * it has loaded, and 200 pages in one document took it past a gigabyte. The pages are copied
 * whole (content streams, fonts and images of each part), so every page prints exactly as its
 * part printed it; each part keeps its own font subsets. Deterministic: the same parts give the
 * same bytes (dates fixed; finalizePdf then sets the edition's own metadata and /ID).
 */
import { PDFDocument } from 'pdf-lib';

export async function joinPdfs(parts: readonly Uint8Array[]): Promise<Uint8Array> {
  if (parts.length === 1) return parts[0];
  const joined = await PDFDocument.create({ updateMetadata: false });
  for (const part of parts) {
    const source = await PDFDocument.load(part, { updateMetadata: false });
    const pages = await joined.copyPages(source, source.getPageIndices());
    for (const page of pages) joined.addPage(page);
  }
  const epoch = new Date(0);
  joined.setCreationDate(epoch);
  joined.setModificationDate(epoch);
  // A classic cross-reference table, as Chromium writes: finalizePdf appends its update to it.
  return joined.save({ useObjectStreams: false });
}
