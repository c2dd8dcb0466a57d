/**
 * The fake builder of the handler tests, but printing a real (tiny) PDF with pdf-lib: one page per
 * article, its headline as text. Fault-injection tests need PDFs whose completeness can be checked
 * without paying for Chromium on every one of their many renders.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { BuildOutcome, EditionRequest } from '../../lambdas/core/edition';
import type { InputSource } from '../../lambdas/core/ports';
import { fakeBuilder } from '../handlers/fake-builder';

export function pdfFakeBuilder(): ((source: InputSource, request: EditionRequest) => Promise<BuildOutcome>) & { calls: number } {
  const inner = fakeBuilder();
  const build = (async (source: InputSource, request: EditionRequest): Promise<BuildOutcome> => {
    build.calls++;
    const outcome = await inner(source, request);
    if (!outcome.ok) return outcome;
    const doc = await PDFDocument.create();
    doc.setCreationDate(new Date(0));
    doc.setModificationDate(new Date(0));
    doc.setTitle(outcome.edition.fingerprint);
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (const article of outcome.edition.manifest.articles) {
      const page = doc.addPage([300, 200]);
      page.drawText(article.headline.replace(/[^\x20-\x7e]/g, '?'), { x: 20, y: 100, size: 12, font });
    }
    const pdf = await doc.save({ useObjectStreams: false });
    return { ok: true, edition: { ...outcome.edition, pdf } };
  }) as ((source: InputSource, request: EditionRequest) => Promise<BuildOutcome>) & { calls: number };
  build.calls = 0;
  return build;
}

/** A PDF as written whole: the header at the start and the end-of-file marker at the end. */
export function isCompletePdf(bytes: Uint8Array | undefined): boolean {
  if (!bytes || bytes.byteLength < 16) return false;
  const head = Buffer.from(bytes.subarray(0, 5)).toString('latin1');
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.byteLength - 32))).toString('latin1').trimEnd();
  return head === '%PDF-' && tail.endsWith('%%EOF');
}
