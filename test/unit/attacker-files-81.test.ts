/**
 * The 81st round's hostile and careless uploads (docs/ARCHITECTURE.md, "Attacks tried"), read as
 * `epaper build <folder>` and the render read them (collectInputs over a folder, real photo probes),
 * and the newsroom's per-file reports of them (ingest's and the render's): a slug changed to be
 * safe says so, naming the old and the new; two slugs folded to one do not replace each other
 * silently; a file passed over for its kind is reported `ignored`, not `accepted`; a document type
 * declaration's subset prints nothing; the same story in two formats prints once, the other refused
 * with the reason; and the originals are left as they were.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { MemoryObjectStore, MemoryRenderSignal } from '../../lambdas/adapters/memory-store';
import { silentLogger } from '../../lambdas/adapters/logger';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { blockText } from '../../lambdas/core/article';
import { ingestObject } from '../../lambdas/core/ingest';
import { collectInputs, IGNORED_WARNING, readEditionConfig, type CollectedInputs } from '../../lambdas/core/inputs';
import type { Manifest } from '../../lambdas/core/manifest';
import { parseArticle } from '../../lambdas/core/parse/index';
import { ingestReport, uploadReports, type UploadReport } from '../../lambdas/core/reports';
import { subscriberView } from '../../lambdas/core/subscriber-api';

const DATE = '2019-12-04';
const front = (headline: string, extra = '') => `---\nheadline: ${headline}\ndate: ${DATE}\n${extra}---\n`;

describe("the 81st round's attacker files in the input folder", () => {
  let dir: string;
  let collected: CollectedInputs;
  const hashes = new Map<string, string>();
  const hashOf = (name: string) => createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'epaper-attacker-81-'));
    const files: Record<string, string> = {
      'good.md': `${front('The good story prints')}GOODTOKEN081 is in the good story.\n`,
      'slug-nul.md': `${front('Slug of NUL and separators', 'slug: "a\\0b/../..\\\\etc"\n')}SLUGTOKEN prints under a safe slug.\n`,
      'slug-rtl.md': `${front('Slug with a right-to-left override', 'slug: "news\\u202Eexe.md"\n')}RTLSLUGTOKEN prints.\n`,
      'slug-plain.md': `${front('A slug folded as usual', 'slug: "Łódź Straße"\n')}PLAINSLUGTOKEN prints.\n`,
      // Two slugs that differ as written and fold to one: the second by name is refused, saying so.
      'folds-a.md': `${front('First of two folded slugs', 'slug: "x/y"\n')}FOLDATOKEN prints.\n`,
      'folds-b.md': `${front('Second of two folded slugs', 'slug: "x-y"\n')}FOLDBTOKEN is refused.\n`,
      'folds-c.md': `${front('Third of two folded slugs', 'slug: "x\\\\y"\n')}FOLDCTOKEN is refused.\n`,
      'story.zip': 'PK\u0003\u0004 not a story',
      'evil.svg': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
      'story.xml': '<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><nitf><body>&xxe;</body></nitf>',
      'photo.heic': 'not read',
      'doctype.json': JSON.stringify({
        headline: 'A body with a document type declaration',
        body_html: '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><p>DOCTYPETOKEN &xxe; end</p>',
      }),
      'doctype-lines.json': JSON.stringify({
        headline: 'A declaration over several lines',
        body_html: '<?xml version="1.0"?>\n<!DOCTYPE x [\n<!ENTITY a "AAAA">\n<!ENTITY b "&a;&a;">\n]>\n<p>LINESTOKEN &b; end</p>',
      }),
      // The same story as the desk's Markdown and the CMS's ninjs export.
      'twice.md': `${front('The same story twice')}TWICETOKEN is the body of a story uploaded twice, “quoted”.\n`,
      'twice-cms.json': JSON.stringify({ headline: 'The Same Story Twice', body_text: 'TWICETOKEN is the body of a story uploaded twice, "quoted".', versioncreated: `${DATE}T08:00:00Z` }),
      'twice-edited.md': `${front('The same story twice')}TWICETOKEN is the body of a story uploaded twice, edited.\n`,
    };
    for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
    for (const name of Object.keys(files)) hashes.set(name, hashOf(name));
    collected = await collectInputs(new FsInputSource(dir), new SharpImages(), { today: DATE });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const rejection = (file: string) => collected.rejected.find((r) => r.file === file)?.reason;
  const warningsOf = (file: string) => collected.warnings.filter((w) => w.file === file).map((w) => w.message);
  const story = (file: string) => collected.articles.find((a) => a.source === file);
  const textOf = (file: string) => story(file)?.body.map((b) => (b.kind === 'figure' ? '' : blockText(b))).join('\n') ?? '';

  it('says when a slug was changed to be safe, naming the slug as written and the one filed', () => {
    expect(story('slug-nul.md')?.slug).toBe('ab-etc');
    expect(warningsOf('slug-nul.md')).toEqual([
      "`slug` 'a{U+0000}b/../..\\etc' held U+0000 (a control or invisible character), a path separator and a '.' or '..' segment, which no address may carry; the story is filed under the slug 'ab-etc'",
    ]);
    expect(story('slug-rtl.md')?.slug).toBe('newsexe-md');
    expect(warningsOf('slug-rtl.md')).toEqual([expect.stringContaining("`slug` 'news{U+202E}exe.md' held U+202E")]);
    // Case, accents and spaces fold without a word, as they always did.
    expect(story('slug-plain.md')?.slug).toBe('lodz-strasse');
    expect(warningsOf('slug-plain.md')).toEqual([]);
  });

  it('refuses a second slug that folds to one already used, saying what it was folded from', () => {
    expect(story('folds-a.md')?.slug).toBe('x-y');
    expect(textOf('folds-a.md')).toContain('FOLDATOKEN');
    expect(rejection('folds-b.md')).toBe("duplicate slug 'x-y' (also used by folds-a.md, which was kept); give this article its own `slug`");
    expect(rejection('folds-c.md')).toMatch(/^duplicate slug 'x-y' \(also used by folds-a\.md, which was kept\); give this article its own `slug` \(`slug` 'x\\y' held a path separator, .* filed under the slug 'x-y'\)$/);
    expect(collected.articles.filter((a) => a.slug === 'x-y')).toHaveLength(1);
  });

  it('lists the files passed over for their kind under `ignored`, with the reason, their warning as before', () => {
    expect(collected.ignored).toEqual([
      { file: 'evil.svg', reason: 'not an article (.md, .markdown, .json, .txt) or a photo (.jpg, .jpeg, .png, .webp); it was not read' },
      { file: 'photo.heic', reason: expect.stringMatching(/it was not read: an iPhone saves HEIC; export it as JPEG/) },
      { file: 'story.xml', reason: expect.stringMatching(/it was not read$/) },
      { file: 'story.zip', reason: expect.stringMatching(/it was not read$/) },
    ]);
    for (const { file } of collected.ignored) expect(warningsOf(file)).toEqual([IGNORED_WARNING]);
    expect(collected.rejected.map((r) => r.file)).not.toContain('story.zip');
  });

  it("prints nothing of a document type declaration's subset, and expands none of its entities", () => {
    expect(textOf('doctype.json')).toBe('DOCTYPETOKEN &xxe; end');
    expect(textOf('doctype-lines.json')).toBe('LINESTOKEN &b; end');
    expect(textOf('doctype.json')).not.toMatch(/\]>|ENTITY|passwd|root:/);
  });

  it('prints a story uploaded twice, in two formats, once: the other refused with the reason', () => {
    expect(textOf('twice-cms.json')).toContain('TWICETOKEN');
    expect(rejection('twice.md')).toBe('the same headline and text as twice-cms.json, which was kept: one story uploaded twice (as ninjs and as Markdown); delete one of the two');
    // Its text differs: another story, which prints.
    expect(textOf('twice-edited.md')).toContain('edited');
  });

  it('keeps the good story and leaves every original as it was', () => {
    expect(textOf('good.md')).toContain('GOODTOKEN081');
    for (const [name, hash] of hashes) expect(hashOf(name), name).toBe(hash);
  });

  it("reports an ignored file `ignored` with the reason when a render reconciles the date's reports", () => {
    const manifest = { rejected: collected.rejected, warnings: collected.warnings, articles: [], ignored: collected.ignored };
    const reports = uploadReports(
      ['good.md', 'story.zip', 'evil.svg', 'twice.md'].map((name) => ({ name })),
      manifest,
      new Date('2019-12-04T05:00:00Z'),
    );
    const of = (file: string) => reports.find((r) => r.file === file)!;
    expect(of('story.zip')).toMatchObject({ status: 'ignored', reason: expect.stringMatching(/^not an article .*it was not read$/), warnings: [IGNORED_WARNING], pages: [] });
    expect(of('evil.svg').status).toBe('ignored');
    expect(of('good.md').status).toBe('accepted');
    expect(of('twice.md')).toMatchObject({ status: 'rejected', reason: expect.stringContaining('one story uploaded twice') });
    // A render that printed nothing keeps no list of them (its rejection record): the name decides.
    const refused = uploadReports([{ name: 'story.zip' }], { rejected: [], warnings: [], articles: [] }, new Date('2019-12-04T05:00:00Z'));
    expect(refused[0]).toMatchObject({ status: 'ignored' });
  });

  it('keeps the newsroom\'s list of ignored files from subscribers', () => {
    const record = { date: DATE, pdf: 'edition.pdf', pageCount: 1, fingerprint: 'f', pages: [], articles: [], rejected: [], warnings: [], ignored: collected.ignored } as unknown as Manifest;
    expect(subscriberView(record)).not.toHaveProperty('ignored');
  });
});

describe("ingest's report of an upload of a kind no build reads", () => {
  it('says `ignored` with the reason, reads none of it, and the report of an article says what it said', async () => {
    const content = new MemoryObjectStore();
    const renderSignal = new MemoryRenderSignal();
    const ingest = ingestObject({ content, renderSignal, logger: silentLogger, now: () => new Date('2019-12-04T05:00:00Z'), parse: (file, bytes) => parseArticle(file, bytes) });
    const read: string[] = [];
    const plainGet = content.get.bind(content);
    content.get = async (key, judged) => {
      if (key.startsWith('articles/')) read.push(key);
      return plainGet(key, judged);
    };
    await content.put(`articles/${DATE}/story.zip`, 'PK\u0003\u0004', 'application/zip');
    await content.put(`articles/${DATE}/slug.md`, `${front('Slug', 'slug: "a/../b"\n')}Body.\n`, 'text/markdown');
    await ingest({ key: `articles/${DATE}/story.zip`, sequencer: '01' });
    await ingest({ key: `articles/${DATE}/slug.md`, sequencer: '02' });
    const report = (file: string) => JSON.parse(content.text(`reports/${DATE}/${file}.json`)!) as UploadReport;
    expect(report('story.zip')).toMatchObject({ file: 'story.zip', status: 'ignored', reason: expect.stringMatching(/^not an article .*it was not read$/), warnings: [IGNORED_WARNING] });
    expect(read).toEqual([`articles/${DATE}/slug.md`]);
    expect(report('slug.md')).toMatchObject({ status: 'accepted', warnings: ["`slug` 'a/../b' held a path separator and a '.' or '..' segment, which no address may carry; the story is filed under the slug 'a-b'"] });
    expect(renderSignal.sent).toEqual([DATE, DATE]);
  });

  it('keeps the three statuses it had for every other verdict', () => {
    const now = new Date('2019-12-04T05:00:00Z');
    expect(ingestReport('a.md', {}, now).status).toBe('accepted');
    expect(ingestReport('a.md', { rejection: { file: 'a.md', reason: 'no' } }, now)).toMatchObject({ status: 'rejected', reason: 'no' });
  });
});

describe("the 81st round's attacker settings and photos", () => {
  const settingsSource = (text: string) => {
    const bytes = new TextEncoder().encode(text);
    return { list: async () => [{ name: 'edition.yaml', kind: 'file' as const, size: bytes.byteLength }], read: async () => bytes };
  };

  it('names an oversized edition.yaml as the settings file, not an article, and reads none of it', async () => {
    let read = false;
    const source = { list: async () => [{ name: 'edition.yaml', kind: 'file' as const, size: 1.4 * 1024 * 1024 }], read: async () => ((read = true), new Uint8Array()) };
    const { config, warnings } = await readEditionConfig(source);
    expect(config).toEqual({});
    expect(warnings).toEqual([{ file: 'edition.yaml', message: 'the file is 1.4 MiB; the limit for the settings file is 1 MiB; the edition defaults are used' }]);
    expect(read).toBe(false);
  });

  it('refuses a front of 20,000 slugs and a `__proto__` setting with the reason, the prototype untouched', async () => {
    const front = await readEditionConfig(settingsSource(`front:\n${Array.from({ length: 20_000 }, (_, i) => `  - s${i}`).join('\n')}\n`));
    expect(front.config).toEqual({});
    expect(front.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^`front` should be a list of 1 to 12 story slugs/)]);
    const proto = await readEditionConfig(settingsSource('__proto__: {paper: POLLUTED}\n'));
    expect(proto.config).toEqual({});
    expect(proto.warnings.map((w) => w.message)).toEqual(['unknown setting `__proto__` was ignored']);
    expect(({} as Record<string, unknown>).paper).toBeUndefined();
  });

  it('refuses a WebP whose header lies about its size before decoding it, and decodes a PNG only as large as its header says', async () => {
    const images = new SharpImages();
    const webp = Buffer.from(await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } }).webp().toBuffer());
    // The VP8 key frame's width and height (after "RIFF….WEBPVP8 ", the chunk's size, the frame tag and start code).
    webp.writeUInt16LE(16_383, 26);
    webp.writeUInt16LE(16_383, 28);
    await expect(images.probe(webp)).rejects.toThrow('the photo is 16383×16383 pixels (268 megapixels); the limit is 50 megapixels');
    // A 16×16 PNG whose image data inflates to 32 MiB: read as the 16×16 its header gives.
    const chunk = (type: string, data: Buffer) => {
      const typed = Buffer.concat([Buffer.from(type), data]);
      const framed = Buffer.alloc(12 + data.length);
      framed.writeUInt32BE(data.length, 0);
      typed.copy(framed, 4);
      framed.writeUInt32BE(crc32(typed) >>> 0, 8 + data.length);
      return framed;
    };
    const header = Buffer.alloc(13);
    header.writeUInt32BE(16, 0);
    header.writeUInt32BE(16, 4);
    header[8] = 8;
    header[9] = 2;
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.alloc(32 * 1024 * 1024))), chunk('IEND', Buffer.alloc(0))]);
    expect(png.byteLength).toBeLessThan(100 * 1024);
    expect(await images.probe(png)).toMatchObject({ widthPx: 16, heightPx: 16 });
  });
});

