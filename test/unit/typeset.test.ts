/** Typesetting steps with literal inputs: hyphenation, total-fit breaking, paragraph setting. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { FontBook } from '../../lambdas/core/typeset/fonts';
import { hyphenationPoints } from '../../lambdas/core/typeset/hyphenate';
import { breakLines, INFINITE_PENALTY, type Item } from '../../lambdas/core/typeset/linebreak';
import { setParagraph, SERIF, wordsOf } from '../../lambdas/core/typeset/paragraph';
import { testFonts } from '../support/fonts';

let fonts: FontBook;
beforeAll(async () => {
  fonts = await testFonts();
});

const lineText = (line: { words: readonly (readonly { text: string }[])[] }) => line.words.map((w) => w.map((s) => s.text).join('')).join(' ');

describe('hyphenationPoints', () => {
  it('hyphenates English words from the patterns', () => {
    expect(hyphenationPoints('international', 'en')).toEqual([2, 5, 7]);
    expect(hyphenationPoints('reconciliation', 'en').length).toBeGreaterThan(2);
  });
  it('never hyphenates Vietnamese, names with diacritics, acronyms, tokens with digits or short words', () => {
    expect(hyphenationPoints('international', 'vi')).toEqual([]);
    expect(hyphenationPoints('Nguyễn', 'en')).toEqual([]);
    expect(hyphenationPoints('UNESCO', 'en')).toEqual([]);
    expect(hyphenationPoints('T0012P007', 'en')).toEqual([]);
    expect(hyphenationPoints('peace', 'en')).toEqual([]);
  });
  it('keeps at least two letters before and three after a break', () => {
    for (const word of ['organisations', 'infrastructure', 'understanding', 'co-operation']) {
      for (const point of hyphenationPoints(word, 'en')) {
        expect(point).toBeGreaterThanOrEqual(2);
        expect(word.length - point).toBeGreaterThanOrEqual(3);
      }
    }
  });
});

describe('breakLines', () => {
  const box = (width: number, word: number): Item => ({ type: 'box', width, word, piece: 0 });
  const glue: Item = { type: 'glue', width: 3, stretch: 2, shrink: 1 };
  const end: Item[] = [{ type: 'glue', width: 0, stretch: 1e6, shrink: 0 }, { type: 'penalty', width: 0, penalty: -INFINITE_PENALTY, flagged: false }];

  it('puts everything on one line when it fits', () => {
    const items = [box(10, 0), glue, box(10, 1), ...end];
    const lines = breakLines(items, { lineWidths: [100] });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ start: 0, end: items.length - 1 });
  });

  it('prefers even lines over a greedy first line (total fit)', () => {
    // Greedy would fill line 1 with three words and leave a loose second line.
    const items: Item[] = [];
    [20, 20, 20, 20, 20].forEach((w, i) => {
      if (i) items.push(glue);
      items.push(box(w, i));
    });
    items.push(...end);
    const lines = breakLines(items, { lineWidths: [66] });
    expect(lines).toHaveLength(2);
    for (const line of lines.slice(0, -1)) expect(Math.abs(line.ratio)).toBeLessThanOrEqual(2.5);
  });

  it('breaks at a flagged penalty and reports the hyphen', () => {
    const items: Item[] = [box(40, 0), glue, box(30, 1), { type: 'penalty', width: 4, penalty: 50, flagged: true }, box(30, 1), ...end];
    const lines = breakLines(items, { lineWidths: [78] });
    expect(lines[0].hyphenated).toBe(true);
  });
});

describe('FontBook.unligatedWidth', () => {
  it('measures words as Chromium sets letter-spaced text, without ligatures, and skips the second layout only where no ligature can start', () => {
    const words = ['office', 'flight', 'affluent', 'difficult', 'river', 'Nguyễn', 'Thursday', 'act', 'first', 'Hà Nội', 'stiff'];
    for (const face of ['serif-regular', 'serif-italic', 'serif-bold', 'display-italic', 'sans-regular'] as const) {
      const font = (fonts as unknown as { faces: Map<string, { font: { layout(t: string, f?: object): { advanceWidth: number }; unitsPerEm: number } }> }).faces.get(face)!.font;
      for (const word of words) {
        const expected = (font.layout(word, { liga: false, clig: false, dlig: false }).advanceWidth / font.unitsPerEm) * 12;
        expect(fonts.unligatedWidth(word, face, 12), `${face} ${word}`).toBeCloseTo(expected, 6);
      }
    }
    // The f-ligatures really are wider apart: the measure matters.
    expect(fonts.unligatedWidth('office', 'serif-regular', 12)).toBeGreaterThan(fonts.width('office', 'serif-regular', 12) + 1);
  });
});

describe('setParagraph', () => {
  const text = 'Over the last four decades, the ASEAN-United Nations relations have become a role model for cooperation between the UN and regional organisations, said Nguyễn Quốc Dũng, Vice Foreign Minister of Việt Nam, at the international workshop.';

  it('hands part of a loose line\'s spare width to its letters, a little and never past the measure', () => {
    // A narrow column makes loose lines; tracking keeps their word gaps nearer a normal space.
    const lines = setParagraph([{ text: `${text} ${text}` }], { faces: SERIF, sizePx: 12, language: 'en', width: 150, hyphenate: false }, fonts);
    const space = fonts.width(' ', 'serif-regular', 12);
    const tracked = lines.filter((line) => line.letterSpacing > 0);
    expect(tracked.length).toBeGreaterThan(0);
    for (const line of tracked) {
      expect(line.letterSpacing).toBeLessThanOrEqual(12 * 0.025 + 1e-9);
      const unligated = line.words.flat().reduce((w, segment) => w + fonts.unligatedWidth(segment.text, segment.face, 12), 0) + (line.words.length - 1) * space;
      // Letter-spaced, the line still leaves half a pixel for justification: it cannot overflow.
      expect(unligated + [...lineText(line)].length * line.letterSpacing).toBeLessThanOrEqual(line.width - 0.5 + 1e-9);
      // Its gaps are narrower than plain justification would have made them.
      const plainGap = (line.width - line.naturalWidth) / (line.words.length - 1);
      expect(line.wordSpacing).toBeLessThan(plainGap);
    }
    // Ragged last lines and lines that are not loose stay untracked.
    expect(lines.at(-1)!.letterSpacing).toBe(0);
    expect(lines.some((line) => line.letterSpacing === 0 && line !== lines.at(-1))).toBe(true);
  });

  it('sets justified lines exactly as wide as the column, the last one ragged', () => {
    const lines = setParagraph([{ text }], { faces: SERIF, sizePx: 12, language: 'en', width: 206, indent: 12 }, fonts);
    expect(lines.length).toBeGreaterThan(4);
    const space = fonts.width(' ', 'serif-regular', 12);
    lines.slice(0, -1).forEach((line) => {
      const spaces = line.words.length - 1;
      // A tracked line is measured as Chromium sets letter-spaced text: without ligatures, plus the
      // tracking after every character.
      const natural = line.letterSpacing > 0
        ? line.words.flat().reduce((w, segment) => w + fonts.unligatedWidth(segment.text, segment.face, 12), 0) + spaces * space
        : line.naturalWidth;
      expect(natural + [...lineText(line)].length * line.letterSpacing + spaces * line.wordSpacing).toBeCloseTo(line.width, 3);
      expect(line.wordSpacing).toBeGreaterThan(-1.5);
    });
    expect(lines.at(-1)!.wordSpacing).toBe(0);
    expect(lines[0].indent).toBe(12);
    // Nothing is lost or duplicated: the words read back as the input, hyphens removed.
    const back = lines.map((l) => lineText(l)).map((t, i) => (lines[i].hyphenated ? t.slice(0, -1) : `${t} `)).join('');
    expect(back.trim()).toBe(text);
  });

  it('keeps word spacing bounded in ordinary running text', () => {
    const running =
      'The workshop aimed at discussing co-operation in support of the work of the institute, including in conflict management and conflict resolution. It was organised by the foreign ministry and the departments of political and peace building affairs and peace operations, and it drew more than eighty people including former senior officials and experts from regional institutions.';
    const space = fonts.width(' ', 'serif-regular', 12);
    const lines = setParagraph([{ text: running }], { faces: SERIF, sizePx: 12, language: 'en', width: 206, indent: 12 }, fonts);
    for (const line of lines.slice(0, -1)) {
      expect(line.wordSpacing, lineText(line)).toBeLessThanOrEqual(2 * space);
      expect(line.wordSpacing, lineText(line)).toBeGreaterThanOrEqual(-0.4 * space - 0.001);
    }
  });

  it('never ends more than two lines in a row with a hyphen', () => {
    // Unconstrained, this paragraph at this measure sets a ladder of three hyphens.
    const running =
      'The workshop aimed at discussing co-operation in support of the work of the institute, including in conflict management and conflict resolution. It was organised by the foreign ministry and the departments of political and peace building affairs and peace operations, and it drew more than eighty people including former senior officials and experts from regional institutions.';
    for (const width of [150, 180, 206, 240]) {
      let ladder = 0;
      for (const line of setParagraph([{ text: running }], { faces: SERIF, sizePx: 12, language: 'en', width, indent: 12 }, fonts)) {
        ladder = line.hyphenated ? ladder + 1 : 0;
        expect(ladder, `width ${width}: ${lineText(line)}`).toBeLessThanOrEqual(2);
      }
    }
  });

  it('keeps Vietnamese names whole', () => {
    const lines = setParagraph([{ text }], { faces: SERIF, sizePx: 12, language: 'en', width: 120 }, fonts);
    const all = lines.map(lineText).join('\n');
    expect(all).toMatch(/Nguyễn/);
    expect(all).toMatch(/Dũng/);
    expect(all).not.toMatch(/Nguy-|Dũ-|Việ-/);
  });

  it('breaks an unbreakable token instead of letting it overflow', () => {
    const url = 'https://example.org/' + 'averyveryverylongpathsegment/'.repeat(6);
    const lines = setParagraph([{ text: `See ${url} for details.` }], { faces: SERIF, sizePx: 12, language: 'en', width: 150 }, fonts);
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.naturalWidth + (line.words.length - 1) * line.wordSpacing).toBeLessThanOrEqual(150.01);
    expect(lines.map((l) => l.words.map((w) => w.map((s) => s.text).join('')).join(' ')).join('')).toContain('averyveryverylongpathsegment');
  });

  it('keeps bold and italic runs in their faces', () => {
    const words = wordsOf([{ text: 'plain ' }, { text: 'bold', bold: true }, { text: ', and ' }, { text: 'slanted', italic: true }], SERIF);
    expect(words.map((w) => w.map((s) => s.face))).toEqual([['serif-regular'], ['serif-bold', 'serif-regular'], ['serif-regular'], ['serif-italic']]);
  });
});
