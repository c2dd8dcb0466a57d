/**
 * The manifest says each story's language, and the edition's (contract additions): the reader's
 * lists set a Hebrew headline's lang and direction from it (a screen reader read it out as
 * English), and turn a right-to-left edition's pages towards the left. No Chromium: a renderer
 * that prints blank pages.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../lambdas/core/manifest';
import { blankPrinter } from '../support/blank-printer';
import { buildFolder } from '../support/edition';

let dir: string;

async function manifestOf(from: string): Promise<Manifest> {
  return (await buildFolder(from, { date: '2019-12-04' }, blankPrinter)).manifest;
}

beforeAll(async () => {
  // A Hebrew paper's stories (two of hebrew-parts untagged: their letters make them Hebrew) and one English story.
  dir = await mkdtemp(join(tmpdir(), 'epaper-manifest-language-'));
  await cp('test/fixtures/hebrew', dir, { recursive: true });
  await cp('test/fixtures/hebrew-parts', dir, { recursive: true });
  await cp('samples/youth-chess-championship.md', join(dir, 'youth-chess-championship.md'));
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the manifest's languages", () => {
  it("names each story's language, tagged or read from its letters, and a Hebrew edition's", async () => {
    const manifest = await manifestOf(dir);
    const languages = Object.fromEntries(manifest.articles.map((a) => [a.slug, [a.language, a.direction]]));
    expect(languages).toEqual({
      'haifa-library': ['he', 'rtl'], 'tel-aviv-bridge': ['he', 'rtl'],
      // English, quoting a Hebrew word.
      'jaffa-bakery': ['en', undefined],
      'acre-fishing-port': ['he', 'rtl'], 'beach-robot': ['he', 'rtl'], 'haifa-football': ['he', 'rtl'], 'jerusalem-startup': ['he', 'rtl'],
      'youth-chess-championship': ['en', undefined],
    });
    expect([manifest.language, manifest.direction]).toEqual(['he', 'rtl']);
  }, 120_000);

  it('says an English edition is English, and sets no direction on it or its stories', async () => {
    const manifest = await manifestOf('samples');
    expect(manifest.language).toBe('en');
    expect(manifest.articles.every((a) => a.language === 'en' && a.direction === undefined)).toBe(true);
    expect('direction' in manifest).toBe(false);
  }, 120_000);
});
