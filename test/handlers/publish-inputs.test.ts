/**
 * What one render fetches and holds of a date's inputs (publish.ts snapshotPrefix, withNamedPhotos):
 * the articles and edition.yaml, then only the photos the stories name, within the render's input
 * budget. A shoot of 100 photos of 24 MiB beside the articles, none of them named, was fetched and
 * held whole by every render, "unchanged" ones too, and took the function's 2 GB (review 72).
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition } from '../../lambdas/core/build-edition';
import { MAX_EDITION_ARTICLES, MAX_RENDER_INPUT_BYTES } from '../../lambdas/core/limits';
import type { ListedObject } from '../../lambdas/core/object-store';
import { editionKeys, renderAndPublish, type PublishedManifest, type PublishPorts } from '../../lambdas/core/publish';
import type { UploadReport } from '../../lambdas/core/reports';
import { blankPrinter } from '../support/blank-printer';
import { fakeBuilder } from './fake-builder';

const DATE = '2026-03-14';
const PREFIX = `articles/${DATE}/`;
const MiB = 1024 * 1024;
const json = <T>(store: MemoryObjectStore, key: string): T => JSON.parse(store.text(key) ?? 'null') as T;

/**
 * A content bucket that also lists `count` photos of `size` bytes under images/shoot-…, which no
 * story names; their ETags can be changed. Every GET is recorded; one of a shoot photo answers a
 * few bytes (the test fails on the GET itself, not on the memory it would take).
 */
function bucketWithShoot(count: number, size: number) {
  const content = new MemoryObjectStore();
  const gets: string[] = [];
  const shootEtags = Array.from({ length: count }, (_, i) => i.toString(16).padStart(32, '0'));
  const shootKey = (i: number) => `${PREFIX}images/shoot-${String(i).padStart(3, '0')}.jpg`;
  const watched = Object.create(content) as MemoryObjectStore;
  watched.list = async (prefix: string): Promise<ListedObject[]> => {
    const shoot = shootEtags.map((etag, i) => ({ key: shootKey(i), size, etag: `"${etag}"` })).filter((o) => o.key.startsWith(prefix));
    return [...(await content.list(prefix)), ...shoot].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  };
  watched.get = async (key: string) => {
    gets.push(key);
    const shot = shootEtags.findIndex((_, i) => shootKey(i) === key);
    return shot >= 0 ? { body: new Uint8Array(8), etag: `"${shootEtags[shot]}"` } : content.get(key);
  };
  return { content, watched, gets, shootEtags, shootKey };
}

const inputGets = (gets: readonly string[]) => gets.filter((key) => key.startsWith(PREFIX)).sort();

describe('the render fetches only what the build reads', () => {
  it('publishes beside 100 photos of 24 MiB no story names without fetching one, and fetches the one its story names', async () => {
    const { content, watched, gets, shootEtags, shootKey } = bucketWithShoot(100, 24 * MiB);
    await content.put(`${PREFIX}a.md`, '---\nheadline: Alpha\nimage: images/lead.jpg\n---\nBody of Alpha.\n', 'text/markdown');
    await content.put(`${PREFIX}images/lead.jpg`, new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]), 'image/jpeg');
    const editions = new MemoryObjectStore();
    const ports: PublishPorts = { content: watched, editions, renderSignal: new MemoryRenderSignal(), build: fakeBuilder(), logger: silentLogger, now: () => new Date('2026-03-14T05:00:00Z'), defaultPublish: 'auto' };
    const publish = renderAndPublish(ports);

    const first = await publish(DATE);

    expect(first.kind).toBe('published');
    expect(inputGets(gets)).toEqual([`${PREFIX}a.md`, `${PREFIX}images/lead.jpg`]);
    // Every upload has its report, the photos not fetched included; their ETags stand for their bytes.
    expect(json<UploadReport>(content, `reports/${DATE}/images/shoot-042.jpg.json`)).toMatchObject({ status: 'accepted', etag: shootEtags[42] });
    const pointer = json<PublishedManifest>(editions, editionKeys.pointer(DATE));
    expect(pointer.sources?.['images/shoot-042.jpg']).toBe(`etag:${shootEtags[42]}`);
    expect(pointer.sources?.['images/lead.jpg']).toMatch(/^[0-9a-f]{64}$/);

    // The next message of the date, nothing changed: the articles are read again, no photo.
    gets.length = 0;
    const second = await publish(DATE);
    expect(second.kind).toBe('unchanged');
    expect(inputGets(gets)).toEqual([`${PREFIX}a.md`]);

    // A photo no story names, replaced: its listing line changes the fingerprint, and it is still not fetched.
    gets.length = 0;
    shootEtags[7] = 'f'.repeat(32);
    const third = await publish(DATE);
    expect(third.kind).toBe('published');
    if (third.kind !== 'published' || first.kind !== 'published') return;
    expect(third.fingerprint).not.toBe(first.fingerprint);
    expect(inputGets(gets)).not.toContain(shootKey(7));
    expect(inputGets(gets).filter((key) => key.includes('/shoot-'))).toEqual([]);
  });

  it('fingerprints a named photo replaced between the listing and the fetch by the bytes it read', async () => {
    const { content, watched } = bucketWithShoot(0, 0);
    await content.put(`${PREFIX}a.md`, '---\nheadline: Alpha\nimage: lead.jpg\n---\nBody of Alpha.\n', 'text/markdown');
    await content.put(`${PREFIX}lead.jpg`, new Uint8Array([0xff, 0xd8, 0xff, 1]), 'image/jpeg');
    const listing = await content.list(PREFIX);
    // Listed as it was; replaced before the render fetches it.
    watched.list = async (prefix: string) => (prefix === PREFIX ? listing : content.list(prefix));
    await content.put(`${PREFIX}lead.jpg`, new Uint8Array([0xff, 0xd8, 0xff, 2]), 'image/jpeg');
    const editions = new MemoryObjectStore();
    const renderSignal = new MemoryRenderSignal();
    const publish = renderAndPublish({ content: watched, editions, renderSignal, build: fakeBuilder(), logger: silentLogger, now: () => new Date('2026-03-14T05:00:00Z'), defaultPublish: 'auto' });

    const raced = await publish(DATE);
    // The same inputs as they are now, listed and fetched alike, give the same fingerprint.
    watched.list = (prefix) => content.list(prefix);
    const again = await publish(DATE);

    expect(raced.kind).toBe('published');
    expect(again.kind).toBe('unchanged');
    if (raced.kind !== 'published' || again.kind !== 'unchanged') return;
    expect(again.fingerprint).toBe(raced.fingerprint);
  });

  it('reads no more articles than an edition prints, in name order, with the reason in the others\' reports, and builds the edition', async () => {
    // An adversarial review: the byte budget let any number of one-line files through, and each
    // became a story with its place on a page (2,400 of them: 267 pages, 70 s of composing).
    const { content, watched, gets } = bucketWithShoot(0, 0);
    await content.put(`${PREFIX}edition.yaml`, 'paper: The Test\n', 'application/yaml');
    for (let i = 0; i < 7; i++) await content.put(`${PREFIX}story-${i}.md`, `---\nheadline: Story ${i}\n---\nA line.\n`, 'text/markdown');
    const editions = new MemoryObjectStore();
    const publish = renderAndPublish({ content: watched, editions, renderSignal: new MemoryRenderSignal(), build: fakeBuilder(), logger: silentLogger, now: () => new Date('2026-03-14T05:00:00Z'), defaultPublish: 'auto', maxArticles: 5 });

    const outcome = await publish(DATE);

    expect(outcome.kind).toBe('published');
    // edition.yaml is no article: it is read beside the five.
    expect(inputGets(gets)).toEqual([`${PREFIX}edition.yaml`, ...[0, 1, 2, 3, 4].map((i) => `${PREFIX}story-${i}.md`)]);
    const manifest = json<PublishedManifest>(editions, editionKeys.pointer(DATE));
    expect(manifest.articles.map((a) => a.slug).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `story-${i}`));
    for (const i of [5, 6]) {
      expect(json<UploadReport>(content, `reports/${DATE}/story-${i}.md.json`)).toMatchObject({ status: 'rejected', reason: expect.stringContaining('the date has more than 5 articles, the most one edition reads') });
    }
    expect(MAX_EDITION_ARTICLES).toBe(1000);
  });

  it('leaves out, past the input budget, the photos of the least important stories, with the reason in their reports, and builds the edition', async () => {
    const photo = async (shade: number) => new Uint8Array(await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: shade, g: 90, b: 140 } } }).jpeg({ quality: 95 }).toBuffer());
    const content = new MemoryObjectStore();
    // By name, the least important story comes first: the budget follows importance, not names.
    const stories = [
      { file: 'a-minor.md', priority: 4, photo: 'a.jpg' },
      { file: 'b-lead.md', priority: 1, photo: 'b.jpg' },
      { file: 'c-second.md', priority: 2, photo: 'c.jpg' },
    ];
    const body = 'The council met on Thursday to discuss the budget for the coming year, and agreed on most of it. '.repeat(12);
    for (const [i, story] of stories.entries()) {
      await content.put(`${PREFIX}${story.file}`, `---\nheadline: Story ${story.file}\npriority: ${story.priority}\ndate: ${DATE}\nimage: ${story.photo}\ncaption: A photo.\n---\n${body}\n`, 'text/markdown');
      await content.put(`${PREFIX}${story.photo}`, await photo(40 * i), 'image/jpeg');
    }
    const size = async (name: string) => (await content.head(`${PREFIX}${name}`))!.size;
    const articlesBytes = (await Promise.all(stories.map((s) => size(s.file)))).reduce((a, b) => a + b, 0);
    // Room for the articles and two photos, not the third.
    const budget = articlesBytes + (await size('b.jpg')) + (await size('c.jpg')) + 100;
    expect(budget).toBeLessThan(articlesBytes + (await size('a.jpg')) + (await size('b.jpg')) + (await size('c.jpg')));
    const gets: string[] = [];
    const watched = Object.create(content) as MemoryObjectStore;
    watched.get = async (key) => {
      gets.push(key);
      return content.get(key);
    };
    const resources = await loadEditionResources();
    const editions = new MemoryObjectStore();
    const publish = renderAndPublish({
      content: watched,
      editions,
      renderSignal: new MemoryRenderSignal(),
      build: (source, request) => buildEdition({ source, renderer: blankPrinter, images: new SharpImages(), resources, logger: silentLogger, now: () => new Date('2026-03-14T05:00:00Z') })(request),
      logger: silentLogger,
      now: () => new Date('2026-03-14T05:00:00Z'),
      defaultPublish: 'auto',
      inputBudgetBytes: budget,
    });

    const outcome = await publish(DATE);

    expect(outcome.kind).toBe('published');
    expect(inputGets(gets)).not.toContain(`${PREFIX}a.jpg`);
    expect(inputGets(gets)).toEqual(expect.arrayContaining([`${PREFIX}b.jpg`, `${PREFIX}c.jpg`]));
    const pointer = json<PublishedManifest>(editions, editionKeys.pointer(DATE));
    const printed = Object.fromEntries(pointer.articles.map((a) => [a.source, a.photo ?? null]));
    expect(printed).toEqual({ 'a-minor.md': null, 'b-lead.md': 'b.jpg', 'c-second.md': 'c.jpg' });
    // The newsroom sees why: on the photo, and on its story.
    const photoReport = json<UploadReport>(content, `reports/${DATE}/a.jpg.json`);
    expect(photoReport.status).toBe('rejected');
    expect(photoReport.reason).toMatch(/^not read: with it, the inputs one render holds would pass .*the photos of the more important stories came first/);
    const storyReport = json<UploadReport>(content, `reports/${DATE}/a-minor.md.json`);
    expect(storyReport.status).toBe('accepted');
    expect(storyReport.pages.length).toBeGreaterThan(0);
    expect(storyReport.warnings.join('\n')).toMatch(/the photo 'a\.jpg' was not read: with it, the inputs one render holds would pass .*; the article prints without it/);
  }, 60_000);
});

describe('the render input budget (limits.ts MAX_RENDER_INPUT_BYTES)', () => {
  it('holds the articles within it too, in name order, and refuses the rest with the reason', async () => {
    const content = new MemoryObjectStore();
    const story = (name: string) => `---\nheadline: ${name}\n---\n${'Words of the story. '.repeat(40)}\n`;
    for (const name of ['a', 'b', 'c']) await content.put(`${PREFIX}${name}.md`, story(name), 'text/markdown');
    const one = (await content.head(`${PREFIX}a.md`))!.size;
    const gets: string[] = [];
    const watched = Object.create(content) as MemoryObjectStore;
    watched.get = async (key) => {
      gets.push(key);
      return content.get(key);
    };
    const editions = new MemoryObjectStore();
    const outcome = await renderAndPublish({ content: watched, editions, renderSignal: new MemoryRenderSignal(), build: fakeBuilder(), logger: silentLogger, now: () => new Date('2026-03-14T05:00:00Z'), defaultPublish: 'auto', inputBudgetBytes: 2 * one })(DATE);

    expect(outcome.kind).toBe('published');
    expect(inputGets(gets)).toEqual([`${PREFIX}a.md`, `${PREFIX}b.md`]);
    expect(json<PublishedManifest>(editions, editionKeys.pointer(DATE)).articles.map((a) => a.source)).toEqual(['a.md', 'b.md']);
    expect(json<UploadReport>(content, `reports/${DATE}/c.md.json`)).toMatchObject({ status: 'rejected', reason: expect.stringMatching(/^not read: with it, the inputs one render holds would pass .*the articles before it by name came first/) });
  });

  it('is a quarter of the render function\'s smallest memory at most', async () => {
    const { RENDER_MEMORY_POLICY } = await import('../../lib/render-memory');
    expect(MAX_RENDER_INPUT_BYTES).toBeLessThanOrEqual((RENDER_MEMORY_POLICY.minimumMb * MiB) / 4);
  });
});
