/**
 * The embedded faces' character maps without the code points an edition does not print that share
 * a glyph with one it does (typeset/font-cmap.ts): Chromium's PDF maps a glyph to its lowest code
 * point and pdf.js extracted every ’ of the body as ʼ (U+02BC). Everything else the face maps stays.
 */
import * as fontkit from 'fontkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { unprintedAliases, withoutUnprintedAliases } from '../../lambdas/core/typeset/font-cmap';
import { testResources } from '../support/fonts';

let serif: Uint8Array;
let display: Uint8Array;
beforeAll(async () => {
  const { fonts } = await testResources();
  serif = fonts.get('serif-regular')!;
  display = fonts.get('display-bold')!;
});

const ASCII = Array.from({ length: 95 }, (_, i) => i + 0x20);
const printedOf = (...codePoints: number[]) => new Set([...ASCII, ...codePoints]);
const glyphsOf = (bytes: Uint8Array) => {
  const font = fontkit.create(Buffer.from(bytes)) as fontkit.Font;
  return new Map(font.characterSet.map((codePoint) => [codePoint, font.glyphForCodePoint(codePoint).id]));
};
/** The sfnt checksum of the whole file, which head's checkSumAdjustment makes 0xB1B0AFBA. */
const fileChecksum = (bytes: Uint8Array) => {
  const padded = new Uint8Array((bytes.length + 3) & ~3);
  padded.set(bytes);
  const view = new DataView(padded.buffer);
  let sum = 0;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + view.getUint32(i)) >>> 0;
  return sum;
};

describe('the embedded faces\' character maps', () => {
  it('name the body face\'s shared glyphs whose lower code point does not print', () => {
    // ’ ‘ μ and the narrow no-break space print; ʼ ʻ µ and the thin space share their glyphs.
    expect(unprintedAliases(serif, printedOf(0x2019, 0x2018, 0x3bc, 0x202f))).toEqual([0xb5, 0x2bb, 0x2bc, 0x2009]);
    // Where both print, the lower stays (one glyph, one code point in a PDF's map); unprinted groups stay whole.
    expect(unprintedAliases(serif, printedOf(0x2019, 0x2bc))).toEqual([]);
    expect(unprintedAliases(display, printedOf(0x2019, 0x2018, 0x3bc))).toEqual([]);
  });

  it('leave them out and map everything else to the same glyph, in a font whose checksums hold', () => {
    const printed = printedOf(0x2019, 0x2018, 0x3bc, 0x202f);
    const before = glyphsOf(serif);
    const out = withoutUnprintedAliases(serif, printed);
    const after = glyphsOf(out);
    for (const codePoint of [0xb5, 0x2bb, 0x2bc, 0x2009]) expect(after.has(codePoint), codePoint.toString(16)).toBe(false);
    for (const [codePoint, glyph] of before) if (![0xb5, 0x2bb, 0x2bc, 0x2009].includes(codePoint)) expect(after.get(codePoint), codePoint.toString(16)).toBe(glyph);
    expect(after.size).toBe(before.size - 4);
    expect(fileChecksum(out)).toBe(0xb1b0afba);
    // Nothing to leave out: the very bytes.
    expect(withoutUnprintedAliases(display, printed)).toBe(display);
    expect(withoutUnprintedAliases(serif, printedOf(0x2bc, 0x2bb, 0xb5, 0x2009))).toBe(serif);
  });
});
