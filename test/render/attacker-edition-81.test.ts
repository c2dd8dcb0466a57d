/**
 * The 81st round's hostile and careless uploads built into one edition through the real CLI, as a
 * newsroom runs it (its own process, so that its peak memory is its own): the build succeeds with
 * the good stories printed once each; a PNG of 49 megapixels in 150 KB (a decompression bomb under
 * the pixel limit) prints within bounded memory; the files passed over for their kind are in the
 * manifest's `ignored` with the reason and printed as `ignored` by the command, once; the same
 * story in two formats prints once; a document type declaration prints nothing of itself; a slug
 * changed to be safe and a file name with a right-to-left override are told with what was changed.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lambdas/core/manifest';
import { countOf, readPdf } from '../support/edition';

const DATE = '2019-12-04';
const front = (headline: string, extra = '') => `---\nheadline: ${headline}\ndate: ${DATE}\n${extra}---\n`;
const RTL_NAME = 'e\u202egnp.md';

let dir: string;
let out: string;
let manifest: Manifest;
let text: string;
let build: { status: number | null; stderr: string; peakMb: number };
const hashes = new Map<string, string>();
const hashOf = (name: string) => createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-attacker-81-'));
  out = await mkdtemp(join(tmpdir(), 'epaper-attacker-81-out-'));
  mkdirSync(join(dir, 'images'));
  // 7,000 × 7,000 pixels of one grey: 147 MB decoded, 150 KB as written, within the 50-megapixel limit.
  const bomb = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#808080' } }).png({ compressionLevel: 9 }).toBuffer();
  const files: Record<string, string | Buffer> = {
    'images/bomb.png': bomb,
    'good.md': `${front('The good story prints')}GOODTOKEN081 is in the good story. ${'More words of the good story. '.repeat(40)}\n`,
    'bomb.md': `${front('A photo that inflates', 'image: images/bomb.png\n')}BOMBTOKEN prints with its photo. ${'Words. '.repeat(60)}\n`,
    'story.zip': 'PK\u0003\u0004 not a story',
    'evil.svg': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    [RTL_NAME]: `${front('A name with an override')}RTLNAMETOKEN prints.\n`,
    'doctype.json': JSON.stringify({ headline: 'A declaration', body_html: '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><p>DOCTYPETOKEN end</p>', versioncreated: `${DATE}T08:00:00Z` }),
    'twice.md': `${front('The same story twice')}TWICETOKEN is the body of a story uploaded twice.\n`,
    'twice-cms.json': JSON.stringify({ headline: 'The same story twice', body_text: 'TWICETOKEN is the body of a story uploaded twice.', versioncreated: `${DATE}T08:00:00Z` }),
    'slug.md': `${front('A slug', 'slug: "a\\0b/../..\\\\etc"\n')}SLUGTOKEN prints.\n`,
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  for (const name of Object.keys(files)) hashes.set(name, hashOf(name));
  const child = spawnSync(process.execPath, ['bin/epaper.js', 'build', dir, '--out', out], { encoding: 'utf8', timeout: 180_000 });
  const peak = /peak memory (\d+) MB/.exec(child.stderr);
  build = { status: child.status, stderr: child.stderr, peakMb: peak ? Number(peak[1]) : Infinity };
  manifest = JSON.parse(await readFile(join(out, DATE, 'manifest.json'), 'utf8'));
  const pdf = await readPdf(new Uint8Array(await readFile(join(out, DATE, 'edition.pdf'))));
  text = pdf.pages.map((p) => p.text).join('\n');
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

describe("building the 81st round's attacker files", () => {
  it('builds, printing each good story once, the 49-megapixel PNG with its story, within bounded memory', () => {
    expect(build.status, build.stderr).toBe(0);
    for (const token of ['GOODTOKEN081', 'BOMBTOKEN', 'RTLNAMETOKEN', 'DOCTYPETOKEN', 'SLUGTOKEN', 'TWICETOKEN']) expect(countOf(text, token), token).toBe(1);
    expect(manifest.articles.find((a) => a.source === 'bomb.md')?.photo).toBe('images/bomb.png');
    // Decoded whole, the photo alone is 147 MB; the build fits it without holding several copies.
    expect(build.peakMb).toBeLessThan(450);
  });

  it("lists the files passed over for their kind in the manifest's `ignored`, their warnings kept for older readers", () => {
    expect(manifest.ignored).toEqual([
      { file: 'evil.svg', reason: 'not an article (.md, .markdown, .json, .txt) or a photo (.jpg, .jpeg, .png, .webp); it was not read' },
      { file: 'story.zip', reason: 'not an article (.md, .markdown, .json, .txt) or a photo (.jpg, .jpeg, .png, .webp); it was not read' },
    ]);
    expect(manifest.warnings.filter((w) => w.file === 'story.zip').map((w) => w.message)).toEqual(['ignored: not an article (.md, .markdown, .json, .txt) or a photo (.jpg, .jpeg, .png, .webp)']);
    expect(manifest.rejected.map((r) => r.file)).toEqual(['twice.md']);
  });

  it('prints each ignored file as `ignored` with its reason, once, and the rest of its report as before', () => {
    const lines = build.stderr.split('\n');
    expect(lines.filter((line) => line.includes('story.zip'))).toEqual([
      'epaper: warning: ignored story.zip: not an article (.md, .markdown, .json, .txt) or a photo (.jpg, .jpeg, .png, .webp); it was not read',
    ]);
    expect(lines).toContain('epaper: warning: rejected twice.md: the same headline and text as twice-cms.json, which was kept: one story uploaded twice (as ninjs and as Markdown); delete one of the two');
    expect(lines).toContain(
      "epaper: warning: slug.md: `slug` 'a{U+0000}b/../..\\etc' held U+0000 (a control or invisible character), a path separator and a '.' or '..' segment, which no address may carry; the story is filed under the slug 'ab-etc'",
    );
  });

  it("prints nothing of the declaration, and files the override's story under a clean slug", () => {
    expect(text).not.toMatch(/\]>|ENTITY|passwd/);
    expect(manifest.articles.find((a) => a.source === RTL_NAME)?.slug).toBe('e-gnp');
    expect(manifest.articles.find((a) => a.source === 'slug.md')?.slug).toBe('ab-etc');
  });

  it('leaves every original as it was', () => {
    for (const [name, hash] of hashes) expect(hashOf(name), name).toBe(hash);
  });
});
