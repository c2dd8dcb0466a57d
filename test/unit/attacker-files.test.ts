/**
 * An attacker's files beside a good story, read as `epaper build <folder>` and the render read them
 * (collectInputs over the folder, real photo probes): each refused or defanged with its reason,
 * none read past what the listing allows, the originals untouched, the good story kept. The cases
 * of the 80th round's review that no other test tried (docs/ARCHITECTURE.md, "Attacks tried"): a
 * 1 GiB sparse photo named by a story, a JPEG whose header claims 50,000×50,000 pixels, front matter
 * nested hundreds of levels by indentation, JSON nested 10,000 levels, a slug of NUL, separators
 * and `..`, Markdown links to `javascript:`, a 10 MiB one-line article, bytes that are no UTF-8 at
 * all, and zip files by name or by content.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, openSync, closeSync, ftruncateSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { blockText } from '../../lambdas/core/article';
import { collectInputs, type CollectedInputs } from '../../lambdas/core/inputs';
import type { InputSource } from '../../lambdas/core/ports';

const DATE = '2019-12-04';
const front = (headline: string, extra = '') => `---\nheadline: ${headline}\ndate: ${DATE}\n${extra}---\n`;
const ZIP = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(60)]);

/** A JPEG whose frame header says 50,000×50,000 pixels: 2.5 gigapixels to decode from 300 bytes. */
async function headerBombJpeg(): Promise<Buffer> {
  const small = Buffer.from(await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } }).jpeg().toBuffer());
  const frame = small.findIndex((byte, i) => byte === 0xff && (small[i + 1] === 0xc0 || small[i + 1] === 0xc2));
  small.writeUInt16BE(50_000, frame + 5);
  small.writeUInt16BE(50_000, frame + 7);
  return small;
}

/** Front matter nested by indentation as deep as 1 MiB allows (a line a level, one more space each). */
function indentedNesting(levels: number): string {
  return Array.from({ length: levels }, (_, i) => `${' '.repeat(i)}a:\n`).join('');
}

describe("an attacker's files in the input folder", () => {
  let dir: string;
  let collected: CollectedInputs;
  const reads: string[] = [];
  const hashes = new Map<string, string>();
  const hashOf = (name: string) => createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'epaper-attacker-'));
    mkdirSync(path.join(dir, 'images'));
    const files: Record<string, string | Buffer> = {
      'good.md': `${front('The good story prints')}GOODTOKEN001 is in the good story.\n`,
      'sparse-photo.md': `${front('Sparse photo', 'image: images/huge.jpg\n')}SPARSETOKEN prints without its photo.\n`,
      'images/bomb.jpg': await headerBombJpeg(),
      'jpeg-bomb.md': `${front('JPEG bomb', 'image: images/bomb.jpg\n')}JPEGBOMBTOKEN prints without its photo.\n`,
      'yaml-indented.md': `${front('Deep by indentation')}`.replace('---\n', `---\n${indentedNesting(1300)}`) + 'Body.\n',
      'json-deep.json': `{"headline":"Deep JSON","body_text":"Text","x":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
      'slug-nul.md': `${front('Slug of NUL and separators', 'slug: "a\\0b/../..\\\\etc"\n')}SLUGTOKEN prints under a safe slug.\n`,
      'js-link.md': `${front('Links to javascript')}JSLINKTOKEN [one](javascript:alert(document.cookie)) [two](JaVaScRiPt:alert(2)) [three](&#106;avascript:alert(3)) [four](data:text/html,<script>alert(4)</script>).\n`,
      'one-line.md': `${front('Ten MiB on one line')}${'x'.repeat(10 * 1024 * 1024)}\n`,
      // Invalid in any reading of UTF-8: a stray continuation byte, a lone lead byte, an encoded surrogate.
      'not-utf8.md': Buffer.concat([Buffer.from(front('Not UTF-8')), Buffer.from([0x80, 0xc3, 0x28, 0xed, 0xa0, 0x80]), Buffer.from(' body\n')]),
      'story.zip': ZIP,
      'story.md.zip': ZIP,
      'zip-inside.md': ZIP,
    };
    for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
    // 1 GiB that costs no disk: its listed size is real, and reading it would cost the memory.
    const huge = openSync(path.join(dir, 'images/huge.jpg'), 'w');
    ftruncateSync(huge, 1024 ** 3);
    closeSync(huge);
    for (const name of Object.keys(files)) hashes.set(name, hashOf(name));

    const folder = new FsInputSource(dir);
    const counted: InputSource = {
      list: () => folder.list(),
      read: (name) => {
        reads.push(name);
        return folder.read(name);
      },
    };
    collected = await collectInputs(counted, new SharpImages(), { today: DATE });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const rejection = (file: string) => collected.rejected.find((r) => r.file === file)?.reason;
  const warningsOf = (file: string) => collected.warnings.filter((w) => w.file === file).map((w) => w.message);
  const story = (file: string) => collected.articles.find((a) => a.source === file);
  const textOf = (file: string) => story(file)?.body.map((b) => (b.kind === 'figure' ? '' : blockText(b))).join('\n') ?? '';

  it('keeps the good story and every story whose photo was refused, the photo left out with the reason', () => {
    expect(textOf('good.md')).toContain('GOODTOKEN001');
    expect(story('sparse-photo.md')?.image).toBeUndefined();
    expect(warningsOf('sparse-photo.md')).toEqual([expect.stringContaining('the photo is 1024 MiB; the limit is 25 MiB')]);
    expect(story('jpeg-bomb.md')?.image).toBeUndefined();
    expect(warningsOf('jpeg-bomb.md')).toEqual([expect.stringContaining('50000×50000 pixels (2500 megapixels); the limit is 50 megapixels')]);
    expect(collected.photos.size).toBe(0);
  });

  it('reads neither the 1 GiB photo nor the 10 MiB article, nor any zip', () => {
    expect(reads).not.toContain('images/huge.jpg');
    expect(reads).not.toContain('one-line.md');
    expect(reads).not.toContain('story.zip');
    expect(reads).not.toContain('story.md.zip');
    expect(rejection('one-line.md')).toBe('the file is 10 MiB; the limit for an article file is 1 MiB');
    expect(warningsOf('story.zip')).toEqual([expect.stringMatching(/^ignored: not an article/)]);
    expect(warningsOf('story.md.zip')).toEqual([expect.stringMatching(/^ignored: not an article/)]);
    // A zip named as an article is read (within the limit) and refused as binary.
    expect(rejection('zip-inside.md')).toMatch(/NUL bytes: it looks binary/);
  });

  it('refuses front matter nested by indentation and JSON nested 10,000 levels, with the reason', () => {
    expect(rejection('yaml-indented.md')).toMatch(/not valid YAML \(line \d+: it is nested too deeply to read/);
    expect(rejection('json-deep.json')).toBe('the JSON is nested more than 64 levels deep; the limit is 64');
  });

  it('refuses bytes that are no UTF-8 with the reason', () => {
    expect(rejection('not-utf8.md')).toMatch(/^the file is not UTF-8 text/);
  });

  it('files a slug of NUL, separators and `..` under a slug of letters, digits and hyphens', () => {
    expect(story('slug-nul.md')?.slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(textOf('slug-nul.md')).toContain('SLUGTOKEN');
  });

  it('prints the text of a Markdown link to javascript: or data:, never its address', () => {
    const text = textOf('js-link.md');
    expect(text).toContain('JSLINKTOKEN');
    expect(text).toMatch(/one.*two.*three.*four/s);
    expect(text).not.toMatch(/alert|javascript|data:|<script/i);
  });

  it('leaves every original as it was', () => {
    for (const [name, hash] of hashes) expect(hashOf(name), name).toBe(hash);
    expect(statSync(path.join(dir, 'images/huge.jpg')).size).toBe(1024 ** 3);
  });
});
