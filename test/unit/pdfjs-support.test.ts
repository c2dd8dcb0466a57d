/**
 * test/support/pdfjs.ts: pdf.js for the tests leaves `Uint8Array` as the runtime made it, so that
 * puppeteer decodes Chromium's PDFs and screenshots with `Buffer`, not core-js's slow polyfill, and
 * `Array.prototype.push` the runtime's, not core-js's loop in JavaScript.
 */
import { execFileSync } from 'node:child_process';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { getDocument } from '../support/pdfjs';

describe('pdf.js as the tests import it', () => {
  it('reads PDFs, and leaves Uint8Array.fromBase64 only where the runtime has its own', async () => {
    // A PDF read first: pdf.js loads its worker's code on the first document.
    const pdf = await PDFDocument.create();
    pdf.addPage([100, 100]);
    const doc = await getDocument({ data: await pdf.save() }).promise;
    expect(doc.numPages).toBe(1);
    await doc.destroy();
    const native = execFileSync(process.execPath, ['-p', "'fromBase64' in Uint8Array"], { encoding: 'utf8' }).trim() === 'true';
    expect('fromBase64' in Uint8Array).toBe(native);
  });

  it('leaves Array.prototype.push the runtime’s: an empty push onto an array of unwritable length behaves as in a process without pdf.js', () => {
    // core-js's push is installed where the runtime's does not throw a TypeError here (Node 20), and
    // throws one (core-js's detection: Node 20's push of nothing throws none); a fresh process shows what the runtime's own does.
    const pushOntoFrozenLength = "(() => { try { Object.defineProperty([], 'length', { writable: false }).push(); return 'pushed'; } catch (error) { return error.constructor.name; } })()";
    const runtime = execFileSync(process.execPath, ['-p', pushOntoFrozenLength], { encoding: 'utf8' }).trim();
    expect(runtime).not.toBe('');
    expect((0, eval)(pushOntoFrozenLength)).toBe(runtime);
  });
});
