/**
 * What a reader copies or searches in pdf.js (Firefox's viewer, pdfjs-dist) is what printed. The
 * body face draws ’ and ʼ (U+02BC), ‘ and ʻ (U+02BB), μ and µ (U+00B5), the narrow no-break space
 * and the thin space with one glyph each, and Chromium's PDF maps a glyph to its lowest code
 * point; pdf.js reads only that map, so every apostrophe of the body was extracted as ʼ and a
 * Greek μ as the micro sign. The edition embeds its faces without the unprinted code point
 * (typeset/font-cmap.ts). One small edition, built and printed in Chromium, read back with pdf.js.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import { getDocument } from '../support/pdfjs';
import { buildFolder } from '../support/edition';

let dir: string;
let text = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-text-layer-'));
  await writeFile(
    join(dir, 'apostrophes.md'),
    [
      '---',
      'headline: The city’s new bridge opens',
      'section: News',
      'priority: 1',
      '---',
      '',
      'Zürich’s council said the bridge was ‘ready’ on Tuesday, and the mayor’s office agreed that it’s the city’s longest.',
      '',
      'Engineers measured a gap of 12\u202f000 parts, and the Greek team’s report named the μ value of the steel (Δ and Ω as printed).',
    ].join('\n'),
  );
  const edition = await buildFolder(dir, { date: '2019-12-04' });
  const doc = await getDocument({ data: edition.pdf.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    text += (await page.getTextContent()).items.map((item) => ('str' in item ? item.str : '')).join('');
  }
  await doc.destroy();
}, 240_000);

afterAll(async () => {
  await closeBrowser();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the PDF text pdf.js extracts', () => {
  it('has the apostrophes and quotes that printed, not the modifier letters sharing their glyph', () => {
    expect(text).toContain('Zürich’s');
    expect(text).toContain('‘ready’');
    expect(text).not.toMatch(/[\u02bb\u02bc]/u);
  });
  // A guard: Greek prints from the Noto fallback's subset, which shares no glyph, so μ was right
  // before too. (pdf.js reads every space as a space: the narrow no-break space is font-cmap.test's.)
  it('has the Greek mu that printed, not the micro sign', () => {
    expect(text).toContain('μ value');
    expect(text).not.toContain('\u00b5');
  });
});
