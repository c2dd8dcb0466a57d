import { describe, expect, it } from 'vitest';
import {
  checkBodyWords,
  checkHeadline,
  checkJsonDepth,
  checkPhotoBytes,
  checkPhotoPixels,
  checkTextFileSize,
  checkWordLengths,
  countWords,
  decodeArticleText,
  jsonNestingDepth,
  MAX_BODY_WORDS,
  MAX_HEADLINE_CHARS,
  MAX_JSON_DEPTH,
  MAX_PHOTO_BYTES,
  MAX_PHOTO_PIXELS,
  MAX_TEXT_FILE_BYTES,
  MAX_WORD_CHARS,
} from '../../lambdas/core/limits';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('limits', () => {
  it('refuses a word longer than MAX_WORD_CHARS, counted in characters, and says where', () => {
    const address = `https://example.com/${'a/'.repeat(490)}`;
    expect(address.length).toBe(MAX_WORD_CHARS);
    expect(checkWordLengths([{ where: 'the body', text: `See ${address} for more.` }]).ok).toBe(true);
    // Letters outside the BMP take two UTF-16 units each but count once.
    expect(checkWordLengths([{ where: 'the body', text: '𝐀'.repeat(MAX_WORD_CHARS) }]).ok).toBe(true);
    const check = checkWordLengths([
      { where: 'the headline', text: 'Short' },
      { where: 'the body', text: `Before ${'x'.repeat(MAX_WORD_CHARS + 1)} after` },
    ]);
    expect(check).toEqual({ ok: false, reason: expect.stringMatching(/^the body holds a word 1,001 characters long \("x{12}…", pasted data\?\); no word may be longer than 1,000 characters$/) });
  });

  it('measures a run of Thai or Chinese by its words, so a long paragraph of them is copy, not pasted data', () => {
    // Real copy: sentences run on without spaces in these scripts, a paragraph of well over 1,000 characters.
    const thai = 'คณะกรรมการการเลือกตั้งประกาศผลการนับคะแนนอย่างเป็นทางการเมื่อวันอังคาร'.repeat(30);
    const chinese = '河内市政府周二宣布将在雨季前完成排水系统的改造工程。'.repeat(60);
    expect([...thai].length).toBeGreaterThan(MAX_WORD_CHARS);
    expect([...chinese].length).toBeGreaterThan(MAX_WORD_CHARS);
    expect(checkWordLengths([{ where: 'the body', text: `${thai} ${chinese}` }])).toEqual({ ok: true });
    // Pasted data is one word to the segmenter, beside Thai letters or not.
    const pasted = checkWordLengths([{ where: 'the body', text: `ข่าว${'QUJD'.repeat(300)}` }]);
    expect(pasted).toEqual({ ok: false, reason: expect.stringMatching(/^the body holds a word 1,20\d characters long/) });
  });

  it('names the limits the issue sets', () => {
    expect(MAX_TEXT_FILE_BYTES).toBe(1024 * 1024);
    expect(MAX_BODY_WORDS).toBe(20_000);
    expect(MAX_HEADLINE_CHARS).toBe(300);
    expect(MAX_PHOTO_BYTES).toBe(25 * 1024 * 1024);
    expect(MAX_PHOTO_PIXELS).toBe(50_000_000);
    expect(MAX_JSON_DEPTH).toBe(64);
  });

  it('allows a text file of exactly 1 MiB and refuses one byte more', () => {
    expect(checkTextFileSize(MAX_TEXT_FILE_BYTES).ok).toBe(true);
    const over = checkTextFileSize(MAX_TEXT_FILE_BYTES + 1);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.reason).toContain('1 MiB');
  });

  it('decodes UTF-8, strips a BOM, unifies line ends and NFC-normalizes', () => {
    const decomposed = 'Vie\u0323\u0302t Nam'; // "Việt" with combining marks
    const result = decodeArticleText(utf8(`\uFEFF${decomposed}\r\nline two\rthree`));
    expect(result).toEqual({ ok: true, text: 'Việt Nam\nline two\nthree' });
  });

  it('rejects empty, blank, NUL-carrying, Latin-1 and oversized bytes with distinct reasons', () => {
    const reason = (bytes: Uint8Array): string => {
      const r = decodeArticleText(bytes);
      return r.ok ? 'accepted' : r.reason;
    };
    expect(reason(new Uint8Array())).toBe('the file is empty');
    expect(reason(utf8(' \n\t\u00a0\n'))).toContain('only blank space');
    expect(reason(utf8('text\u0000more'))).toContain('NUL bytes');
    expect(reason(new Uint8Array([0x43, 0x61, 0x66, 0xe9]))).toContain('not UTF-8');
    expect(reason(new Uint8Array(MAX_TEXT_FILE_BYTES + 1).fill(0x61))).toContain('1 MiB');
    expect(reason(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42]))).toContain('UTF-16 text ("Unicode text") cut or damaged');
    expect(reason(utf8('fine'))).toBe('accepted');
  });

  it('reads UTF-16 with its byte order mark, as Word\'s "Unicode text" and Notepad save it, in either byte order', () => {
    const text = '---\r\nheadline: Hà Nội đón mùa mưa\r\n---\r\nBody.\r\n';
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]);
    for (const bytes of [le, be]) expect(decodeArticleText(bytes)).toEqual({ ok: true, text: '---\nheadline: Hà Nội đón mùa mưa\n---\nBody.\n' });
    expect(decodeArticleText(new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x00, 0x00]))).toEqual({ ok: false, reason: 'the file contains NUL characters: it looks binary, not text; save the article as UTF-8 text' });
  });

  it('counts headline length in characters, not UTF-16 units', () => {
    expect(checkHeadline('x'.repeat(300)).ok).toBe(true);
    expect(checkHeadline('x'.repeat(301)).ok).toBe(false);
    // 300 astral characters are 600 UTF-16 units but still 300 characters.
    expect(checkHeadline('𝐀'.repeat(300)).ok).toBe(true);
  });

  it('counts words by spaces so an unbreakable token is one word', () => {
    expect(countWords('one two\tthree\nfour\u00a0five')).toBe(5);
    expect(countWords('x'.repeat(400))).toBe(1);
    expect(countWords('   ')).toBe(0);
    expect(checkBodyWords(20_000).ok).toBe(true);
    const over = checkBodyWords(20_001);
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.reason).toBe('the body has 20,001 words; the limit is 20,000 words');
  });

  it('measures JSON depth without being fooled by brackets inside strings', () => {
    expect(jsonNestingDepth('{"a": [1, {"b": 2}]}')).toBe(3);
    expect(jsonNestingDepth('{"a": "[[[[[[\\"[[["}')).toBe(1);
    expect(checkJsonDepth(`${'['.repeat(64)}${']'.repeat(64)}`).ok).toBe(true);
    const deep = checkJsonDepth(`${'['.repeat(65)}${']'.repeat(65)}`);
    expect(deep.ok).toBe(false);
    // Stops scanning early: a million brackets cost nothing.
    expect(jsonNestingDepth('['.repeat(1_000_000))).toBe(MAX_JSON_DEPTH + 1);
  });

  it('bounds photos by bytes and by header pixels', () => {
    expect(checkPhotoBytes(MAX_PHOTO_BYTES).ok).toBe(true);
    expect(checkPhotoBytes(MAX_PHOTO_BYTES + 1).ok).toBe(false);
    expect(checkPhotoPixels(10_000, 5_000).ok).toBe(true);
    const bomb = checkPhotoPixels(20_000, 20_000);
    expect(bomb.ok).toBe(false);
    if (!bomb.ok) expect(bomb.reason).toContain('400 megapixels');
    expect(checkPhotoPixels(0, 100).ok).toBe(false);
  });
});
