import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blockText, type Article, type ParseOutcome } from '../../lambdas/core/article';
import { parseArticle } from '../../lambdas/core/parse/index';
import { parseTimestampLine, splitCaption, wireParagraphs } from '../../lambdas/core/parse/wire';

const SAMPLE = readFileSync(fileURLToPath(new URL('../../samples/asean-un-relations.txt', import.meta.url)));
const SAMPLE_FILE = 'asean-un-relations.txt';

function accepted(outcome: ParseOutcome): { article: Article; messages: string[] } {
  if (!outcome.ok) throw new Error(`rejected: ${outcome.rejection.reason}`);
  return { article: outcome.article, messages: outcome.warnings.map((w) => w.message) };
}

describe('the sample wire story', () => {
  const withPhoto = accepted(parseArticle(SAMPLE_FILE, SAMPLE, { inputNames: new Set([SAMPLE_FILE, 'asean-un-relations.jpg']) }));
  const article = withPhoto.article;
  const body = article.body.map(blockText);

  it('is the original wire copy byte for byte (its SHA-256 pinned, so the test needs nothing outside the repository)', () => {
    expect(createHash('sha256').update(SAMPLE).digest('hex')).toBe('ec46ab383192ff3e8588b8081fda677bdfa39dbdac3487b14ce757efc6c5a3a0');
    expect(SAMPLE.toString('utf8')).toContain('HÀ NỘI —');
  });

  it('has the headline from the first line', () => {
    expect(article.headline).toBe('ASEAN-UN relations becomes role model of cooperation');
  });

  it('has the date from the timestamp line', () => {
    expect(article.date).toBe('2019-12-04');
  });

  it('has the first paragraph as standfirst', () => {
    expect(article.standfirst).toBe(
      'Over the last four decades, the ASEAN-United Nations relations have become a role model for cooperation between the UN and regional organisation, being active partners for peace, security and prosperity in the region and in the world, said Nguyễn Quốc Dũng Vice Foreign Minister of Việt Nam.',
    );
  });

  it('has the photo caption and credit split at the dash', () => {
    expect(article.image).toEqual({
      ref: 'asean-un-relations.jpg',
      caption:
        'Nguyễn Quốc Dũng Vice Foreign Minister of Việt Nam speaks at the opening of Seventh ASEAN-UN Workshop – 5th regional dialogue on political-security cooperation held in Hà Nội on Tuesday.',
      credit: 'VNA/VNS Photo Lâm Khánh',
    });
    expect(withPhoto.messages).toEqual([]);
  });

  it('has the dateline stripped from the first body paragraph', () => {
    expect(article.dateline).toBe('HÀ NỘI');
    expect(body[0]).toBe(
      'Over the last four decades, ASEAN-United Nations relations have become a role model for co-operation between the UN and regional organisations, said Nguyễn Quốc Dũng Vice Foreign Minister of Việt Nam.',
    );
  });

  it('has the sign-off stripped from the last paragraph and no E-paper line', () => {
    expect(article.signOff).toBe('VNS');
    expect(body[body.length - 1]).toBe('The two-day workshop will end on Wednesday.');
    expect(body.some((p) => p.includes('E-paper'))).toBe(false);
  });

  it('keeps every other paragraph, character for character, in NFC', () => {
    expect(body).toHaveLength(14);
    expect(body[3]).toBe(
      'The workshop drew\u00a0more than 80 people including former senior officials, experts from ASEAN institutions, the UN as well as former\u00a0Secretary-General of ASEAN Ong Keng Yong and Lê Lương Minh.',
    );
    expect(body[6]).toMatch(/^“The ASEAN success story/);
    expect(body[6]).toMatch(/operations\.”$/);
    expect(body.join('\n')).toContain('Lim Jock Hoi');
    expect(body.join('\n')).toContain('ASEAN Women’s Peace Registry');
    for (const text of [article.headline, article.standfirst ?? '', ...body]) expect(text).toBe(text.normalize('NFC'));
    // No separator line (NBSP only) became a paragraph.
    expect(body.every((p) => p.trim() !== '')).toBe(true);
  });

  it('has the format defaults', () => {
    expect(article).toMatchObject({ slug: 'asean-un-relations', section: 'News', priority: 3, language: 'en', format: 'wire', source: SAMPLE_FILE });
  });

  it('drops the caption with a warning when no photo sits beside it', () => {
    const alone = accepted(parseArticle(SAMPLE_FILE, SAMPLE, { inputNames: new Set([SAMPLE_FILE]) }));
    expect(alone.article.image).toBeUndefined();
    expect(alone.messages).toEqual(['caption without photo: the caption was dropped']);
    // Parsed alone (the ingest report), the photo is unknown: no photo, and no false warning either.
    const unknown = accepted(parseArticle(SAMPLE_FILE, SAMPLE));
    expect(unknown.article.image).toBeUndefined();
    expect(unknown.messages).toEqual([]);
  });

  it('takes a .png or .webp photo too, and only one with the same base name', () => {
    const png = accepted(parseArticle('a/x.txt', SAMPLE, { inputNames: new Set(['a/x.txt', 'a/x.png', 'a/y.jpg', 'x.jpg']) }));
    expect(png.article.image?.ref).toBe('a/x.png');
    const inImages = accepted(parseArticle('a/x.txt', SAMPLE, { inputNames: new Set(['a/x.txt', 'a/images/x.webp', 'images/x.jpg']) }));
    expect(inImages.article.image?.ref).toBe('a/images/x.webp');
  });
});

describe('wire copy pieces', () => {
  it('reads timestamp lines in the usual forms', () => {
    expect(parseTimestampLine('December 04, 2019 - 12:02')).toBe('2019-12-04');
    expect(parseTimestampLine('Dec 4, 2019')).toBe('2019-12-04');
    expect(parseTimestampLine('4 December 2019 12:02')).toBe('2019-12-04');
    expect(parseTimestampLine('2019-12-04 12:02')).toBe('2019-12-04');
    expect(parseTimestampLine('February 30, 2019')).toBeUndefined();
    expect(parseTimestampLine('Over the last four decades')).toBeUndefined();
  });

  it('treats whitespace-only and NBSP-only lines as separators', () => {
    expect(wireParagraphs('a\n\u00a0\nb\n \t\nc\nd')).toEqual(['a', 'b', 'c d']);
  });

  it('recognises captions only when the credit names a photo', () => {
    expect(splitCaption('A scene. — VNA/VNS Photo Lâm Khánh')).toEqual({ caption: 'A scene.', credit: 'VNA/VNS Photo Lâm Khánh' });
    expect(splitCaption('Cảnh lễ hội. — Ảnh TTXVN')).toEqual({ caption: 'Cảnh lễ hội.', credit: 'Ảnh TTXVN' });
    expect(splitCaption('The workshop will end on Wednesday. — VNS')).toBeUndefined();
    expect(splitCaption('He said — and meant it — that Photographers matter')).toBeUndefined();
  });

  it('parses a minimal story without timestamp, standfirst or sign-off', () => {
    const story = accepted(parseArticle('m.txt', new TextEncoder().encode('Headline only story\n\nJust one paragraph.\n')));
    expect(story.article).toMatchObject({ headline: 'Headline only story', body: [{ kind: 'paragraph', runs: [{ text: 'Just one paragraph.' }] }] });
    expect(story.article.standfirst).toBeUndefined();
    expect(story.article.date).toBeUndefined();
    expect(story.article.signOff).toBeUndefined();
  });

  it('has no standfirst when the story opens with its dateline', () => {
    const story = accepted(parseArticle('d.txt', new TextEncoder().encode('Headline\n\nHUẾ — First.\n\nSecond.\n')));
    expect(story.article.standfirst).toBeUndefined();
    expect(story.article.dateline).toBe('HUẾ');
    expect(story.article.body.map(blockText)).toEqual(['First.', 'Second.']);
  });

  it('keeps a place joined by an en dash whole, and still takes a spaced en dash as the dateline\'s', () => {
    const dateline = (text: string) => accepted(parseArticle('d.txt', new TextEncoder().encode(`Headline\n\nStandfirst.\n\n${text}\n`))).article;
    for (const [text, place, first] of [
      ['THỪA THIÊN–HUẾ — Nguyễn Văn Bình said so.', 'THỪA THIÊN–HUẾ', 'Nguyễn Văn Bình said so.'],
      ['BÀ RỊA–VŨNG TÀU — The port opened.', 'BÀ RỊA–VŨNG TÀU', 'The port opened.'],
      ['HÀ NỘI – The council met.', 'HÀ NỘI', 'The council met.'],
      ['HUẾ—The rain stopped.', 'HUẾ', 'The rain stopped.'],
    ]) {
      const article = dateline(text);
      expect(article.dateline, text).toBe(place);
      expect(article.body.map(blockText), text).toEqual([first]);
    }
  });
});

describe('wire copy tables', () => {
  const wire = (body: string) => accepted(parseArticle('league.txt', new TextEncoder().encode(`League table after round 12\n\n${body}`)));

  it('reads a paragraph whose lines hold the same number of tab-separated fields as a table, cells trimmed and NFC', () => {
    const story = wire('HÀ NỘI — Results of the round:\n\nHà Nội FC\t12\t28\nThép Xanh Nam Định \t 12\t\t25\n\nThe next round is on Sunday. — VNS\n');
    expect(story.article.body).toEqual([
      { kind: 'paragraph', runs: [{ text: 'Results of the round:' }] },
      { kind: 'table', rows: [{ cells: ['Hà Nội FC', '12', '28'] }, { cells: ['Thép Xanh Nam Định'.normalize('NFC'), '12', '25'] }] },
      { kind: 'paragraph', runs: [{ text: 'The next round is on Sunday.' }] },
    ]);
    expect(story.article.signOff).toBe('VNS');
  });

  it('leaves lines with uneven fields, a single tabbed line, or lines without tabs as a paragraph', () => {
    expect(wire('HUẾ — One.\n\nA\t1\t2\nB\t3\n\nTwo.').article.body[1].kind).toBe('paragraph');
    expect(wire('HUẾ — One.\n\nA\t1\n\nTwo.').article.body[1].kind).toBe('paragraph');
    expect(wire('HUẾ — One.\nsecond line\n\nTwo.').article.body.map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
  });

  it('never takes a table for the standfirst', () => {
    const story = wire('A\t1\nB\t2\n\nThe story goes on.');
    expect(story.article.standfirst).toBeUndefined();
    expect(story.article.body.map((b) => b.kind)).toEqual(['table', 'paragraph']);
  });
});
