import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { blockText } from '../../lambdas/core/article';
import { parseArticle } from '../../lambdas/core/parse/index';
import {
  CONFIGURED_SECTIONS,
  type GeneratedEdition,
  generateEdition,
  type GenerateEditionOptions,
  UNCONFIGURED_SECTION,
  WIRE_SECTION,
} from '../fixtures/generate-edition';

let root: string;

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out.sort();
}

async function fingerprintFolder(dir: string): Promise<Map<string, string>> {
  const hashes = new Map<string, string>();
  for (const file of await listFiles(dir)) {
    hashes.set(relative(dir, file), createHash('sha256').update(await readFile(file)).digest('hex'));
  }
  return hashes;
}

/** One digest of an edition's text files (photos aside: their bytes are sharp's) and of what the generator said it planted. */
async function textDigest(dir: string, made: GeneratedEdition): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await readdir(dir)).filter((name) => name !== 'images').sort()) hash.update(file).update('\0').update(await readFile(join(dir, file))).update('\0');
  return hash.update(JSON.stringify(made.articles)).digest('hex');
}

function countOccurrences(haystack: string, needle: string): number {
  let count = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) count += 1;
  return count;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'generate-edition-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('generateEdition', () => {
  let edition: GeneratedEdition;

  beforeAll(async () => {
    edition = await generateEdition(join(root, 'default'), { articles: 30, seed: 7 });
  });

  it('writes the same bytes for the same seed and different bytes for another seed', async () => {
    const again = await generateEdition(join(root, 'again'), { articles: 30, seed: 7 });
    const other = await generateEdition(join(root, 'other'), { articles: 30, seed: 8 });
    const first = await fingerprintFolder(edition.dir);
    expect(await fingerprintFolder(again.dir)).toEqual(first);
    expect(again.articles).toEqual(edition.articles);
    const otherHashes = await fingerprintFolder(other.dir);
    const changed = [...first].filter(([file, hash]) => otherHashes.get(file) !== hash);
    expect(changed.length).toBeGreaterThan(first.size / 2);
  });

  it('makes the requested number of articles, with one lead, one long story and the briefs', async () => {
    expect(edition.date).toBe('2019-12-04');
    expect(edition.articles).toHaveLength(30);
    const leads = edition.articles.filter((a) => a.priority === 1);
    expect(leads).toHaveLength(1);
    expect(leads[0].kind).toBe('lead');
    expect(leads[0].hasPhoto).toBe(true);

    const long = edition.articles.filter((a) => a.kind === 'long');
    expect(long).toHaveLength(1);
    expect(long[0].words).toBeGreaterThanOrEqual(3200);
    const longText = await readFile(join(edition.dir, long[0].file), 'utf8');
    expect(longText).toMatch(/^## \S/m);
    expect(longText).toMatch(/^> \S/m);

    const briefs = edition.articles.filter((a) => a.kind === 'brief');
    expect(briefs).toHaveLength(12);
    for (const brief of briefs) {
      expect(brief.priority).toBe(5);
      expect(brief.paragraphTokens).toHaveLength(1);
    }
    expect(new Set(edition.articles.map((a) => a.priority))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('spreads stories over the six configured sections plus Science, and wire copy into News', () => {
    const sections = new Set(edition.articles.map((a) => a.section));
    for (const section of [...CONFIGURED_SECTIONS, UNCONFIGURED_SECTION]) expect(sections).toContain(section);
    for (const article of edition.articles) {
      expect(article.format === 'wire').toBe(article.section === WIRE_SECTION);
    }
  });

  it('writes every input format, and edition.yaml without the Science section', async () => {
    const formats = new Set(edition.articles.map((a) => a.format));
    expect(formats).toEqual(new Set(['markdown', 'ninjs1', 'ninjs2', 'wire']));
    for (const article of edition.articles) {
      const text = await readFile(join(edition.dir, article.file), 'utf8');
      if (article.format === 'markdown') expect(text.startsWith('---\nheadline: ')).toBe(true);
      if (article.format === 'ninjs1') expect(JSON.parse(text)).toHaveProperty('body_html');
      if (article.format === 'ninjs2') expect(Array.isArray(JSON.parse(text).bodies)).toBe(true);
      if (article.format === 'wire') expect(text).toMatch(/^.+\n\nDecember 04, 2019 - \d\d:\d\d\n/);
    }
    const config = parseYaml(await readFile(join(edition.dir, 'edition.yaml'), 'utf8'));
    expect(config.sections).toEqual([...CONFIGURED_SECTIONS]);
    expect(config).toMatchObject({ pageSize: 'berliner', columns: 5 });
  });

  it('plants every token exactly once in the whole edition', async () => {
    const texts = await Promise.all(edition.articles.map((a) => readFile(join(edition.dir, a.file), 'utf8')));
    const everything = texts.join('\n');
    const tokens = edition.articles.flatMap((a) => [a.headlineToken, ...a.paragraphTokens]);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) expect(countOccurrences(everything, token), token).toBe(1);
    // No token is a prefix of another, so "exactly once" in extracted PDF text stays meaningful.
    expect(everything.match(/\b[HT]\d{4}(P\d{3})?\b/g)).toHaveLength(tokens.length);
  });

  it('gives about a third of the stories photos, of various shapes, one of them 4000×3000', async () => {
    const stories = edition.articles.filter((a) => a.kind !== 'brief');
    const withPhoto = stories.filter((a) => a.hasPhoto);
    expect(withPhoto.length / stories.length).toBeGreaterThan(0.2);
    expect(withPhoto.length / stories.length).toBeLessThan(0.55);
    const shapes = new Set<string>();
    for (const article of withPhoto) {
      const meta = await sharp(join(edition.dir, article.photo!.file)).metadata();
      expect(meta.format).toBe('jpeg');
      expect([meta.width, meta.height]).toEqual([article.photo!.widthPx, article.photo!.heightPx]);
      shapes.add(`${meta.width}x${meta.height}`);
    }
    expect(shapes).toContain('4000x3000');
    expect(shapes.size).toBeGreaterThanOrEqual(3);
    const wireWithPhoto = edition.articles.find((a) => a.format === 'wire' && a.hasPhoto);
    if (wireWithPhoto) expect(wireWithPhoto.photo!.file).toBe(`${wireWithPhoto.slug}.jpg`);
  });

  it('parses as described: slug, headline, section, priority, photo, one token per paragraph of 30–120 words', async () => {
    for (const article of edition.articles) {
      const outcome = parseArticle(article.file, await readFile(join(edition.dir, article.file)));
      expect(outcome.ok, article.file).toBe(true);
      if (!outcome.ok) continue;
      const parsed = outcome.article;
      expect(parsed.slug).toBe(article.slug);
      expect(parsed.headline).toBe(article.headline);
      expect(parsed.section).toBe(article.section);
      expect(parsed.priority).toBe(article.priority);
      expect(parsed.date ?? edition.date).toBe(edition.date);
      if (article.format !== 'wire') expect(parsed.image?.ref).toBe(article.photo?.file);
      const paragraphs = parsed.body.filter((b) => b.kind === 'paragraph').map(blockText);
      expect(paragraphs.map((p) => p.match(/T\d{4}P\d{3}/g)?.join())).toEqual(article.paragraphTokens);
      for (const paragraph of paragraphs) {
        const words = paragraph.split(/\s+/).length;
        expect(words).toBeGreaterThanOrEqual(31);
        expect(words).toBeLessThanOrEqual(121);
      }
    }
  });

  it('honours photos: false, a custom date and small sizes', async () => {
    const small = await generateEdition(join(root, 'small'), {
      articles: 6,
      briefs: 3,
      longStoryWords: 500,
      photos: false,
      date: '2020-01-15',
      seed: 3,
    });
    expect(small.date).toBe('2020-01-15');
    expect(small.articles).toHaveLength(6);
    expect(small.articles.some((a) => a.hasPhoto)).toBe(false);
    expect(await readdir(join(small.dir, 'images'))).toEqual([]);
    // Four ordinary stories are kept so every format still appears; the briefs give way.
    expect(small.articles.filter((a) => a.kind === 'brief')).toHaveLength(0);
    expect(new Set(small.articles.map((a) => a.format))).toEqual(new Set(['markdown', 'ninjs1', 'ninjs2', 'wire']));
    const wire = small.articles.find((a) => a.format === 'wire')!;
    expect(await readFile(join(small.dir, wire.file), 'utf8')).toContain('January 15, 2020 - ');
  });

  it('makes thin sections on request: one short story without a photo besides the briefs', async () => {
    const options = { articles: 60, seed: 5, photos: false } as const;
    const thin = await generateEdition(join(root, 'thin'), { ...options, thinSections: 2 });
    const usual = await generateEdition(join(root, 'usual'), options);
    const stories = (e: GeneratedEdition, section: string) => e.articles.filter((a) => a.section === section && a.kind === 'story');
    for (const section of ['Life', 'Opinion']) {
      const [story, ...more] = stories(thin, section);
      expect(more, section).toEqual([]);
      expect(story.priority).toBe(4);
      expect(story.hasPhoto).toBe(false);
      expect(story.words).toBeGreaterThanOrEqual(350);
      expect(story.words).toBeLessThanOrEqual(700); // the last paragraph may run past the target
      expect(stories(usual, section).length, section).toBeGreaterThan(3);
    }
    // The other sections take the stories the thin ones gave up; the edition keeps its size.
    expect(thin.articles).toHaveLength(60);
    expect(stories(thin, 'Sport').length).toBeGreaterThan(stories(usual, 'Sport').length);
  });

  it('with pull quotes off, writes the bytes it wrote before the option existed', async () => {
    // Digests of the text files and the description, recorded from the generator of layout-79 (before
    // `pullQuotes`): every test's edition must stay as it was with the option off or left out.
    const before: [GenerateEditionOptions, string][] = [
      [{ articles: 30, seed: 7 }, '71a4dc1d56775ab4776fc0aed108dfdb154ca01b8edd3fd1dbe477bd3c1fab24'],
      [{ articles: 45, seed: 4, briefs: 9, longStoryWords: 2400 }, '52d0f2bf1d32edfe4a25e9eb2f06479a10200a72948aeb46e45a82074b2a4a04'],
      [{ articles: 60, seed: 5, photos: false, thinSections: 2 }, 'b502805bdefec70bcec07fda41525ca140ad9f2763630243b3d4aeb552e52f6a'],
      [{ articles: 6, briefs: 3, longStoryWords: 500, photos: false, date: '2020-01-15', seed: 3 }, '9ee918539387b5100a0e1f5e5827307e091e410b04121caf2ce776fc782e8f2d'],
    ];
    for (const [index, [options, digest]] of before.entries()) {
      for (const pullQuotes of [undefined, false]) {
        const dir = join(root, `before-${index}-${pullQuotes}`);
        const made = await generateEdition(dir, { ...options, ...(pullQuotes === undefined ? {} : { pullQuotes }) });
        expect(await textDigest(dir, made), JSON.stringify(options)).toBe(digest);
      }
    }
  });

  it('with pull quotes on, quotes a sentence of the story in about one story in four, and changes nothing else', async () => {
    let stories = 0;
    let quoted = 0;
    for (const seed of [1, 2, 3, 4]) {
      const options = { articles: 30, seed, briefs: 6, longStoryWords: 2400, photos: false } as const;
      const plain = await generateEdition(join(root, `plain-${seed}`), options);
      const withQuotes = await generateEdition(join(root, `quotes-${seed}`), { ...options, pullQuotes: true });
      for (const [i, article] of withQuotes.articles.entries()) {
        const { pullQuote, ...rest } = article;
        expect(rest).toEqual(plain.articles[i]);
        const before = await readFile(join(plain.dir, article.file), 'utf8');
        const after = await readFile(join(withQuotes.dir, article.file), 'utf8');
        if (article.kind !== 'brief') stories += 1;
        if (pullQuote === undefined) {
          expect(after, article.file).toBe(before);
          continue;
        }
        quoted += 1;
        expect(article.format).toBe('markdown');
        expect(article.kind).not.toBe('brief');
        // The one front-matter line more; the body as it was.
        expect(after.replace(`pullQuote: ${JSON.stringify(pullQuote)}\n`, '')).toBe(before);
        expect(pullQuote).toMatch(/^[A-ZĐ][^.]*\.$/);
        expect(pullQuote).not.toMatch(/\b[HT]\d{4}/);
        const outcome = parseArticle(article.file, Buffer.from(after));
        expect(outcome.ok).toBe(true);
        if (!outcome.ok) continue;
        expect(outcome.article.pullQuote, article.file).toBe(pullQuote);
        const body = outcome.article.body.filter((b) => b.kind === 'paragraph').map(blockText).join(' ');
        expect(countOccurrences(body, pullQuote), article.file).toBe(1);
      }
    }
    expect(quoted / stories).toBeGreaterThan(0.15);
    expect(quoted / stories).toBeLessThan(0.35);
  });

  it('scales to 100 articles', async () => {
    const big = await generateEdition(join(root, 'big'), { articles: 100, seed: 11 });
    expect(big.articles).toHaveLength(100);
    const tokens = big.articles.flatMap((a) => [a.headlineToken, ...a.paragraphTokens]);
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
