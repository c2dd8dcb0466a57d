import { describe, expect, it } from 'vitest';
import { extensionOf, isArticleFile, isIsoDate, isPhotoFile, parseArticle, resolvePhotoRef, slugify } from '../../lambdas/core/parse/index';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseArticle dispatch', () => {
  it('chooses the parser by extension, case-insensitively', () => {
    const md = '---\nheadline: From Markdown\n---\nBody.\n';
    expect(parseArticle('a.md', utf8(md))).toMatchObject({ ok: true, article: { format: 'markdown' } });
    expect(parseArticle('a.MARKDOWN', utf8(md))).toMatchObject({ ok: true, article: { format: 'markdown' } });
    expect(parseArticle('a.json', utf8('{"headline":"From ninjs"}'))).toMatchObject({ ok: true, article: { format: 'ninjs' } });
    expect(parseArticle('a.TXT', utf8('From wire\n\nBody.'))).toMatchObject({ ok: true, article: { format: 'wire', headline: 'From wire' } });
    expect(parseArticle('a.docx', utf8('x'))).toMatchObject({ ok: false, rejection: { file: 'a.docx' } });
  });

  it('rejects undecodable bytes the same way for every format', () => {
    for (const file of ['a.md', 'a.json', 'a.txt']) {
      expect(parseArticle(file, new Uint8Array([0x66, 0xe9, 0x0a]))).toEqual({
        ok: false,
        rejection: { file, reason: 'the file is not UTF-8 text (saved as Latin-1 or Windows-1252?); save it as UTF-8' },
      });
      expect(parseArticle(file, new Uint8Array())).toEqual({ ok: false, rejection: { file, reason: 'the file is empty' } });
    }
  });

  it('never lets a warning or rejection name another file', () => {
    const outcome = parseArticle('x/y.md', utf8('---\nheadline: H\ncaption: C\n---\n'));
    expect(outcome.ok).toBe(true);
    if (outcome.ok) {
      expect(outcome.warnings.length).toBeGreaterThan(0);
      expect(outcome.warnings.every((w) => w.file === 'x/y.md')).toBe(true);
    }
  });
});

describe('slugify', () => {
  it('folds Vietnamese to ASCII and keeps [a-z0-9-]', () => {
    expect(slugify('tin-tức-hà-nội')).toBe('tin-tuc-ha-noi');
    expect(slugify('Đà Nẵng: Điện 2024!')).toBe('da-nang-dien-2024');
    expect(slugify('  --ASEAN__UN--  ')).toBe('asean-un');
    expect(slugify('新闻')).toBe('');
    expect(slugify('a'.repeat(200))).toHaveLength(80);
  });

  it('gives a name without Latin letters a stable slug of its own', () => {
    const a = parseArticle('新闻.md', utf8('---\nheadline: H\n---\nB'));
    const b = parseArticle('新闻.md', utf8('---\nheadline: H\n---\nB'));
    const c = parseArticle('新.md', utf8('---\nheadline: H\n---\nB'));
    expect(a.ok && a.article.slug).toMatch(/^article-[0-9a-f]{8}$/);
    expect(a.ok && b.ok && a.article.slug === b.article.slug).toBe(true);
    expect(a.ok && c.ok && a.article.slug !== c.article.slug).toBe(true);
  });
});

describe('resolvePhotoRef', () => {
  it('resolves relative to the article and normalizes dots', () => {
    expect(resolvePhotoRef('news/a.md', 'images/x.jpg')).toEqual({ ok: true, ref: 'news/images/x.jpg' });
    expect(resolvePhotoRef('news/a.md', './../images/./x.jpg')).toEqual({ ok: true, ref: 'images/x.jpg' });
    expect(resolvePhotoRef('a.md', 'x.jpg')).toEqual({ ok: true, ref: 'x.jpg' });
  });

  it('refuses anything that is not a path inside the root', () => {
    for (const ref of ['../x.jpg', 'a/../../x.jpg', '/etc/passwd', 'http://h/x.jpg', 'HTTPS://h/x.jpg', '//h/x.jpg', 'file:///etc/passwd', 'data:,x', 'C:\\x.jpg', 'a\\..\\x', '', '.']) {
      expect(resolvePhotoRef('a.md', ref).ok, ref).toBe(false);
    }
  });
});

describe('file kinds and dates', () => {
  it('classifies names by extension', () => {
    expect(extensionOf('dir.v2/file')).toBe('');
    expect(extensionOf('.hidden')).toBe('');
    expect(isArticleFile('x/y.Md')).toBe(true);
    expect(isArticleFile('edition.yaml')).toBe(false);
    expect(isPhotoFile('a.JPEG')).toBe(true);
    expect(isPhotoFile('a.gif')).toBe(false);
  });

  it('knows real calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(isIsoDate('2019-12-4')).toBe(false);
  });
});
