import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseOutcome } from '../../lambdas/core/article';
import { decodeArticleText } from '../../lambdas/core/limits';
import {
  ARTICLE_EXTENSIONS,
  DRAFTS_REMEMBERED_BYTES,
  extensionOf,
  finishArticle,
  isArticleFile,
  isEditionConfigName,
  isIsoDate,
  isPhotoFile,
  parseArticle,
  rememberedDraftsSize,
  resolvePhotoRef,
  slugify,
  type ParseContext,
} from '../../lambdas/core/parse/index';
import { parseMarkdown } from '../../lambdas/core/parse/markdown';
import { parseNinjs } from '../../lambdas/core/parse/ninjs';
import { parseWire } from '../../lambdas/core/parse/wire';
import { readerArticle } from '../../lambdas/core/reader';

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

describe('a body that ends on a crosshead', () => {
  it('leaves out a crosshead with no text under it in every format, and says so', () => {
    const cases: [string, string][] = [
      ['cut.md', '---\nheadline: Night buses\n---\nThe first paragraph.\n\n## Start small\n\nThe second paragraph.\n\n## Measu'],
      ['cut.json', JSON.stringify({ headline: 'Night buses', body_html: '<p>The first paragraph.</p><h2>Start small</h2><p>The second paragraph.</p><h2>Measu</h2>' })],
    ];
    for (const [file, text] of cases) {
      const outcome = parseArticle(file, utf8(text));
      expect(outcome.ok, file).toBe(true);
      if (!outcome.ok) continue;
      expect(outcome.article.body.map((b) => b.kind), file).toEqual(['paragraph', 'crosshead', 'paragraph']);
      expect(outcome.warnings.map((w) => w.message), file).toContain('the body ends with the crosshead “Measu”, with no text under it (is the file complete?); it was left out');
    }
  });

  it('names every crosshead left out, and keeps a body without one as it was', () => {
    const outcome = parseArticle('a.md', utf8('---\nheadline: H\n---\nText.\n\n## One\n\n## Two\n'));
    expect(outcome.ok && outcome.article.body.map((b) => b.kind)).toEqual(['paragraph']);
    expect(outcome.ok && outcome.warnings.map((w) => w.message)).toContain('the body ends with the crossheads “One”, “Two”, with no text under them (is the file complete?); they were left out');
    const whole = parseArticle('b.md', utf8('---\nheadline: H\n---\n## Lead-in\n\nText.\n'));
    expect(whole.ok && whole.article.body.map((b) => b.kind)).toEqual(['crosshead', 'paragraph']);
    expect(whole.ok && whole.warnings).toEqual([]);
  });
});

describe('slugify', () => {
  it('folds Vietnamese to ASCII and keeps [a-z0-9-]', () => {
    expect(slugify('tin-tức-hà-nội')).toBe('tin-tuc-ha-noi');
    expect(slugify('Đà Nẵng: Điện 2024!')).toBe('da-nang-dien-2024');
    expect(slugify('Łódź-Diyarbakır Straße')).toBe('lodz-diyarbakir-strasse');
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

  it('gives such a name the same slug however its letters are encoded (a Mac decomposes Hangul file names)', () => {
    const composed = '뉴스.md';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    const a = parseArticle(composed, utf8('---\nheadline: H\n---\nB'));
    const b = parseArticle(decomposed, utf8('---\nheadline: H\n---\nB'));
    expect(a.ok && a.article.slug).toMatch(/^article-[0-9a-f]{8}$/);
    expect(a.ok && b.ok && b.article.slug).toBe(a.ok && a.article.slug);
  });

  it('keeps apart names whose other script folding drops, leaving the same Latin part ("Москва-2026", "Киев-2026")', () => {
    const slugOf = (name: string, frontMatter = '') => {
      const outcome = parseArticle(name, utf8(`---\nheadline: H\n${frontMatter}---\nB`));
      return outcome.ok ? outcome.article.slug : undefined;
    };
    const names = ['Москва-2026.md', 'Киев-2026.md', 'σχολεία-01.md', 'νοσοκομεία-01.md', 'กรุงเทพ-report.md', 'Москва-2026'.normalize('NFD') + '.md'];
    const slugs = names.map((name) => slugOf(name));
    expect(slugs[0]).toMatch(/^2026-[0-9a-f]{8}$/);
    expect(slugs[2]).toMatch(/^01-[0-9a-f]{8}$/);
    expect(slugs[4]).toMatch(/^report-[0-9a-f]{8}$/);
    expect(new Set(slugs.slice(0, 5)).size).toBe(5);
    // The same name however its letters are encoded.
    expect(slugs[5]).toBe(slugs[0]);
    // An explicit slug in such a script too; Latin names and slugs are as they were.
    expect(slugOf('a.md', 'slug: Москва 2026\n')).toMatch(/^2026-[0-9a-f]{8}$/);
    expect(slugOf('a.md', 'slug: Киев 2026\n')).not.toBe(slugOf('a.md', 'slug: Москва 2026\n'));
    expect(slugOf('Łódź-Diyarbakır Straße.md')).toBe('lodz-diyarbakir-strasse');
    expect(slugOf('tin-tức-hà-nội.md')).toBe('tin-tuc-ha-noi');
  });
});

describe('resolvePhotoRef', () => {
  it('resolves relative to the article and normalizes dots', () => {
    expect(resolvePhotoRef('news/a.md', 'images/x.jpg')).toEqual({ ok: true, ref: 'news/images/x.jpg' });
    expect(resolvePhotoRef('news/a.md', './../images/./x.jpg')).toEqual({ ok: true, ref: 'images/x.jpg' });
    expect(resolvePhotoRef('a.md', 'x.jpg')).toEqual({ ok: true, ref: 'x.jpg' });
  });

  it('takes a Windows desk\'s backslashes for folders, judged as any path', () => {
    expect(resolvePhotoRef('news/a.md', 'images\\x.jpg')).toEqual({ ok: true, ref: 'news/images/x.jpg' });
    expect(resolvePhotoRef('news/a.md', '..\\images\\x.jpg')).toEqual({ ok: true, ref: 'images/x.jpg' });
    expect(resolvePhotoRef('a.md', 'C:\\Users\\desk\\x.jpg')).toEqual({ ok: false, why: "the photo path 'C:\\Users\\desk\\x.jpg' is a place on one computer; name the photo relative to the article, as images/photo.jpg" });
  });

  it('refuses anything that is not a path inside the root', () => {
    for (const ref of ['../x.jpg', 'a/../../x.jpg', '/etc/passwd', 'http://h/x.jpg', 'HTTPS://h/x.jpg', '//h/x.jpg', 'file:///etc/passwd', 'data:,x', 'C:\\x.jpg', 'C:x.jpg', 'a\\..\\..\\x', '..\\x.jpg', '\\x.jpg', '\\\\server\\share\\x.jpg', '', '.']) {
      expect(resolvePhotoRef('a.md', ref).ok, ref).toBe(false);
    }
  });
});

describe('file kinds and dates', () => {
  it('knows the settings file by its name at the top of the input, in any case', () => {
    for (const name of ['edition.yaml', 'edition.yml', 'Edition.yaml', 'EDITION.YML']) expect(isEditionConfigName(name), name).toBe(true);
    for (const name of ['news/edition.yaml', 'edition.yaml.md', 'my-edition.yaml', 'edition.json']) expect(isEditionConfigName(name), name).toBe(false);
  });

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

describe('remembered drafts (a warm rebuild reads unchanged files again)', () => {
  const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples');
  const parsers = { markdown: parseMarkdown, ninjs: parseNinjs, wire: parseWire } as const;

  /** What parseArticle gives with nothing remembered: each step run afresh. */
  function parsedAfresh(file: string, bytes: Uint8Array, context: ParseContext): ParseOutcome {
    const format = ARTICLE_EXTENSIONS[extensionOf(file)];
    const decoded = decodeArticleText(bytes);
    if (!decoded.ok) return { ok: false, rejection: { file, reason: decoded.reason } };
    return finishArticle(file, parsers[format](decoded.text), context);
  }

  it('gives every sample article, asked again, what a fresh parse gives', () => {
    const files = readdirSync(SAMPLES).filter(isArticleFile).sort();
    const inputNames = new Set(readdirSync(SAMPLES, { recursive: true }).map(String));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(join(SAMPLES, file)));
      const fresh = parsedAfresh(file, bytes, { inputNames });
      expect(parseArticle(file, bytes, { inputNames })).toEqual(fresh);
      expect(parseArticle(file, bytes.slice(), { inputNames })).toEqual(fresh);
    }
  });

  it('still decides by file name and the other inputs on every parse', () => {
    const wire = utf8('Night ferry resumes\n\nThe ferry sails again from Monday.');
    const first = parseArticle('ferry.txt', wire, { inputNames: new Set(['ferry.jpg']) });
    const again = parseArticle('boats/night-ferry.txt', wire, { inputNames: new Set() });
    expect(first).toMatchObject({ ok: true, article: { slug: 'ferry', source: 'ferry.txt', image: { ref: 'ferry.jpg' } } });
    expect(again).toMatchObject({ ok: true, article: { slug: 'night-ferry', source: 'boats/night-ferry.txt' } });
    expect(again.ok && again.article.image).toBeUndefined();
    // A byte changed is another file.
    const changed = parseArticle('ferry.txt', utf8('Night ferry resumed\n\nThe ferry sails again from Monday.'), {});
    expect(changed).toMatchObject({ ok: true, article: { headline: 'Night ferry resumed' } });
  });

  it('holds at most DRAFTS_REMEMBERED_BYTES of source, and a file asked again adds nothing', () => {
    // 4,000 words of 48 characters (192,000), under the body's limits of words and characters;
    // 45 of them, 8.6 MB, more than the drafts remembered.
    const big = (n: number) => utf8(`Story ${n}\n\n${`${'x'.repeat(44)}${String(n).padStart(3, '0')} `.repeat(4_000)}`);
    for (let n = 0; n <= 44; n++) parseArticle(`big-${n}.txt`, big(n));
    const held = rememberedDraftsSize();
    expect(held.bytes).toBeLessThanOrEqual(DRAFTS_REMEMBERED_BYTES);
    expect(held.bytes).toBeGreaterThan(DRAFTS_REMEMBERED_BYTES - 1_000_000);
    const latest = big(44);
    expect(parseArticle('again/big-44.txt', latest)).toMatchObject({ ok: true, article: { headline: 'Story 44', slug: 'big-44' } });
    expect(rememberedDraftsSize()).toEqual(held);
  });
});

describe('a story without a language tag', () => {
  // Hebrew sentences written for this test, a Latin name and a number in each.
  const HEADLINE = 'שוק האיכרים חוזר לכיכר העיר';
  const BODY = 'השוק ייפתח מחדש ביום שישי, עם 42 דוכנים של חקלאים מהאזור. המארגנת, Miriam Adler, אמרה כי הביקוש גדל מאוד.';
  const language = (file: string, text: string): string => {
    const outcome = parseArticle(file, utf8(text));
    if (!outcome.ok) throw new Error(outcome.rejection.reason);
    return outcome.article.language;
  };

  it('is in Hebrew when most of its letters are Hebrew, in every format, and set right to left in the reader', () => {
    // Before, every untagged story was English and printed left to right, Hebrew or not.
    expect(language('market.md', `---\nheadline: ${HEADLINE}\n---\n${BODY}\n`)).toBe('he');
    expect(language('market.json', JSON.stringify({ uri: 'urn:x', type: 'text', headline: HEADLINE, body_text: BODY }))).toBe('he');
    expect(language('market.txt', `${HEADLINE}\n\n${BODY}`)).toBe('he');
    const outcome = parseArticle('market.md', utf8(`---\nheadline: ${HEADLINE}\n---\n${BODY}\n`));
    if (!outcome.ok) throw new Error(outcome.rejection.reason);
    expect(readerArticle(outcome.article, [1], undefined).direction).toBe('rtl');
  });

  it('keeps its tag when it has one, and is English when Hebrew is a word or two, or when its letters are Arabic', () => {
    // A tag wins: an English story quoting a Hebrew paragraph stays left to right.
    expect(language('quote.md', `---\nheadline: ${HEADLINE}\nlanguage: en\n---\n${BODY}\n`)).toBe('en');
    expect(language('quote.md', `---\nheadline: A bakery in Jaffa\nlanguage: yi\n---\nThe sign says מאפייה.\n`)).toBe('yi');
    expect(language('bakery.md', '---\nheadline: A bakery in Jaffa\n---\nThe sign above the door still says מאפייה, bakery, as it did in 1958.\n')).toBe('en');
    // Arabic is not set right to left (its letters would print unshaped): its story stays as it was.
    expect(language('cairo.md', '---\nheadline: افتتاح جسر جديد في القاهرة\n---\nافتتح الجسر الجديد صباح اليوم أمام حركة المرور.\n')).toBe('en');
  });
});
