/**
 * Issue 12, item 8: articles in Thai, Khmer, Lao, Burmese, Chinese, Japanese, Korean and Zalgo text,
 * and one with emoji (a skin tone, a family joined by ZWJ, variation selectors),
 * built through the real CLI and printed by Chromium. Every character reaches the PDF text (no
 * empty boxes, no lost clusters), no line is wider than its column as Chromium sets it (the
 * measure uses the very fallback fonts the page names), only the fallback fonts the text needs are
 * embedded, and a character no shipped font has is a warning naming the file and the character.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSealedBrowser, launchSealedBrowser, openEditionPage } from '../support/edition-page';
import { ChromiumRenderer, closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition } from '../../lambdas/core/build-edition';
import type { Manifest } from '../../lambdas/core/manifest';
import { parseArticle } from '../../lambdas/core/parse/index';
import { blockText } from '../../lambdas/core/article';
import { pdfPageTexts, renderPdfPage } from '../support/pdfium';
import { tally } from '../support/code-points';

const DATE = '2019-12-04';
const FIXTURES = 'test/fixtures/scripts';
let dir: string;
let out: string;
let manifest: Manifest;
let html: string;
let pdfText: string;
let status: number | null;
let stderr: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-scripts-'));
  out = await mkdtemp(join(tmpdir(), 'epaper-scripts-out-'));
  await cp(FIXTURES, dir, { recursive: true });
  // Ethiopic: no font the paper ships covers it.
  await writeFile(join(dir, 'ethiopic.md'), '---\nheadline: A word in Ge‘ez\nsection: Life\n---\nThe greeting ሰላም was painted on the gate.\n');
  const child = spawnSync(process.execPath, ['bin/epaper.js', 'build', dir, '--out', out, '--date', DATE], { encoding: 'utf8', timeout: 180_000 });
  status = child.status;
  stderr = child.stderr;
  manifest = JSON.parse(await readFile(join(out, DATE, 'manifest.json'), 'utf8'));
  html = await readFile(join(out, DATE, 'edition.html'), 'utf8');
  // Read with the /ActualText Chromium writes for reordered and merged clusters (Burmese, Thai, an emoji's skin tone).
  pdfText = (await pdfPageTexts(await readFile(join(out, DATE, 'edition.pdf')))).join('\n');
}, 240_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  if (out) await rm(out, { recursive: true, force: true });
});

describe('an edition in the region’s scripts', () => {
  it('builds through the CLI and prints every article', () => {
    expect(status, stderr).toBe(0);
    expect(manifest.rejected).toEqual([]);
    expect(manifest.articles.length).toBe(10);
    for (const article of manifest.articles) expect(article.pages.length, article.source).toBeGreaterThan(0);
  });

  it('puts every character of every article into the PDF text', async () => {
    const printed = tally(pdfText);
    for (const name of (await readdir(FIXTURES)).sort()) {
      const outcome = parseArticle(name, new Uint8Array(await readFile(join(FIXTURES, name))));
      if (!outcome.ok) throw new Error(outcome.rejection.reason);
      const text = [outcome.article.headline, ...outcome.article.body.map(blockText)].join('\n');
      const missing: string[] = [];
      for (const [ch, count] of tally(text)) {
        if ((printed.get(ch) ?? 0) < count) missing.push(`${ch} U+${ch.codePointAt(0)!.toString(16)} ${printed.get(ch) ?? 0}/${count}`);
      }
      expect(missing, name).toEqual([]);
    }
  });

  it('names each fallback font it uses in @font-face, and no other', () => {
    for (const family of ['EpNoto', 'EpThai', 'EpLao', 'EpKhmer', 'EpMyanmar', 'EpCjkSc', 'EpCjkKr', 'EpEmoji']) {
      expect(html, family).toMatch(new RegExp(`@font-face\\{font-family:${family};src:url\\("assets/fonts/[a-z-]+\\.ttf"\\)`));
    }
    expect(html).toContain('font-family:EpSerif,EpNoto,EpHebrew,EpThai,EpLao,EpKhmer,EpMyanmar,EpCjkSc,EpCjkKr,EpEmoji');
  });

  it('embeds the CJK fallbacks subset to the edition’s characters, not whole (10.5 MB and 6.2 MB)', async () => {
    const fonts = join(out, DATE, 'assets', 'fonts');
    const sizes = Object.fromEntries(await Promise.all((await readdir(fonts)).map(async (name) => [name, (await stat(join(fonts, name))).size] as const)));
    expect(sizes['cjk-sc-regular.ttf']).toBeGreaterThan(1000);
    expect(sizes['cjk-sc-regular.ttf']).toBeLessThan(500_000);
    expect(sizes['cjk-kr-regular.ttf']).toBeLessThan(500_000);
    // The primary faces stay whole: a Latin edition's bytes do not change.
    expect(sizes['serif-regular.ttf']).toBeGreaterThan(300_000);
  });

  it('paints with the subset fonts exactly what the whole fonts paint (pixel for pixel)', async () => {
    const resources = await loadEditionResources();
    const build = async (withSubsets: boolean) => {
      const outcome = await buildEdition({
        source: new FsInputSource(FIXTURES),
        renderer: new ChromiumRenderer(),
        images: new SharpImages(),
        resources: withSubsets ? resources : { ...resources, subsetFont: undefined },
        logger: { info: () => {}, warn: () => {} },
        now: () => new Date(`${DATE}T00:00:00Z`),
      })({ date: DATE });
      if (!outcome.ok) throw new Error(outcome.reason);
      return renderPdfPage(outcome.edition.pdf, 0, 72);
    };
    const [subset, whole] = [await build(true), await build(false)];
    // A page with type on it: thousands of pixels not white (BGRA, four bytes each).
    let inked = 0;
    for (let at = 0; at < subset.pixels.length; at += 4) if (subset.pixels[at] < 128) inked++;
    expect(inked).toBeGreaterThan(5_000);
    expect(subset.width).toBe(whole.width);
    expect(subset.pixels.equals(whole.pixels)).toBe(true);
    await closeBrowser();
  }, 120_000);

  it('starts no printed line with a combining mark or a Thai tone mark', () => {
    const lines = [...html.matchAll(/<div class="(?:ln|fl|pql)[^"]*"[^>]*>(.*?)<\/div>/g)]
      .flatMap((m) => m[1].split('<br>'))
      .map((line) => line.replace(/<[^>]+>/g, '').replace(/&[a-z#0-9]+;/g, 'x'));
    expect(lines.length).toBeGreaterThan(60);
    expect(lines.filter((line) => /^\p{M}/u.test(line))).toEqual([]);
  });

  it('warns about a character no shipped font has, naming the file and the character', () => {
    const warning = manifest.warnings.find((w) => w.file === 'ethiopic.md');
    expect(warning?.message).toMatch(/U\+1230 'ሰ'/);
    expect(warning?.message).toContain('empty box');
    expect(manifest.warnings.filter((w) => /empty box/.test(w.message)).map((w) => w.file)).toEqual(['ethiopic.md']);
  });

  it('gives no line more width than its column as Chromium sets it', async () => {
    const browser = await launchSealedBrowser();
    try {
      const page = await openEditionPage(browser, html, async (path) => ({ contentType: 'font/ttf', body: await readFile(join(out, DATE, path)) }));
      const report = await page.evaluate(() => {
        const overflows: string[] = [];
        let lines = 0;
        for (const el of Array.from(document.querySelectorAll('.ln, .fl, .pql'))) {
          lines += el.querySelectorAll('br').length + 1;
          const range = document.createRange();
          range.selectNodeContents(el);
          const ink = range.getBoundingClientRect();
          const own = el.getBoundingClientRect();
          if (ink.width > own.width + 0.5) overflows.push(`${(ink.width - own.width).toFixed(2)}px: ${el.textContent}`);
        }
        const fonts: string[] = [];
        // Iterated, not forEach: the page runs without JavaScript, so a callback cannot run in it.
        for (const face of document.fonts as unknown as Iterable<FontFace>) if (face.status === 'loaded') fonts.push(face.family);
        return { overflows, lines, fonts };
      });
      expect(report.lines).toBeGreaterThan(60);
      expect(report.overflows).toEqual([]);
      expect(new Set(report.fonts)).toEqual(new Set(['EpSerif', 'EpDisplay', 'EpSans', 'EpNoto', 'EpThai', 'EpLao', 'EpKhmer', 'EpMyanmar', 'EpCjkSc', 'EpCjkKr', 'EpEmoji']));
    } finally {
      await closeSealedBrowser(browser);
    }
  }, 120_000);
});
