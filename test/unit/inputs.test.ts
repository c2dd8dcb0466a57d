import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { blockText } from '../../lambdas/core/article';
import { collectInputs, decideEditionDate, nameLeavesRoot, PHOTO_PROBES_AT_ONCE, readEditionConfig, type CollectedInputs } from '../../lambdas/core/inputs';
import { MemoryInputSource } from '../../lambdas/core/memory-source';
import type { ImageInfo, ImageProcessor, InputEntry, InputSource } from '../../lambdas/core/ports';
import { CORPUS_DATE, writeHostileCorpus, type CorpusCase } from '../fixtures/hostile-corpus';
import { iptcCreditedJpeg, xmpCreditedJpeg } from '../support/photo-metadata';

/** Fake photos: the bytes are "W×H" text, "corrupt" throws, like a header reader would. */
class FakeImages implements ImageProcessor {
  readonly probed: string[] = [];
  async probe(bytes: Uint8Array): Promise<ImageInfo> {
    const text = new TextDecoder().decode(bytes);
    this.probed.push(text);
    const m = /^(\d+)x(\d+)$/.exec(text);
    if (!m) throw new Error('not a readable image');
    return { format: 'jpeg', widthPx: Number(m[1]), heightPx: Number(m[2]) };
  }
  async fit(): Promise<Uint8Array> {
    throw new Error('not used');
  }
}

/** A source whose listing we control entirely: links, devices, escaping names, lying sizes. */
class ListedSource implements InputSource {
  readonly reads: string[] = [];
  constructor(
    private readonly entries: InputEntry[],
    private readonly files: Record<string, string>,
  ) {}
  async list(): Promise<InputEntry[]> {
    return this.entries;
  }
  async read(name: string): Promise<Uint8Array> {
    this.reads.push(name);
    const body = this.files[name];
    if (body === undefined) throw new Error(`no ${name}`);
    return new TextEncoder().encode(body);
  }
}

const md = (fields: Record<string, string>, body = 'Body text.'): string =>
  `---\n${Object.entries(fields).map(([k, v]) => `${k}: "${v}"`).join('\n')}\n---\n${body}\n`;

const TODAY = '2026-11-27';

describe('collectInputs', () => {
  it('decides the date: requested, else the most common article date, else today', async () => {
    const source = new MemoryInputSource({
      'a.md': md({ headline: 'A', date: '2019-12-04' }),
      'b.md': md({ headline: 'B', date: '2019-12-04' }),
      'c.md': md({ headline: 'C', date: '2019-12-05' }),
      'd.md': md({ headline: 'D' }),
    });
    const byMajority = await collectInputs(source, new FakeImages(), { today: TODAY });
    expect(byMajority.date).toBe('2019-12-04');
    expect(byMajority.articles.map((a) => a.source)).toEqual(['a.md', 'b.md', 'd.md']);
    expect(byMajority.rejected).toEqual([{ file: 'c.md', reason: 'dated 2019-12-05, after the 2019-12-04 edition: upload it under its own date' }]);

    // A day old still prints, with a warning.
    const requested = await collectInputs(source, new FakeImages(), { date: '2019-12-05', today: TODAY });
    expect(requested.articles.map((a) => a.source)).toEqual(['a.md', 'b.md', 'c.md', 'd.md']);
    expect(requested.rejected).toEqual([]);
    expect(requested.warnings.filter((w) => /before the 2019-12-05 edition/.test(w.message)).map((w) => w.file)).toEqual(['a.md', 'b.md']);

    const undated = await collectInputs(new MemoryInputSource({ 'd.md': md({ headline: 'D' }) }), new FakeImages(), { today: TODAY });
    expect(undated.date).toBe(TODAY);
  });

  it('applies one date rule to every format: the edition’s date prints, up to a week before prints with a warning, later or older is refused', async () => {
    const ninjs = (iso: string) => JSON.stringify({ uri: 'x', type: 'text', headline: 'N', versioncreated: iso, body_text: 'Body text.' });
    const wire = (stamp: string) => `W headline\n${stamp}\n\nA standfirst line.\n\nHÀ NỘI — Body text of the wire story.\n`;
    const source = new MemoryInputSource({
      'md-same.md': md({ headline: 'A', date: '2019-12-10' }),
      'md-week.md': md({ headline: 'B', date: '2019-12-03' }),
      'md-old.md': md({ headline: 'C', date: '2019-12-02' }),
      'md-later.md': md({ headline: 'D', date: '2019-12-11' }),
      'ninjs-week.json': ninjs('2019-12-05T23:30:00+07:00'),
      'ninjs-old.json': ninjs('2019-11-20T08:00:00Z'),
      'wire-week.txt': wire('December 08, 2019 - 12:02'),
      'wire-later.txt': wire('December 12, 2019 - 09:00'),
    });
    const outcome = await collectInputs(source, new FakeImages(), { date: '2019-12-10', today: TODAY });
    expect(outcome.articles.map((a) => a.source).sort()).toEqual(['md-same.md', 'md-week.md', 'ninjs-week.json', 'wire-week.txt']);
    expect(outcome.rejected.map((r) => r.file).sort()).toEqual(['md-later.md', 'md-old.md', 'ninjs-old.json', 'wire-later.txt']);
    expect(outcome.rejected.find((r) => r.file === 'ninjs-old.json')!.reason).toMatch(/more than 7 days before the 2019-12-10 edition/);
    expect(outcome.rejected.find((r) => r.file === 'wire-later.txt')!.reason).toMatch(/after the 2019-12-10 edition/);
    // ninjs takes the calendar day of versioncreated as written, in its own time zone.
    expect(outcome.warnings.find((w) => w.file === 'ninjs-week.json')!.message).toMatch(/dated 2019-12-05, 5 days before/);
    expect(outcome.warnings.some((w) => w.file === 'md-same.md' && /before the/.test(w.message))).toBe(false);
  });

  it('breaks a date tie towards the later date, whatever the listing order', () => {
    expect(decideEditionDate(undefined, ['2019-12-05', '2019-12-04'], TODAY)).toBe('2019-12-05');
    expect(decideEditionDate(undefined, ['2019-12-04', '2019-12-05'], TODAY)).toBe('2019-12-05');
    expect(decideEditionDate(undefined, [undefined, undefined], TODAY)).toBe(TODAY);
  });

  it('refuses a malformed requested date as a programming error', async () => {
    await expect(collectInputs(new MemoryInputSource({}), new FakeImages(), { date: '04/12/2019', today: TODAY })).rejects.toThrow('YYYY-MM-DD');
  });

  it('keeps the first slug by file name and rejects the others, naming the winner', async () => {
    const source = new MemoryInputSource({
      'z.md': md({ headline: 'Z', slug: 'same' }),
      'a.md': md({ headline: 'A', slug: 'same' }),
      'same.txt': 'Wire with the same slug\n\nBody.',
    });
    const result = await collectInputs(source, new FakeImages(), { today: TODAY });
    expect(result.articles.map((a) => a.source)).toEqual(['a.md']);
    expect(result.rejected).toEqual([
      { file: 'same.txt', reason: "duplicate slug 'same' (also used by a.md, which was kept); give this article its own `slug`" },
      { file: 'z.md', reason: "duplicate slug 'same' (also used by a.md, which was kept); give this article its own `slug`" },
    ]);
  });

  it('prints two stories of the same file name in two folders, the second\'s slug taken from its folders too', async () => {
    const source = new MemoryInputSource({
      'news/story1.md': md({ headline: 'News one' }),
      'sport/story1.md': md({ headline: 'Sport one' }),
      'sport/story2.md': md({ headline: 'Two', slug: 'story1' }),
    });
    const result = await collectInputs(source, new FakeImages(), { today: TODAY });
    expect(result.articles.map((a) => `${a.source} ${a.slug}`)).toEqual(['news/story1.md story1', 'sport/story1.md sport-story1']);
    expect(result.warnings).toContainEqual({ file: 'sport/story1.md', message: "its slug is 'sport-story1': 'story1' is news/story1.md's, a file of the same name in another folder" });
    // A slug the desk chose itself is a clash, as before.
    expect(result.rejected).toEqual([{ file: 'sport/story2.md', reason: "duplicate slug 'story1' (also used by news/story1.md, which was kept); give this article its own `slug`" }]);
  });

  it('names one file uploaded twice under names encoded otherwise (a Mac decomposes them) as such, not as a slug clash', async () => {
    const composed = 'Đà Nẵng.md';
    const decomposed = composed.normalize('NFD');
    const source = new MemoryInputSource({ [composed]: md({ headline: 'A' }), [decomposed]: md({ headline: 'A' }) });
    const result = await collectInputs(source, new FakeImages(), { today: TODAY });
    expect(result.articles).toHaveLength(1);
    expect(result.rejected).toHaveLength(1);
    const kept = result.articles[0].source;
    expect(result.rejected[0].file).toBe(kept === composed ? decomposed : composed);
    expect(result.rejected[0].reason).toBe(`the same file name as ${kept}, which was kept, with its letters encoded otherwise (as a Mac writes them): one file uploaded twice; delete one of the two`);
  });

  it('refuses a name too long for the keys made from it by its listing line, saying so', async () => {
    const long = `${'đ'.repeat(499)}.md`;
    const source = new MemoryInputSource({ 'story.md': md({ headline: 'A story' }), [long]: md({ headline: 'Long' }) });
    const result = await collectInputs(source, new FakeImages(), { today: TODAY });
    expect(result.articles.map((a) => a.source)).toEqual(['story.md']);
    expect(result.rejected).toEqual([{ file: long, reason: "the file name is 1,001 bytes long; the limit is 997 (the bucket's keys end at 1,024 bytes, and this file's report needs a key of its own): upload it under a shorter name" }]);
  });

  it('passes over what the operating system writes beside the uploads, without a rejection or a warning', async () => {
    const source = new MemoryInputSource({
      'story.md': md({ headline: 'A story' }),
      '._story.md': '\u0000\u0005\u0016\u0007\u0000\u0002\u0000\u0000Mac OS X',
      '.DS_Store': 'Bud1',
      'Thumbs.db': 'x',
      'desktop.ini': '[.ShellClassInfo]',
      '~$story.md': 'lock',
      '.~lock.story.md#': 'lock',
      '__MACOSX/._story.md': '\u0000\u0005\u0016\u0007',
      'notes.docx': 'PK',
    });
    const result = await collectInputs(source, new FakeImages(), { today: TODAY });
    expect(result.articles.map((a) => a.source)).toEqual(['story.md']);
    expect(result.rejected).toEqual([]);
    // A file the newsroom may have meant as an article is still named.
    expect(result.warnings.map((w) => w.file)).toEqual(['notes.docx']);
  });

  it('does not let a wrongly dated article knock out a right one by slug', async () => {
    const source = new MemoryInputSource({
      'a.md': md({ headline: 'A', slug: 'same', date: '2019-12-05' }),
      'b.md': md({ headline: 'B', slug: 'same', date: '2019-12-04' }),
    });
    const result = await collectInputs(source, new FakeImages(), { date: '2019-12-04', today: TODAY });
    expect(result.articles.map((a) => a.source)).toEqual(['b.md']);
  });

  it('refuses links, devices and escaping names without reading them', async () => {
    const source = new ListedSource(
      [
        { name: '../outside.md', size: 10, kind: 'file' },
        { name: '/abs.md', size: 10, kind: 'file' },
        { name: 'a//b.md', size: 10, kind: 'file' },
        { name: 'link.md', size: 10, kind: 'symlink' },
        { name: 'fifo.md', size: 0, kind: 'other' },
        { name: 'ok.md', size: 40, kind: 'file' },
      ],
      { 'ok.md': md({ headline: 'OK' }) },
    );
    const result = await collectInputs(source, new FakeImages(), { today: TODAY });
    expect(source.reads).toEqual(['ok.md']);
    expect(result.articles.map((a) => a.source)).toEqual(['ok.md']);
    const reasons = Object.fromEntries(result.rejected.map((r) => [r.file, r.reason]));
    expect(reasons['../outside.md']).toContain('outside the input folder');
    expect(reasons['/abs.md']).toContain('not a relative path');
    expect(reasons['a//b.md']).toContain('outside the input folder');
    expect(reasons['link.md']).toContain('symbolic link');
    expect(reasons['fifo.md']).toContain('not a regular file');
  });

  it('rejects an oversized article from its listed size, before reading it', async () => {
    const source = new ListedSource([{ name: 'big.md', size: 2 * 1024 * 1024, kind: 'file' }], { 'big.md': md({ headline: 'Big' }) });
    const result = await collectInputs(source, new FakeImages(), { today: TODAY });
    expect(source.reads).toEqual([]);
    expect(result.rejected).toEqual([{ file: 'big.md', reason: 'the file is 2 MiB; the limit for an article file is 1 MiB' }]);
  });

  it('ignores unknown files with a warning, and photos and edition.yaml silently', async () => {
    const source = new MemoryInputSource({
      'a.md': md({ headline: 'A' }),
      'notes.docx': 'x',
      'images/unused.jpg': '10x10',
      'edition.yaml': 'paper: Test',
    });
    const result = await collectInputs(source, new FakeImages(), { today: TODAY });
    expect(result.articles).toHaveLength(1);
    expect(result.rejected).toEqual([]);
    expect(result.warnings).toEqual([{ file: 'notes.docx', message: expect.stringContaining('ignored') }]);
  });

  it('loads, probes and bounds photos; a bad photo drops the image, never the article', async () => {
    const images = new FakeImages();
    const source = new ListedSource(
      [
        { name: 'good.md', size: 80, kind: 'file' },
        { name: 'shared.md', size: 80, kind: 'file' },
        { name: 'bomb.md', size: 80, kind: 'file' },
        { name: 'corrupt.md', size: 80, kind: 'file' },
        { name: 'huge.md', size: 80, kind: 'file' },
        { name: 'linked.md', size: 80, kind: 'file' },
        { name: 'img/good.jpg', size: 7, kind: 'file' },
        { name: 'img/bomb.png', size: 11, kind: 'file' },
        { name: 'img/corrupt.jpg', size: 3, kind: 'file' },
        { name: 'img/huge.jpg', size: 30 * 1024 * 1024, kind: 'file' },
        { name: 'img/link.jpg', size: 3, kind: 'symlink' },
        { name: 'wire.txt', size: 80, kind: 'file' },
        { name: 'wire.jpeg', size: 7, kind: 'file' },
      ],
      {
        'good.md': md({ headline: 'Good', image: 'img/good.jpg', caption: 'Cap' }),
        'shared.md': md({ headline: 'Shared', image: 'img/good.jpg' }),
        'bomb.md': md({ headline: 'Bomb', image: 'img/bomb.png', caption: 'Cap' }),
        'corrupt.md': md({ headline: 'Corrupt', image: 'img/corrupt.jpg' }),
        'huge.md': md({ headline: 'Huge', image: 'img/huge.jpg' }),
        'linked.md': md({ headline: 'Linked', image: 'img/link.jpg' }),
        'img/good.jpg': '640x400',
        'img/bomb.png': '20000x20000',
        'img/corrupt.jpg': '???',
        'img/huge.jpg': '100x100',
        'wire.txt': 'Wire headline\n\nStandfirst.\n\nA scene. — VNS Photo Someone\n\nBody. — VNS',
        'wire.jpeg': '300x200',
      },
    );
    const result = await collectInputs(source, images, { today: TODAY });
    expect(result.articles.map((a) => a.source)).toEqual(['bomb.md', 'corrupt.md', 'good.md', 'huge.md', 'linked.md', 'shared.md', 'wire.txt']);
    const image = Object.fromEntries(result.articles.map((a) => [a.source, a.image]));
    expect(image['good.md']).toEqual({ ref: 'img/good.jpg', caption: 'Cap' });
    expect(image['shared.md']).toEqual({ ref: 'img/good.jpg' });
    expect(image['wire.txt']).toEqual({ ref: 'wire.jpeg', caption: 'A scene.', credit: 'VNS Photo Someone' });
    for (const file of ['bomb.md', 'corrupt.md', 'huge.md', 'linked.md']) expect(image[file], file).toBeUndefined();
    expect([...result.photos.keys()].sort()).toEqual(['img/good.jpg', 'wire.jpeg']);
    expect(result.photos.get('img/good.jpg')?.info).toEqual({ format: 'jpeg', widthPx: 640, heightPx: 400 });
    // Read and probed once though two articles use it; the oversized one never read.
    expect(images.probed.filter((p) => p === '640x400')).toHaveLength(1);
    expect(source.reads).not.toContain('img/huge.jpg');
    const messages = (file: string): string => result.warnings.filter((w) => w.file === file).map((w) => w.message).join(' | ');
    expect(messages('bomb.md')).toContain('400 megapixels');
    expect(messages('bomb.md')).toContain('caption without photo');
    expect(messages('corrupt.md')).toContain('not a readable image');
    expect(messages('huge.md')).toContain('the photo is 30 MiB; the limit is 25 MiB');
    expect(messages('linked.md')).toContain("'img/link.jpg' was not found");
    expect(result.rejected.map((r) => r.file)).toEqual(['img/link.jpg']);
  });

  it('loads the photos of a story\'s text as its other photos; a bad one drops that figure with a reason, never the text', async () => {
    const images = new FakeImages();
    const source = new ListedSource(
      [
        { name: 'harbour.md', size: 200, kind: 'file' },
        { name: 'img/boats.jpg', size: 7, kind: 'file' },
        { name: 'img/corrupt.jpg', size: 3, kind: 'file' },
        { name: 'img/huge.jpg', size: 30 * 1024 * 1024, kind: 'file' },
        { name: 'img/map.svg', size: 90, kind: 'file' },
        { name: 'img/dawn.HEIC', size: 90, kind: 'file' },
      ],
      {
        'harbour.md': md({ headline: 'Harbour', image: 'img/boats.jpg' }, 'First.\n\n![Boats](img/boats.jpg)\n\nSecond.\n\n![Broken](img/corrupt.jpg)\n\n![Huge](img/huge.jpg)\n\n![Map](img/map.svg)\n\n![Dawn](img/dawn.HEIC)\n\nThird.'),
        'img/boats.jpg': '640x400',
        'img/corrupt.jpg': '???',
        'img/huge.jpg': '100x100',
        'img/map.svg': '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:9/x.png"/></svg>',
        'img/dawn.HEIC': 'ftypheic',
      },
    );
    const result = await collectInputs(source, images, { today: TODAY });
    const [story] = result.articles;
    // A file not named as a photo is never read, nor handed to an image decoder.
    expect(source.reads).not.toContain('img/map.svg');
    expect(story.body.map((b) => (b.kind === 'figure' ? `figure ${b.ref}` : blockText(b)))).toEqual(['First.', 'figure img/boats.jpg', 'Second.', 'Third.']);
    expect(story.image?.ref).toBe('img/boats.jpg');
    expect([...result.photos.keys()]).toEqual(['img/boats.jpg']);
    // The same photo as the story's own and in its text: read and probed once.
    expect(images.probed.filter((p) => p === '640x400')).toHaveLength(1);
    expect(source.reads).not.toContain('img/huge.jpg');
    expect(result.warnings.filter((w) => w.file === 'harbour.md').map((w) => w.message)).toEqual([
      expect.stringMatching(/not a readable image.*; the photo in the text was left out$/),
      expect.stringMatching(/the photo is 30 MiB; the limit is 25 MiB.*; the photo in the text was left out$/),
      "'img/map.svg' is not a photo file (a JPEG, PNG or WebP, by its name); the photo in the text was left out",
      "'img/dawn.HEIC' is not a photo file (a JPEG, PNG or WebP, by its name): an iPhone saves HEIC; export it as JPEG (or set the camera to \"Most Compatible\"); the photo in the text was left out",
    ]);
    expect(source.reads).not.toContain('img/dawn.HEIC');
  });

  it('prints the credit a photo carries in its metadata where the article gives none; the article\'s own credit wins', async () => {
    // An agency photo (IPTC Credit Line and By-line, XMP photoshop:Credit) printed with no credit.
    const source = new MemoryInputSource({
      'port.md': md({ headline: 'Port', image: 'img/cranes.jpg', caption: 'Cranes.' }, 'First.\n\n![Ships](img/ships.jpg)\n\n![Quay](img/ships.jpg "Desk Photo")\n\nSecond.'),
      'market.md': md({ headline: 'Market', image: 'img/cranes.jpg', credit: 'Staff photo' }),
      'img/cranes.jpg': await iptcCreditedJpeg('Reuters', 'Jane \u001b[31mDoe "Lens"'),
      'img/ships.jpg': await xmpCreditedJpeg({ credit: 'AFP' }),
    });
    const result = await collectInputs(source, new SharpImages(), { today: TODAY });
    const bySlug = new Map(result.articles.map((a) => [a.slug, a]));
    // Cleaned as every printed text: no control characters, typographic quotes.
    expect(bySlug.get('port')?.image).toEqual({ ref: 'img/cranes.jpg', caption: 'Cranes.', credit: 'Reuters/Jane [31mDoe “Lens”' });
    expect(bySlug.get('port')?.body.filter((b) => b.kind === 'figure')).toEqual([
      { kind: 'figure', ref: 'img/ships.jpg', caption: 'Ships', credit: 'AFP' },
      { kind: 'figure', ref: 'img/ships.jpg', caption: 'Quay', credit: 'Desk Photo' },
    ]);
    expect(bySlug.get('market')?.image?.credit).toBe('Staff photo');
  });

  it('remembers a probe by the photo\'s content for its image processor: a warm rebuild reads the photos again and decodes none it knows; a refused photo is judged again', async () => {
    const listing = (photo: string): [InputEntry[], Record<string, string>] => [
      [
        { name: 'a.md', size: 80, kind: 'file' },
        { name: 'b.md', size: 80, kind: 'file' },
        { name: 'a.jpg', size: 7, kind: 'file' },
        { name: 'b.jpg', size: 3, kind: 'file' },
      ],
      { 'a.md': md({ headline: 'A', image: 'a.jpg' }), 'b.md': md({ headline: 'B', image: 'b.jpg' }), 'a.jpg': photo, 'b.jpg': '???' },
    ];
    const images = new FakeImages();
    const first = await collectInputs(new ListedSource(...listing('640x400')), images, { today: TODAY });
    const again = await collectInputs(new ListedSource(...listing('640x400')), images, { today: TODAY });
    // Both builds read the photo (new bytes each time) and hold the same facts; one probe decoded it.
    expect(again.photos.get('a.jpg')?.info).toEqual(first.photos.get('a.jpg')?.info);
    expect(again.photos.get('a.jpg')?.contentHash).toBe(first.photos.get('a.jpg')?.contentHash);
    expect(again.photos.get('a.jpg')?.bytes).not.toBe(first.photos.get('a.jpg')?.bytes);
    expect(images.probed.filter((p) => p === '640x400')).toHaveLength(1);
    // The unreadable one is probed, and refused with its reason, every time.
    expect(images.probed.filter((p) => p === '???')).toHaveLength(2);
    expect(again.warnings.find((w) => w.file === 'b.md')?.message).toContain('not a readable image');
    // Other content under the same name is probed; another processor remembers nothing of these.
    await collectInputs(new ListedSource(...listing('320x200')), images, { today: TODAY });
    expect(images.probed.filter((p) => p === '320x200')).toHaveLength(1);
    const other = new FakeImages();
    await collectInputs(new ListedSource(...listing('640x400')), other, { today: TODAY });
    expect(other.probed).toContain('640x400');
  });

  it('probes photos a few at a time, while the articles are still parsed, with the same results', async () => {
    // Each probe takes a little while; the build must not wait for one before starting the next,
    // nor run more than PHOTO_PROBES_AT_ONCE at once.
    let inFlight = 0;
    let most = 0;
    const order: string[] = [];
    const slow: ImageProcessor = {
      async probe(bytes) {
        inFlight++;
        most = Math.max(most, inFlight);
        const text = new TextDecoder().decode(bytes);
        order.push(text);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight--;
        const [w, h] = text.split('x').map(Number);
        return { format: 'jpeg', widthPx: w, heightPx: h };
      },
      fit: () => Promise.reject(new Error('not used')),
    };
    const files: Record<string, string> = {};
    for (let i = 0; i < 10; i++) {
      files[`a${i}.md`] = md({ headline: `Story ${i}`, image: `p${i}.jpg` });
      files[`p${i}.jpg`] = `${100 + i}x${50 + i}`;
    }
    const result = await collectInputs(new MemoryInputSource(files), slow, { today: TODAY });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(PHOTO_PROBES_AT_ONCE);
    // Started in the articles' order, and each photo's facts are its own.
    expect(order).toEqual(Array.from({ length: 10 }, (_, i) => `${100 + i}x${50 + i}`));
    expect(result.articles.map((a) => [a.source, a.image?.ref])).toEqual(Array.from({ length: 10 }, (_, i) => [`a${i}.md`, `p${i}.jpg`]));
    for (let i = 0; i < 10; i++) expect(result.photos.get(`p${i}.jpg`)?.info).toEqual({ format: 'jpeg', widthPx: 100 + i, heightPx: 50 + i });
  });

  it('matches photo names whatever their Unicode normalization (NFD from a Mac)', async () => {
    const nfd = 'images/ảnh-hà-nội.jpg'.normalize('NFD');
    const source = new MemoryInputSource({
      'a.md': md({ headline: 'A', image: 'images/ảnh-hà-nội.jpg' }),
      [nfd]: '10x10',
      ['tin-tức.txt'.normalize('NFD')]: 'Wire\n\nBody.',
      ['tin-tức.png'.normalize('NFD')]: '20x20',
    });
    const result = await collectInputs(source, new FakeImages(), { today: TODAY });
    expect(result.warnings).toEqual([]);
    expect(result.articles.map((a) => a.image?.ref)).toEqual([nfd, 'tin-tức.png'.normalize('NFD')]);
    expect([...result.photos.keys()].sort()).toEqual([nfd, 'tin-tức.png'.normalize('NFD')].sort());
  });

  it('returns the same result for the same inputs listed in any order', async () => {
    const files: Record<string, string> = {
      'b.md': md({ headline: 'B', caption: 'x' }),
      'a.md': md({ headline: 'A', slug: 'b' }),
      'c.json': '{"headline": 1}',
      'x.bin': 'x',
    };
    const entries = Object.entries(files).map(([name, body]) => ({ name, size: body.length, kind: 'file' as const }));
    const one = await collectInputs(new ListedSource(entries, files), new FakeImages(), { today: TODAY });
    const two = await collectInputs(new ListedSource([...entries].reverse(), files), new FakeImages(), { today: TODAY });
    expect(two).toEqual(one);
    expect(one.rejected.map((r) => r.file)).toEqual(['b.md', 'c.json']);
  });
});

describe('a folder on disk', () => {
  it('refuses a file whose name is not UTF-8 on its own, with a reason, and builds the rest (its lstat stopped the build)', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'epaper-names-'));
    try {
      const latin1 = Buffer.concat([Buffer.from(path.join(dir, 'caf')), Buffer.from([0xe9]), Buffer.from('.md')]);
      writeFileSync(latin1, md({ headline: 'Latin-1' }));
      writeFileSync(path.join(dir, 'ok.md'), md({ headline: 'OK' }));
      const result = await collectInputs(new FsInputSource(dir), new FakeImages(), { today: TODAY });
      expect(result.articles.map((a) => a.source)).toEqual(['ok.md']);
      expect(result.rejected).toEqual([{ file: 'caf\uFFFD.md', reason: expect.stringMatching(/not valid UTF-8.*rename it/) }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('nameLeavesRoot', () => {
  it('accepts plain relative names and refuses the rest', () => {
    expect(nameLeavesRoot('a/b/c.md')).toBeUndefined();
    expect(nameLeavesRoot('tin-tức.md')).toBeUndefined();
    for (const bad of ['', '/a', '../a', 'a/../b', './a', 'a\\b', 'C:x', 'a\0b', 'a/']) expect(nameLeavesRoot(bad), bad).toBeDefined();
  });
});

describe('readEditionConfig', () => {
  it('returns an empty config without edition.yaml', async () => {
    expect(await readEditionConfig(new MemoryInputSource({ 'a.md': 'x' }))).toEqual({ config: {}, warnings: [] });
  });

  it('reads the settings file whatever the case of its name, and only one of several', async () => {
    const paper = (name: string) => `paper: ${name}\n`;
    expect((await readEditionConfig(new MemoryInputSource({ 'Edition.YAML': paper('Cased'), 'a.md': 'x' }))).config).toEqual({ paper: 'Cased' });
    const several = await readEditionConfig(new MemoryInputSource({ 'Edition.yaml': paper('Cased'), 'edition.yml': paper('Short'), 'edition.yaml': paper('Plain') }));
    expect(several.config).toEqual({ paper: 'Plain' });
    expect(several.warnings.map((w) => `${w.file}: ${w.message}`)).toEqual([
      "edition.yml: not read: edition.yaml holds the edition's settings (one settings file per edition)",
      "Edition.yaml: not read: edition.yaml holds the edition's settings (one settings file per edition)",
    ]);
    // Not an article either: the build names it nowhere else.
    const collected = await collectInputs(new MemoryInputSource({ 'Edition.yaml': paper('Cased'), 'a.md': md({ headline: 'A' }) }), new FakeImages(), { today: TODAY });
    expect(collected.warnings).toEqual([]);
    expect(collected.rejected).toEqual([]);
  });

  it('reads the known settings and keeps extra keys', async () => {
    const yaml = [
      'paper: Viet Nam News',
      'edition: Morning',
      'issue: 1234',
      'sections: [Front, National, World]',
      'pageSize: { widthMm: 315, heightMm: 470 }',
      'columns: 5',
      'price: "10,000 VND"',
    ].join('\n');
    const { config, warnings } = await readEditionConfig(new MemoryInputSource({ 'edition.yaml': yaml }));
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      paper: 'Viet Nam News',
      edition: 'Morning',
      issue: 1234,
      sections: ['Front', 'National', 'World'],
      pageSize: { widthMm: 315, heightMm: 470 },
      columns: 5,
      price: '10,000 VND',
    });
  });

  it('drops bad values with warnings and keeps the good ones', async () => {
    const yaml = 'paper: 42\ncolumns: 40\nsections: National\npageSize: berliner\nissue: -1';
    const { config, warnings } = await readEditionConfig(new MemoryInputSource({ 'edition.yaml': yaml }));
    expect(config).toEqual({ pageSize: 'berliner' });
    expect(warnings.map((w) => w.message)).toEqual([
      '`paper` should be text of 1 to 120 characters; it was ignored',
      '`columns` should be a whole number of columns from 2 to 8; it was ignored',
      '`sections` should be a list of 1 to 40 section names; it was ignored',
      '`issue` should be a positive whole number or text; it was ignored',
    ]);
    expect(warnings.every((w) => w.file === 'edition.yaml')).toBe(true);
  });

  it('survives broken YAML and an alias bomb with a warning', async () => {
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e']]) bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    for (const yaml of ['paper: [broken', bomb.join('\n'), '- a\n- list']) {
      const { config, warnings } = await readEditionConfig(new MemoryInputSource({ 'edition.yaml': yaml }));
      expect(config).toEqual({});
      expect(warnings).toHaveLength(1);
      expect(warnings[0].message).toContain('the edition defaults are used');
    }
  });
});

describe('the hostile corpus, collected from disk with real photos', () => {
  let dir: string;
  let cases: CorpusCase[];
  let result: CollectedInputs;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'epaper-corpus-'));
    cases = await writeHostileCorpus(dir, 'http://127.0.0.1:9/canary');
    result = await collectInputs(new FsInputSource(dir), new SharpImages(), { today: TODAY });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has at least 30 bad cases and 4 good articles', () => {
    const good = cases.filter((c) => c.tokens.some((t) => t.startsWith('GOODTOK')));
    expect(good.every((c) => c.expected === 'accepted')).toBe(true);
    expect(good.length).toBeGreaterThanOrEqual(4);
    expect(cases.length - good.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.file)).size).toBe(cases.length);
  });

  it('decides the corpus date from its articles', () => {
    expect(result.date).toBe(CORPUS_DATE);
  });

  it('gives every case its expected outcome and reason', () => {
    const outcomes = cases.map((c) => {
      const rejection = result.rejected.find((r) => r.file === c.file);
      const article = result.articles.find((a) => a.source === c.file);
      const messages = result.warnings.filter((w) => w.file === c.file).map((w) => w.message);
      const got = rejection ? 'rejected' : article ? (messages.length > 0 ? 'accepted-with-warning' : 'accepted') : messages.length > 0 ? 'ignored' : 'missing';
      const said = rejection ? rejection.reason : messages.join(' | ');
      return { file: c.file, got, reasonFound: c.reason === '' || said.includes(c.reason), said };
    });
    expect(outcomes).toEqual(cases.map((c) => ({ file: c.file, got: c.expected, reasonFound: true, said: expect.any(String) })));
  });

  it('lists nothing beyond the cases (photos of the corpus are not articles)', () => {
    const known = new Set(cases.map((c) => c.file));
    expect(result.rejected.filter((r) => !known.has(r.file))).toEqual([]);
    expect(result.warnings.filter((w) => !known.has(w.file))).toEqual([]);
    expect([...result.photos.keys()]).toEqual(['good-wire.jpg']);
  });

  it('keeps every planted token of accepted articles exactly once and no hostile payload', () => {
    const text = result.articles
      .map((a) => [a.headline, a.standfirst ?? '', a.image?.caption ?? '', ...a.body.map(blockText)].join('\n'))
      .join('\n');
    for (const c of cases.filter((k) => k.expected === 'accepted' || k.expected === 'accepted-with-warning')) {
      for (const token of [...c.tokens, ...c.optionalTokens]) expect(text.split(token).length - 1, `${c.file}: ${token}`).toBe(1);
      for (const bad of c.forbidden) expect(text.includes(bad), `${c.file}: ${bad}`).toBe(false);
    }
    for (const c of cases.filter((k) => k.expected === 'rejected')) {
      for (const bad of c.forbidden) expect(text.includes(bad), `${c.file}: ${bad}`).toBe(false);
    }
  });
});
