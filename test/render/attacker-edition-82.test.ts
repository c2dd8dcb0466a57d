/**
 * The 82nd round's hostile uploads built into one edition through the real CLI, as a newsroom runs
 * it: a Markdown story whose document type declaration spreads its subset over several lines, each
 * laid out another way, prints its words once and nothing of the declaration (`]>` printed as a
 * paragraph of its own); and an edition.yaml whose `lead:` and paper name carry a right-to-left
 * override leads with the story it names (the override made a slug no story has, so the most
 * important story led instead), its masthead printed without it, and the newsroom told.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lambdas/core/manifest';
import { countOf, readPdf } from '../support/edition';

const DATE = '2019-12-04';
const front = (headline: string, extra = '') => `---\nheadline: ${headline}\ndate: ${DATE}\n${extra}---\n`;
const words = (n: number) => 'More words of the story follow here. '.repeat(n);

let dir: string;
let out: string;
let manifest: Manifest;
let pages: string[];
let status: number | null;
const hashes = new Map<string, string>();
const hashOf = (name: string) => createHash('sha256').update(readFileSync(join(dir, name))).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-attacker-82-'));
  out = await mkdtemp(join(tmpdir(), 'epaper-attacker-82-out-'));
  const files: Record<string, string> = {
    'edition.yaml': 'paper: "The \\u202EHerald"\nlead: "quiet-story\\u202E"\n',
    'big-story.md': `${front('The most important story of the day', 'priority: 1\n')}BIGTOKEN082 opens the most important story. ${words(60)}\n`,
    'quiet-story.md': `${front('The story the desk chose to lead', 'priority: 5\n')}LEADTOKEN082 opens the story the desk chose. ${words(40)}\n`,
    'lines.md': `${front('A declaration over its lines')}<!DOCTYPE x [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n\nLINESTOKEN082 &xxe; prints once. ${words(20)}\n`,
    'inline.md': `${front('A declaration inside a paragraph')}INLINETOKEN082 before <!DOCTYPE x [\n<!ENTITY a "AAAA">\n]\n> after, once. ${words(20)}\n`,
  };
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  for (const name of Object.keys(files)) hashes.set(name, hashOf(name));
  const child = spawnSync(process.execPath, ['bin/epaper.js', 'build', dir, '--out', out], { encoding: 'utf8', timeout: 180_000 });
  status = child.status;
  manifest = JSON.parse(await readFile(join(out, DATE, 'manifest.json'), 'utf8'));
  pages = (await readPdf(new Uint8Array(await readFile(join(out, DATE, 'edition.pdf'))))).pages.map((p) => p.text);
}, 240_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

describe("the 82nd round's attacker edition", () => {
  it('prints each story once and nothing of a declaration spread over its lines', () => {
    expect(status).toBe(0);
    const text = pages.join('\n');
    for (const token of ['BIGTOKEN082', 'LEADTOKEN082', 'LINESTOKEN082', 'INLINETOKEN082']) expect(countOf(text, token), token).toBe(1);
    expect(text).not.toMatch(/\]>|ENTITY|DOCTYPE|passwd|AAAA/);
    // The words either side of the declaration inside a paragraph run on as one sentence.
    expect(text.replace(/\s+/g, ' ')).toContain('INLINETOKEN082 before after, once.');
  });

  it('leads with the story `lead:` names through its override, prints the masthead without one, and says what was left out', () => {
    expect(manifest.pages[0].articles[0]).toBe('quiet-story');
    expect(pages[0].indexOf('LEADTOKEN082')).toBeGreaterThanOrEqual(0);
    expect(pages.join('\n')).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(pages[0]).toContain('The Herald');
    const told = manifest.warnings.filter((w) => w.file === 'edition.yaml').map((w) => w.message);
    expect(told).toContain('`lead` held U+202E (a bidi control); it was left out, as from every text of the edition');
    expect(told).toContain('`paper` held U+202E (a bidi control); it was left out, as from every text of the edition');
    expect(manifest.warnings.map((w) => w.message).join('\n')).not.toMatch(/no story "quiet-story/);
  });

  it('leaves every original as it was', () => {
    for (const [name, hash] of hashes) expect(hashOf(name), name).toBe(hash);
  });
});
