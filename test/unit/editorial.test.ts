/**
 * Editorial control (issue 13, item 3): `hold`, `embargo` and `page` in an article, `lead`, `front`
 * and `pages` in edition.yaml. Each is validated with a message an editor understands, and the
 * planner honours it or says, as a warning, what it could not honour.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { separateHeld } from '../../lambdas/core/editorial';
import { fingerprintInputs } from '../../lambdas/core/fingerprint';
import { MemoryInputSource } from '../../lambdas/core/memory-source';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { editionKeys, embargoBreach, renderEndedEmbargoes } from '../../lambdas/core/publish';
import { uploadReports } from '../../lambdas/core/reports';
import { validateEditionSettings } from '../../lambdas/core/edition-schema';
import { parseArticle } from '../../lambdas/core/parse';
import type { Article } from '../../lambdas/core/article';
import { composeFolder, type ComposedFolder } from '../support/compose';

const encoder = new TextEncoder();
const markdown = (frontMatter: string) => encoder.encode(`---\nheadline: A story\n${frontMatter}\n---\nOne paragraph of the story.\n`);
function parsed(frontMatter: string): { article: Article; warnings: string[] } {
  const outcome = parseArticle('story.md', markdown(frontMatter));
  if (!outcome.ok) throw new Error(outcome.rejection.reason);
  return { article: outcome.article, warnings: outcome.warnings.map((w) => w.message) };
}

describe('hold, embargo and page in an article', () => {
  it('reads them from front matter, with the embargo in UTC', () => {
    const { article, warnings } = parsed('hold: false\nembargo: 2026-11-30T06:00:00+07:00\npage: 3');
    expect(article).toMatchObject({ embargo: '2026-11-29T23:00:00.000Z', page: 3 });
    expect(article.hold).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(parsed('hold: true').article.hold).toBe(true);
  });

  it('holds a story whose embargo or hold cannot be read, and says how to write it', () => {
    const noZone = parsed('embargo: 2026-11-30 06:00');
    expect(noZone.article.hold).toBe(true);
    expect(noZone.warnings.join()).toMatch(/not a date and time with a time zone .*2026-11-30T06:00:00\+07:00.*held/);
    const word = parsed('embargo: tomorrow morning');
    expect(word.article.hold).toBe(true);
    const maybe = parsed('hold: maybe');
    expect(maybe.article.hold).toBe(true);
    expect(maybe.warnings.join()).toMatch(/`hold` should be true or false; 'maybe' was read as true/);
  });

  it('ignores a page that is not a page number, with a warning', () => {
    for (const value of ['0', '-2', '2.5', 'front', '9999']) {
      const { article, warnings } = parsed(`page: ${value}`);
      expect(article.page).toBeUndefined();
      expect(warnings.join()).toMatch(/`page` should be a page number from 1/);
    }
  });

  it('takes ninjs embargoed and pubstatus withheld as embargo and hold', () => {
    const doc = (extra: object) => encoder.encode(JSON.stringify({ uri: 'x', type: 'text', headline: 'Wire story', body_text: 'Text of it.', ...extra }));
    const embargoed = parseArticle('wire.json', doc({ embargoed: '2026-12-01T00:00:00Z' }));
    const withheld = parseArticle('wire.json', doc({ pubstatus: 'withheld' }));
    expect(embargoed.ok && embargoed.article.embargo).toBe('2026-12-01T00:00:00.000Z');
    expect(withheld.ok && withheld.article.hold).toBe(true);
  });

  it('keeps held stories and stories under embargo out of an edition, and prints an embargo once it has ended', () => {
    const article = (slug: string, extra: Partial<Article>): Article => ({ ...parsed('').article, slug, source: `${slug}.md`, ...extra });
    const articles = [article('free', {}), article('held', { hold: true }), article('embargoed', { embargo: '2026-11-30T06:00:00.000Z' })];
    const before = separateHeld(articles, '2026-11-30T05:59:59.000Z');
    expect(before.printed.map((a) => a.slug)).toEqual(['free']);
    expect(before.held).toEqual([
      expect.objectContaining({ slug: 'held', reason: 'hold' }),
      expect.objectContaining({ slug: 'embargoed', reason: 'embargo', until: '2026-11-30T06:00:00.000Z' }),
    ]);
    expect(before.warnings.map((w) => w.file)).toEqual(['held.md', 'embargoed.md']);
    const after = separateHeld(articles, '2026-11-30T06:00:00.000Z');
    expect(after.printed.map((a) => a.slug)).toEqual(['free', 'embargoed']);
  });
});

describe('the fingerprint of inputs with an embargo', () => {
  it('changes when the embargo ends, so that the edition is built again; without one, time does not matter', async () => {
    const files = { 'a.md': '---\nheadline: A\nembargo: 2026-11-30T06:00:00Z\n---\nText.\n', 'b.md': '---\nheadline: B\n---\nText.\n' };
    const at = (time: string, inputs: Record<string, string> = files) => fingerprintInputs(new MemoryInputSource(inputs), '2026-11-30', time);
    expect(await at('2026-11-30T05:00:00Z')).toBe(await at('2026-11-30T05:59:59Z'));
    expect(await at('2026-11-30T06:00:00Z')).not.toBe(await at('2026-11-30T05:59:59Z'));
    expect(await at('2026-11-30T06:00:00Z')).toBe(await at('2026-12-01T00:00:00Z'));
    const plain = { 'b.md': files['b.md'] };
    expect(await at('2026-11-30T05:00:00Z', plain)).toBe(await at('2026-11-30T07:00:00Z', plain));
    expect(await at('2026-11-30T05:00:00Z', plain)).toBe(await fingerprintInputs(new MemoryInputSource(plain), '2026-11-30'));
  });
});

describe('embargoes and publishing', () => {
  it('refuses to publish a version that prints a story before its embargo ends', () => {
    const manifest = { articles: [{ slug: 'vote', headline: 'Vote', section: 'News', source: 'vote.md', pages: [1], embargo: '2026-11-30T06:00:00.000Z' }] };
    expect(embargoBreach(manifest, new Date('2026-11-30T05:59:00Z'))).toMatch(/"vote" under embargo until 2026-11-30T06:00:00.000Z/);
    expect(embargoBreach(manifest, new Date('2026-11-30T06:00:00Z'))).toBeUndefined();
  });

  it('asks for a render of a date whose proof holds a story under an embargo that has ended, and only then', async () => {
    const editions = new MemoryObjectStore();
    const held = [{ slug: 'vote', headline: 'Vote', source: 'vote.md', reason: 'embargo', until: '2026-11-30T06:00:00.000Z' }];
    await editions.put(editionKeys.proof('2026-11-30'), JSON.stringify({ date: '2026-11-30', articles: [], held }), 'application/json');
    const signal = new MemoryRenderSignal();
    expect(await renderEndedEmbargoes(editions, new Date('2026-11-30T05:59:00Z'), signal)).toEqual([]);
    expect(await renderEndedEmbargoes(editions, new Date('2026-11-30T06:00:30Z'), signal)).toEqual(['2026-11-30']);
    expect(signal.sent).toEqual(['2026-11-30']);
  });
});

describe('per-file reports of held stories', () => {
  it('says a held upload is held, and why, instead of accepted with no pages', () => {
    const manifest = {
      rejected: [],
      warnings: [],
      articles: [{ slug: 'free', headline: 'Free', section: 'News', source: 'free.md', pages: [2] }],
      held: [
        { slug: 'held', headline: 'Held', source: 'held.md', reason: 'hold' as const },
        { slug: 'vote', headline: 'Vote', source: 'vote.md', reason: 'embargo' as const, until: '2026-11-30T06:00:00.000Z' },
      ],
    };
    const reports = uploadReports([{ name: 'free.md' }, { name: 'held.md' }, { name: 'vote.md' }], manifest, new Date('2026-11-30T05:00:00Z'));
    expect(reports.map((r) => [r.file, r.status, r.pages])).toEqual([['free.md', 'accepted', [2]], ['held.md', 'held', []], ['vote.md', 'held', []]]);
    expect(reports[1].reason).toBe('held out of print by the desk (`hold: true`)');
    expect(reports[2].reason).toMatch(/^under embargo until 2026-11-30T06:00:00.000Z/);
  });
});

describe('lead, front and pages in edition.yaml', () => {
  it('accepts them and explains what a bad value should be', () => {
    const good = validateEditionSettings({ lead: 'Da-Nang-Marathon', front: ['a', 'b'], pages: { National: 3 } });
    expect(good.problems).toEqual([]);
    expect(good.settings).toMatchObject({ lead: 'da-nang-marathon', front: ['a', 'b'], pages: { National: 3 } });
    const bad = validateEditionSettings({ lead: 7, front: 'a', pages: { National: 0 } });
    expect(bad.settings).toEqual({});
    expect(bad.problems).toEqual([
      '`lead` should be the slug of the story to lead the front page; it was ignored',
      '`front` should be a list of 1 to 12 story slugs, in the order the front page should carry them; it was ignored',
      '`pages` should be a map of section name to its number of pages (1 to 100), e.g. { National: 3 }; it was ignored',
    ]);
  });
});

/** The sample edition with lines added to edition.yaml and to some articles' front matter. */
async function sampleWith(dir: string, yaml: string, frontMatter: Record<string, string> = {}): Promise<ComposedFolder> {
  await rm(dir, { recursive: true, force: true });
  await cp(join(__dirname, '..', '..', 'samples'), dir, { recursive: true });
  // A key given again replaces the sample's own (YAML refuses a repeated key).
  const given = new Set([...yaml.matchAll(/^(\w+):/gm)].map((m) => m[1]));
  const own = (await readFile(join(dir, 'edition.yaml'), 'utf8')).split('\n').filter((line) => !given.has(line.split(':')[0]));
  await writeFile(join(dir, 'edition.yaml'), `${own.join('\n')}\n${yaml}\n`);
  for (const [file, lines] of Object.entries(frontMatter)) {
    const text = await readFile(join(dir, file), 'utf8');
    await writeFile(join(dir, file), text.replace('---\n', `---\n${lines}\n`));
  }
  return composeFolder(dir);
}

/** The lead: the front page's first module, top left under the masthead. */
const leadOf = (folder: ComposedFolder) => [...folder.composition.pages[0].modules].sort((a, b) => a.top - b.top || a.column - b.column)[0]?.slug;
const slugsOn = (folder: ComposedFolder, page: number) => [...new Set(folder.composition.pages[page - 1].modules.map((m) => m.slug))];
const firstPageOf = (folder: ComposedFolder, slug: string) => folder.composition.pages.find((p) => p.modules.some((m) => m.slug === slug))?.number;

describe('the planner honours the desk', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'epaper-editorial-'));
  });
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('leads with the story named by `lead`, even a less important one', async () => {
    const plain = await composeFolder(join(__dirname, '..', '..', 'samples'));
    expect(leadOf(plain)).not.toBe('da-nang-marathon');
    const folder = await sampleWith(join(root, 'lead'), 'lead: da-nang-marathon');
    expect(leadOf(folder)).toBe('da-nang-marathon');
    expect(folder.composition.problems.filter((p) => /lead/.test(p))).toEqual([]);
  }, 60_000);

  it('puts the `front` stories on page 1, the first as lead, and reports a slug it cannot find', async () => {
    const folder = await sampleWith(join(root, 'front'), 'front: [opinion-night-buses, can-tho-street-light-hotline, no-such-story]');
    const front = slugsOn(folder, 1);
    expect(leadOf(folder)).toBe('opinion-night-buses');
    expect(front).toContain('can-tho-street-light-hotline');
    expect(folder.composition.problems).toContain('edition.yaml `front`: no story "no-such-story" is printed in this edition (held, rejected or misspelt); it was left off the list');
  }, 60_000);

  it('starts a story on the page it is pinned to, and says where a pin could not be kept', async () => {
    const folder = await sampleWith(join(root, 'pins'), '', { 'da-lat-tet-flowers.md': 'page: 5', 'cambodia-border-market.md': 'page: 30' });
    expect(firstPageOf(folder, 'da-lat-tet-flowers')).toBe(5);
    const actual = firstPageOf(folder, 'cambodia-border-market');
    expect(folder.composition.problems).toContain(`"cambodia-border-market" is pinned to page 30 (\`page\`) but starts on page ${actual}: the edition has ${folder.composition.pages.length} pages`);
  }, 60_000);

  it('gives a section the pages `pages` says, on pages of its own, and holds what does not fit', async () => {
    const folder = await sampleWith(join(root, 'pages'), 'pages:\n  National: 1\n  Business: 1', {});
    const national = folder.composition.pages.filter((p) => p.sections.includes('National'));
    expect(national.map((p) => p.sections)).toEqual([['National']]);
    const business = folder.composition.pages.filter((p) => p.sections.includes('Business'));
    expect(business.map((p) => p.sections)).toEqual([['Business']]);
    // Squeeze Business into one page that its copy overfills: the least important stories are held.
    const squeezed = await sampleWith(join(root, 'squeezed'), 'pageSize: a4\npages:\n  National: 1\n  Business: 1', {});
    const squeezedBusiness = squeezed.composition.pages.filter((p) => p.sections.includes('Business'));
    expect(squeezedBusiness).toHaveLength(1);
    expect(squeezed.composition.leftOut.length).toBeGreaterThan(0);
    for (const slug of squeezed.composition.leftOut) expect(firstPageOf(squeezed, slug)).toBeUndefined();
    expect(squeezed.composition.problems.join('\n')).toMatch(/Business was given 1 page \(`pages`\) and they are full: .* held for lack of room/);
    // Nothing else is lost: every other story is placed whole.
    expect(squeezed.composition.problems.filter((p) => /was not placed|lost \d+ lines/.test(p))).toEqual([]);
  }, 120_000);
});
