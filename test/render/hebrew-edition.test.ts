/**
 * Stories in Hebrew (test/fixtures/hebrew: two in Hebrew, a Latin name and a number in each, a
 * word with its points, niqqud, in one; and an English story with a Hebrew word) printed among the
 * sample's stories through the real CLI. Until Hebrew had a face they printed as empty boxes, with a
 * warning, and left to right. Now every word reaches the PDF; the Hebrew stories are set right to
 * left in Chromium, each line flush with its column's right edge and a justified one with both,
 * no line wider than its column; the sample's stories are set as before, from the left.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cp, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FALLBACK_FONT_FILES, FONT_FILES } from '../../lambdas/adapters/resources';
import { blockText } from '../../lambdas/core/article';
import type { Manifest } from '../../lambdas/core/manifest';
import { parseArticle } from '../../lambdas/core/parse/index';
import { hyphenationPoints } from '../../lambdas/core/typeset/hyphenate';
import { setParagraph } from '../../lambdas/core/typeset/paragraph';
import { countOf, readPdf } from '../support/edition';
import { closeSealedBrowser, launchSealedBrowser, openEditionPage } from '../support/edition-page';
import { testFonts } from '../support/fonts';
import { pdfPageTexts } from '../support/pdfium';
import { tally } from '../support/code-points';
import { fileBrowser } from '../support/file-browser';

const DATE = '2019-12-04';
const FIXTURES = 'test/fixtures/hebrew';
const HEBREW = ['tel-aviv-bridge', 'haifa-library'];
/** Words, names and numbers each fixture holds once, and the sample none of. */
const PLANTED = ['מפלדה', 'הקטלוג', 'מאפייה', 'Goldberg', 'Tchernichovsky', '1,275', '35,000'];
let dir: string;
let out: string;
let manifest: Manifest;
let html: string;
let pdfText: string;
let pdfiumText: string;
let status: number | null;
let stderr: string;

/** One sealed Chromium for the file's tests that look at the pages. */
const sealed = fileBrowser(launchSealedBrowser, closeSealedBrowser);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-hebrew-'));
  out = await mkdtemp(join(tmpdir(), 'epaper-hebrew-out-'));
  await cp('samples', dir, { recursive: true });
  await cp(FIXTURES, dir, { recursive: true });
  const child = spawnSync(process.execPath, ['bin/epaper.js', 'build', dir, '--out', out, '--date', DATE], { encoding: 'utf8', timeout: 180_000 });
  status = child.status;
  stderr = child.stderr;
  manifest = JSON.parse(await readFile(join(out, DATE, 'manifest.json'), 'utf8'));
  html = await readFile(join(out, DATE, 'edition.html'), 'utf8');
  const pdf = await readFile(join(out, DATE, 'edition.pdf'));
  // pdf.js gives each word's letters in their order (a word of a right-to-left line is one item);
  // pdfium gives every painted character, the points of the Hebrew letters among them.
  pdfText = (await readPdf(new Uint8Array(pdf))).pages.map((page) => page.text).join('\n');
  pdfiumText = (await pdfPageTexts(pdf)).join('\n');
}, 240_000);

afterAll(async () => {
  await sealed.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  if (out) await rm(out, { recursive: true, force: true });
});

describe('an edition with stories in Hebrew', () => {
  it('prints every story, and warns of no character as an empty box', () => {
    expect(status, stderr).toBe(0);
    expect(manifest.rejected).toEqual([]);
    for (const slug of [...HEBREW, 'jaffa-bakery']) expect(manifest.articles.find((a) => a.slug === slug)?.pages.length, slug).toBeGreaterThan(0);
    expect(manifest.warnings.filter((w) => /empty box/.test(w.message))).toEqual([]);
    expect(html).toMatch(/@font-face\{font-family:EpHebrew;src:url\("assets\/fonts\/hebrew-regular\.ttf"\)/);
  });

  it('puts each planted word, name and number into the PDF text once', () => {
    // A Latin name in a Hebrew line may be divided at a line's end, as in a Latin story
    // ("Tcherni-" and "chovsky", printed in the line's order): once whole, or once in two.
    const printedOnce = (token: string) =>
      countOf(pdfText, token) === 1 || hyphenationPoints(token, 'he').some((point) => countOf(pdfText, `${token.slice(0, point)}-`) === 1 && countOf(pdfText, token.slice(point)) === 1);
    for (const token of PLANTED) expect(printedOnce(token), token).toBe(true);
  });

  it('puts every letter and point of the Hebrew stories into the PDF text', async () => {
    const printed = tally(pdfiumText);
    for (const slug of HEBREW) {
      const name = `${slug}.md`;
      const outcome = parseArticle(name, new Uint8Array(await readFile(join(FIXTURES, name))));
      if (!outcome.ok) throw new Error(outcome.rejection.reason);
      const text = [outcome.article.headline, outcome.article.standfirst ?? '', ...outcome.article.body.map(blockText)].join('\n');
      const missing: string[] = [];
      for (const [ch, count] of tally(text)) if ((printed.get(ch) ?? 0) < count) missing.push(`${ch} U+${ch.codePointAt(0)!.toString(16)} ${printed.get(ch) ?? 0}/${count}`);
      expect(missing, name).toEqual([]);
    }
  });

  it('marks the Hebrew stories right to left, keeps the pointed word whole on its line, and the others as they were', () => {
    const modules = [...html.matchAll(/<article class="module"[^>]*data-slug="([^"]+)"[^>]*>/g)];
    expect(modules.length).toBeGreaterThan(20);
    for (const [tag, slug] of modules) {
      if (HEBREW.includes(slug)) expect(tag, slug).toContain(' lang="he" dir="rtl"');
      else expect(tag, slug).not.toContain('dir=');
    }
    expect(html).toContain(' שָׁלוֹם ');
  });

  it('sets the Hebrew lines flush right and justified to both edges, the others from the left, none wider than its column', async () => {
    const page = await openEditionPage(await sealed.get(), html, async (path) => ({ contentType: 'font/ttf', body: await readFile(join(out, DATE, path)) }));
    try {
      const report = await page.evaluate(() => {
        const overflows: string[] = [];
        const misplaced: string[] = [];
        let hebrewLines = 0;
        let latinLines = 0;
        for (const module of Array.from(document.querySelectorAll('article.module'))) {
          const rtl = module.getAttribute('dir') === 'rtl';
          for (const el of Array.from(module.querySelectorAll('.col > .fl:not(.tr)'))) {
            const own = el.getBoundingClientRect();
            // Each line of a run (lines joined by <br>) is a rectangle of the range's.
            const range = document.createRange();
            range.selectNodeContents(el);
            const ink = range.getBoundingClientRect();
            if (ink.width > own.width + 0.5) overflows.push(`${(ink.width - own.width).toFixed(2)}px: ${el.textContent}`);
            const justified = el.classList.contains('j');
            const indented = parseFloat(getComputedStyle(el).textIndent) > 0;
            if (rtl) {
              hebrewLines++;
              if (!indented && Math.abs(ink.right - own.right) > 0.5) misplaced.push(`not flush right: ${el.textContent}`);
              if (justified && Math.abs(ink.left - own.left) > 0.5) misplaced.push(`not justified: ${el.textContent}`);
            } else {
              latinLines++;
              if (!indented && Math.abs(ink.left - own.left) > 0.5) misplaced.push(`not flush left: ${el.textContent}`);
            }
          }
        }
        return { overflows, misplaced, hebrewLines, latinLines };
      });
      expect(report.hebrewLines).toBeGreaterThan(10);
      expect(report.latinLines).toBeGreaterThan(200);
      expect(report.overflows).toEqual([]);
      expect(report.misplaced).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);

  it('measures a word of a right-to-left line as Chromium sets it, its marks and a Latin name in it', async () => {
    // Chromium shapes the marks after a Hebrew letter in the Hebrew run, unkerned (”, after a Hebrew
    // word was measured 1.6 px narrower than printed at 16 px), and in a right-to-left line the
    // marks at the ends of a Latin word apart from it ("Tchernichovsky," 1.5 px).
    const words = ['שנים”,', 'הכביש”.', 'שנים).', 'ש-Google', 'Tchernichovsky,', 'Tel-Aviv,', '“AV”,', 'said”,', 'Google.', 'מ־35,000', 'שָׁלוֹם', '(ירושלים)'];
    const fonts = await testFonts();
    const SERIF = { regular: 'serif-regular', italic: 'serif-italic', bold: 'serif-bold', boldItalic: 'serif-bolditalic' } as const;
    const measured = words.map((word) => setParagraph([{ text: word }], { faces: SERIF, sizePx: 16, language: 'he', width: 1000, justify: false, hyphenate: false }, fonts)[0].naturalWidth);
    const resolve = createRequire(import.meta.url).resolve;
    const files: Record<string, string> = { 'serif.ttf': resolve(`${FONT_FILES['serif-regular'].pkg}/${FONT_FILES['serif-regular'].file}`), 'hebrew.ttf': resolve(`${FALLBACK_FONT_FILES['hebrew-regular'].pkg}/${FALLBACK_FONT_FILES['hebrew-regular'].file}`) };
    const page = `<!doctype html><html><head><style>@font-face{font-family:EpSerif;src:url("serif.ttf")}@font-face{font-family:EpHebrew;src:url("hebrew.ttf")}body{font-kerning:normal;text-rendering:geometricPrecision}</style></head><body>${words.map((word) => `<div dir="rtl" lang="he"><span style="font:16px EpSerif,EpHebrew">${word}</span></div>`).join('')}</body></html>`;
    const opened = await openEditionPage(await sealed.get(), page, async (path) => (files[path] ? { contentType: 'font/ttf', body: await readFile(files[path]) } : undefined));
    try {
      const painted = await opened.evaluate(() => Array.from(document.querySelectorAll('span')).map((span) => span.getBoundingClientRect().width));
      // Chromium's widths are in 1/64 px layout units. Never painted wider than measured (the line
      // would pass its column); a word broken at its hyphen ("Tel-" and "Aviv,", each measured in
      // pieces) may be measured up to a kern wider, which justification absorbs.
      const judged = words.map((word, i) => `${word} ${painted[i] - measured[i] < 0.05 && measured[i] - painted[i] < 0.5 ? 'as painted' : `${measured[i].toFixed(3)} measured, ${painted[i].toFixed(3)} painted`}`);
      expect(judged).toEqual(words.map((word) => `${word} as painted`));
    } finally {
      await opened.close();
    }
  }, 120_000);

  it('lists the fixtures it checks', async () => {
    expect((await readdir(FIXTURES)).sort()).toEqual(['haifa-library.md', 'jaffa-bakery.md', 'tel-aviv-bridge.md']);
  });
});
