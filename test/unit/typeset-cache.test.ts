/**
 * The typesetter's caches and shortcuts set exactly what it set without them (issue 15, item 2):
 * a word is cut and measured once per face, size and language, whatever width it is set at; a
 * fresh font book (nothing cached) sets every paragraph as a warm one does; words split as the
 * regular expression split them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import type { TextRun } from '../../lambdas/core/article';
import type { EditionResources } from '../../lambdas/core/edition';
import { FontBook, type FaceKey } from '../../lambdas/core/typeset/fonts';
import { GenerationMap } from '../../lambdas/core/typeset/generations';
import { hyphenationPoints } from '../../lambdas/core/typeset/hyphenate';
import { ageTypesetCaches, setParagraph, SERIF, wordsOf, type ParagraphStyle, type Segment } from '../../lambdas/core/typeset/paragraph';

let resources: EditionResources;
beforeAll(async () => {
  resources = await loadEditionResources();
});

/** A font book that counts the strings it is asked to measure. */
class CountingFontBook extends FontBook {
  measured: string[] = [];
  override width(text: string, face: FaceKey, sizePx: number): number {
    this.measured.push(text);
    return super.width(text, face, sizePx);
  }
}

const body = (width: number, extra: Partial<ParagraphStyle> = {}): ParagraphStyle => ({ faces: SERIF, sizePx: 12, language: 'en', width, ...extra });

/** The word splitting of the first version (a regular-expression split and a test per part). */
function wordsByRegExp(runs: readonly TextRun[]): { text: string; face: FaceKey }[][] {
  const words: Segment[][] = [];
  let current: Segment[] = [];
  for (const run of runs) {
    const face: FaceKey = run.bold && run.italic ? SERIF.boldItalic : run.bold ? SERIF.bold : run.italic ? SERIF.italic : SERIF.regular;
    for (const part of run.text.normalize('NFC').split(/([ \t\n\r\f\v\u2000-\u200a\u2028\u2029\u3000]+)/)) {
      if (part === '') continue;
      if (/^[ \t\n\r\f\v\u2000-\u200a\u2028\u2029\u3000]+$/.test(part)) {
        if (current.length) words.push(current);
        current = [];
      } else {
        const last = current[current.length - 1];
        if (last && last.face === face) current[current.length - 1] = { text: last.text + part, face };
        else current.push({ text: part, face });
      }
    }
  }
  if (current.length) words.push(current);
  return words;
}

const PARAGRAPHS: readonly (readonly TextRun[])[] = [
  [{ text: 'The provincial administration announced comprehensive infrastructure investments, and representatives of international organisations welcomed the modernisation of transportation networks.' }],
  [{ text: 'Details at https://example.org/reports/2026/infrastructure-investment-programme-annual-summary.pdf and from press@example.org before Friday.' }],
  [{ text: 'A ' }, { text: 'bold', bold: true }, { text: 'er', italic: true }, { text: ' claim: co-operation\u00a0matters, ' }, { text: 'said', bold: true, italic: true }, { text: ' the minister.' }],
  [{ text: 'Người dân Hà Nội đã chứng kiến mưa lớn trong ngày hôm qua, theo báo cáo chính thức của thành phố.' }],
  [{ text: '東京都は新しい交通計画を発表しました。市民の意見を広く募集しています。' }],
  [{ text: 'ประเทศไทยมีฝนตกหนักในหลายจังหวัด ประชาชนได้รับผลกระทบ' }],
];

describe('the typesetter’s caches', () => {
  it('splits words as the regular expression did, over every kind of space, NBSP and run boundary', () => {
    const samples: TextRun[][] = [
      [{ text: '  lead\tand\ntrail  ' }],
      [{ text: 'a\u2003b\u2009c\u3000d\u2028e\u2029f\u000bg\u000ch\rend' }],
      [{ text: 'no\u00a0break\u202fhere' }],
      [{ text: 'split' }, { text: 'across', bold: true }, { text: ' runs ' }, { text: ' and', italic: true }, { text: 'joined' }],
      [{ text: '' }, { text: ' ' }, { text: 'e\u0301te\u0301', italic: true }],
      ...PARAGRAPHS.map((runs) => [...runs]),
    ];
    for (const runs of samples) expect(wordsOf(runs, SERIF)).toEqual(wordsByRegExp(runs));
  });

  it('sets every paragraph in a fresh font book exactly as in one warmed by other settings', () => {
    const warm = new FontBook(resources.fonts, resources.parseFont);
    // Warm its caches with the same words at other widths and sizes.
    for (const runs of PARAGRAPHS) for (const width of [150, 260, 400]) setParagraph(runs, body(width), warm);
    for (const runs of PARAGRAPHS) {
      for (const style of [body(180), body(220, { indent: 12 }), body(200, { justify: false }), body(190, { hyphenate: false })]) {
        const fresh = new FontBook(resources.fonts, resources.parseFont);
        expect(setParagraph(runs, style, warm)).toEqual(setParagraph(runs, style, fresh));
      }
    }
  });

  it('cuts and measures a word once, however often and at however many widths it is set', () => {
    const fonts = new CountingFontBook(resources.fonts, resources.parseFont);
    const words = ['infrastructure', 'representatives', 'the', 'announced', 'comprehensive', 'modernisation'];
    const text = Array.from({ length: 300 }, (_, i) => words[(i * 7) % words.length]).join(' ');
    const first = setParagraph([{ text }], body(200), fonts);
    expect(first.length).toBeGreaterThan(10);
    const hyphenated = first.filter((line) => line.hyphenated).length;
    // Each word's pieces once (300 words, 6 distinct), each cut's two letters once (together and
    // each alone: the kerning a whole word has across its cut), a space and a hyphen, and a
    // hyphenated line's end twice (with and without its hyphen); measured per use it would be over 300.
    const cuts = new Set(words.flatMap((word) => hyphenationPoints(word, 'en').map((at) => word.slice(at - 1, at + 1)))).size;
    expect(cuts).toBeGreaterThan(5);
    expect(fonts.measured.filter((s) => s === 'the')).toHaveLength(1);
    expect(fonts.measured.length - 2 * hyphenated - 3 * cuts).toBeLessThan(40);
    fonts.measured = [];
    // Another width: the words are not cut or measured again.
    const second = setParagraph([{ text }], body(230), fonts);
    expect(fonts.measured.filter((s) => s === 'the')).toEqual([]);
    expect(fonts.measured.length - 2 * second.filter((line) => line.hyphenated).length).toBeLessThanOrEqual(2);
  });

  it('keeps across composes what the last one used, and forgets what two in a row did not ask for', () => {
    const fonts = new CountingFontBook(resources.fonts, resources.parseFont);
    const kept = [{ text: 'Representatives welcomed the modernisation of transportation networks.' }];
    const dropped = [{ text: 'Comprehensive infrastructure investments were announced yesterday.' }];
    const once = setParagraph(dropped, body(200), fonts);
    setParagraph(kept, body(200), fonts);
    for (let compose = 0; compose < 3; compose++) {
      ageTypesetCaches(fonts);
      fonts.measured = [];
      // Asked for in every compose: the same lines, nothing measured again.
      setParagraph(kept, body(200), fonts);
      expect(fonts.measured).toEqual([]);
    }
    // Not asked for in the last two composes: set again, and its words cut and measured again.
    fonts.measured = [];
    const again = setParagraph(dropped, body(200), fonts);
    expect(again).not.toBe(once);
    expect(again).toEqual(once);
    expect(fonts.measured).toEqual(expect.arrayContaining(['in', 'vest', 'ments', 'were', 'day.']));
  });

  it('a generation map keeps an entry used since the last aging, and drops one that was not', () => {
    const map = new GenerationMap<string, number>();
    map.set('a', 1);
    map.set('b', 2);
    map.age();
    expect(map.get('a')).toBe(1); // moved into the current generation
    map.age();
    expect(map.get('a')).toBe(1);
    expect(map.get('b')).toBeUndefined();
    expect(map.size).toBe(1);
    map.clear();
    expect(map.get('a')).toBeUndefined();
  });
});
