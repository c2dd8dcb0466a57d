/**
 * The precomputed plain metrics (lambdas/core/typeset/plain-metrics.data.ts) are the shipped fonts'
 * own: recomputed from the font files they match byte for byte, and every measure they give equals
 * fontkit's layout of the same string, which is what the typesetter measured before them.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as fontkit from 'fontkit';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import type { EditionResources } from '../../lambdas/core/edition';
import { FACE_KEYS, FontBook } from '../../lambdas/core/typeset/fonts';
import { fontIdentity, PlainMetrics, renderPlainMetricsModule } from '../../lambdas/core/typeset/plain-metrics';
import { plainMetricsData } from '../../lambdas/core/typeset/plain-metrics.data';

let resources: EditionResources;
beforeAll(async () => {
  resources = await loadEditionResources();
});

/** Words of the sample edition, with every prefix and suffix (the pieces hyphenation makes). */
function sampleStrings(): string[] {
  const strings = new Set<string>();
  const dir = new URL('../../samples/', import.meta.url);
  for (const name of ['ha-noi-flood-sensors.md', 'da-nang-marathon.json']) {
    for (const word of readFileSync(new URL(name, dir), 'utf8').normalize('NFC').split(/\s+/)) {
      if (!word) continue;
      strings.add(word);
      for (let i = 1; i < word.length; i++) strings.add(word.slice(0, i)).add(word.slice(i));
    }
  }
  return [...strings];
}

describe('plain metrics', () => {
  // Recomputing every face's tables takes a few seconds (much longer on a loaded machine).
  it('are up to date with the font files (else: npx tsx bin/generate-plain-metrics.ts)', { timeout: 180_000 }, () => {
    const shipped = readFileSync(new URL('../../lambdas/core/typeset/plain-metrics.data.ts', import.meta.url), 'utf8');
    expect(renderPlainMetricsModule(resources.fonts, FACE_KEYS, resources.parseFont) === shipped).toBe(true);
  });

  it('measure every string exactly as fontkit lays it out, for every face', { timeout: 180_000 }, () => {
    // Every pair of letters, figures and common punctuation, and of Vietnamese vowels with them.
    const printable = [...' AVTWYLPFfijlrtvwyoeacsxkgn.,;:’"-()?!01479ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỷỹđĐơƯư“”—…/<>^~\\'];
    const pairs = printable.flatMap((a) => printable.map((b) => a + b));
    const strings = [...sampleStrings(), ...pairs, 'The Hà Nội Herald', 'Thursday, 4 December 2019', 'office', 'affluent', 'fjord', 'ffl', 'fffi', 'offf', 'Fifth', 'fi', 'street-', 'ASEAN-UN', 'Covid-19', 'up->down', '<-->', 'and/or', '^/~'];
    for (const key of FACE_KEYS) {
      const bytes = resources.fonts.get(key)!;
      const font = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
      const plain = new PlainMetrics(plainMetricsData(key)!);
      expect(plain.identity).toBe(fontIdentity(bytes));
      let measured = 0;
      const wrong: string[] = [];
      for (const text of strings) {
        const units = plain.advance(text);
        if (units === undefined) continue;
        measured++;
        if (units !== font.layout(text).advanceWidth) wrong.push(text);
        // Letter-spaced text is set without ligatures: only strings with an f can tell.
        if (text.includes('f') && plain.advance(text, false) !== font.layout(text, { liga: false, clig: false, dlig: false }).advanceWidth) wrong.push(`${text} (no ligatures)`);
      }
      expect(wrong, key).toEqual([]);
      // Most strings take the fast path (combining marks, fallback scripts and the like go to fontkit).
      expect(measured / strings.length, key).toBeGreaterThan(0.75);
    }
  });

  it('know every code point each face maps, so choosing a face for a character needs no font parsed', () => {
    for (const key of FACE_KEYS) {
      const bytes = resources.fonts.get(key)!;
      const mapped = new Set((fontkit.create(Buffer.from(bytes)) as fontkit.Font).characterSet);
      const plain = new PlainMetrics(plainMetricsData(key)!);
      const wrong: string[] = [];
      for (let codePoint = 0; codePoint <= 0x2ffff; codePoint++) if (plain.maps(codePoint) !== mapped.has(codePoint)) wrong.push(codePoint.toString(16));
      expect(wrong, key).toEqual([]);
      expect(mapped.size, key).toBeGreaterThan(200);
    }
  });

  it('keep the hyphen plain in the display faces, whose contextual arrows ("->") give up ">" instead', () => {
    // A hyphenated headline ("street-") measured by fontkit's layout cost a fresh process 40–130 ms.
    for (const key of ['display-bold', 'display-black', 'display-italic'] as const) {
      const plain = new PlainMetrics(plainMetricsData(key)!);
      expect(plain.advance('street-'), key).toBeDefined();
      expect(plain.advance('ASEAN-UN'), key).toBeDefined();
      expect(plain.advance('->'), key).toBeUndefined();
    }
  });

  it('are used only for the very font file they were computed from', () => {
    const other = new Map(resources.fonts);
    const bytes = resources.fonts.get('serif-regular')!;
    // Same length, one byte of the head table's checksum changed: another file as far as we know.
    const changed = new Uint8Array(bytes);
    const identity = fontIdentity(bytes);
    expect(identity).not.toBe('');
    const view = new DataView(changed.buffer);
    for (let i = 0; i < view.getUint16(4); i++) {
      const record = 12 + i * 16;
      if (String.fromCharCode(...changed.subarray(record, record + 4)) === 'head') changed[view.getUint32(record + 8) + 8] ^= 0xff;
    }
    expect(fontIdentity(changed)).not.toBe(identity);
    other.set('serif-regular', changed);
    const book = new FontBook(other, resources.parseFont);
    // Still measured, through fontkit, and the same (the outlines did not change).
    expect(book.width('Mekong', 'serif-regular', 12)).toBeCloseTo(new FontBook(resources.fonts, resources.parseFont).width('Mekong', 'serif-regular', 12), 9);
    // Looked at (by the measuring above) and refused for these bytes; another face's are used.
    const faces = (book as unknown as { faces: Map<string, { plain?: unknown }> }).faces;
    expect(faces.get('serif-regular')!.plain).toBeNull();
    book.width('Mekong', 'serif-bold', 12);
    expect(faces.get('serif-bold')!.plain).toBeInstanceOf(PlainMetrics);
  });
});
