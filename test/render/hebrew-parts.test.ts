/**
 * Hebrew stories in the places the first Hebrew round did not try, printed among the sample's
 * stories (test/fixtures/hebrew-parts, sentences written for this test, a Latin name and a number
 * in each): the front page's lead (edition.yaml `lead:`), beside the Inside box, with a standfirst,
 * a pull quote, a photo, a table, jumping to the World page under its section band; a Sport story
 * with a photo and a table jumping too; a Business story with a table; a Life story full of long
 * Latin words. Two of the four have no language tag: their letters make them Hebrew.
 *
 * Read back from Chromium's boxes and the PDF's text: the untagged stories are set right to left as
 * the tagged ones; no line, cell, caption or quote passes its column; every line flush right; the
 * Latin words of the Hebrew columns are divided as in a Latin story, and the hyphen of a Latin word
 * broken at a line's end is printed after its letters (it printed at the line's far left, before
 * the Latin words, as a neutral at the end of a right-to-left line), a signed number's sign before
 * its digits, and neither held there by a left-to-right mark in the PDF's text.
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../../lambdas/core/edition';
import { readerPaths, type ReaderArticle } from '../../lambdas/core/reader';
import { buildFolder, readPdf } from '../support/edition';
import { closeSealedBrowser, launchSealedBrowser, openEditionPage } from '../support/edition-page';
import { pdfPageTexts } from '../support/pdfium';

const FIXTURES = 'test/fixtures/hebrew-parts';
const HEBREW = ['acre-fishing-port', 'beach-robot', 'haifa-football', 'jerusalem-startup'];
const UNTAGGED = ['acre-fishing-port', 'beach-robot'];
const LEAD = 'acre-fishing-port';

let dir: string;
let edition: BuiltEdition;
let pdfPages: string[];
/** The PDF's text as PDFium reads it, every character Chromium wrote (pdf.js leaves out a left-to-right mark). */
let pdfiumText: string;
let browser: Browser;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-hebrew-parts-'));
  await cp('samples', dir, { recursive: true });
  await cp(FIXTURES, dir, { recursive: true });
  // The Hebrew story leads the front page; the sample's flood story stands beside it.
  const settings = await readFile(join(dir, 'edition.yaml'), 'utf8');
  await writeFile(join(dir, 'edition.yaml'), settings.replace(/^sections:/m, `lead: ${LEAD}\nfront: [${LEAD}, ha-noi-flood-sensors]\nsections:`));
  edition = await buildFolder(dir, { date: '2019-12-04', readerFiles: true });
  pdfPages = (await readPdf(edition.pdf)).pages.map((page) => page.text);
  pdfiumText = (await pdfPageTexts(edition.pdf)).join('\n');
  browser = await launchSealedBrowser();
}, 240_000);

afterAll(async () => {
  if (browser) await closeSealedBrowser(browser);
  await closeBrowser();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** What Chromium painted of the edition's right-to-left modules. */
interface Painted {
  /** Lines, cells, captions, quotes or heads past their column or their module, by how much. */
  readonly overflows: string[];
  /** Lines of a module set right to left whose text does not end at its box's right edge. */
  readonly notFlushRight: string[];
  readonly lines: number;
  /** Every line ending in a Latin word broken at a hyphen: where its hyphen stands from its last letter. */
  readonly brokenLatin: { readonly word: string; readonly hyphenFromLetter: number }[];
  /** Every signed number ("+15", "-2"): where its sign stands from its first digit (left of it: negative). */
  readonly signs: { readonly number: string; readonly signFromDigit: number }[];
  /** Every bracketed signed number ("(-3)"), its characters in the order they are painted from the left. */
  readonly bracketed: { readonly number: string; readonly painted: string }[];
  /** The modules' slugs, and `kind@page` for every head and jump line of them. */
  readonly parts: string[];
}

let painted: Promise<Painted> | undefined;
function paintedEdition(): Promise<Painted> {
  painted ??= (async () => {
    const page = await openEditionPage(browser, edition.html, async (path) => {
      const asset = edition.assets.get(path);
      return asset && { contentType: asset.contentType, body: asset.body };
    });
    return page.evaluate(() => {
      const overflows: string[] = [];
      const notFlushRight: string[] = [];
      const brokenLatin: { word: string; hyphenFromLetter: number }[] = [];
      const parts: string[] = [];
      const signs: { number: string; signFromDigit: number }[] = [];
      const bracketed: { number: string; painted: string }[] = [];
      let lines = 0;
      const inkOf = (el: Element) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return range.getBoundingClientRect();
      };
      for (const module of Array.from(document.querySelectorAll('article.module[dir="rtl"]'))) {
        const slug = module.getAttribute('data-slug')!;
        const box = module.getBoundingClientRect();
        const pageNumber = Array.from(document.querySelectorAll('.page')).findIndex((p) => p.contains(module)) + 1;
        for (const el of Array.from(module.querySelectorAll('.ln, .fl, .tc, .pql, .fcl'))) {
          const ink = inkOf(el);
          if (ink.width === 0) continue;
          const text = `${slug}: ${(el.textContent ?? '').slice(0, 40)}`;
          const column = el.closest('.col')?.getBoundingClientRect() ?? box;
          const past = Math.max(column.left - ink.left, ink.right - column.right, box.left - ink.left, ink.right - box.right);
          if (past > 0.5) overflows.push(`${past.toFixed(2)} px: ${text}`);
          const own = el.getBoundingClientRect();
          const kind = ['headline', 'standfirst', 'caption', 'jump-head', 'jump-from', 'jump-on'].find((name) => el.classList.contains(name));
          if (kind) parts.push(`${slug} ${kind}@${pageNumber}`);
          // Body lines, heads, captions and quotes end at the right; the jump lines are placed by design.
          const indented = parseFloat(getComputedStyle(el).textIndent) > 0;
          if (!el.classList.contains('tc') && !/^jump-(on|from)$/.test(kind ?? '') && !indented && Math.abs(own.right - ink.right) > 0.5) notFlushRight.push(text);
          if (el.classList.contains('fl') && !el.classList.contains('tr')) lines++;
        }
        // Each text node's lines: a Latin letter and a hyphen at a line's end (before <br> or the line's box end).
        const walker = document.createTreeWalker(module, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          const match = /(\p{Script=Latin}+)-\u200e?$/u.exec(text);
          if (!match || node.parentElement?.closest('.jump-on, .jump-from')) continue;
          const at = match.index + match[1].length;
          const hyphen = document.createRange();
          hyphen.setStart(node, at);
          hyphen.setEnd(node, at + 1);
          const letter = document.createRange();
          letter.setStart(node, at - 1);
          letter.setEnd(node, at);
          brokenLatin.push({ word: match[1], hyphenFromLetter: hyphen.getBoundingClientRect().left - letter.getBoundingClientRect().right });
        }
        const numbers = document.createTreeWalker(module, NodeFilter.SHOW_TEXT);
        for (let node = numbers.nextNode(); node; node = numbers.nextNode()) {
          const text = node.textContent ?? '';
          for (const found of text.matchAll(/(?<![\p{L}\p{N}])[+-]\d+/gu)) {
            const sign = document.createRange();
            sign.setStart(node, found.index!);
            sign.setEnd(node, found.index! + 1);
            const digit = document.createRange();
            digit.setStart(node, found.index! + 1);
            digit.setEnd(node, found.index! + 2);
            signs.push({ number: found[0], signFromDigit: sign.getBoundingClientRect().right - digit.getBoundingClientRect().left });
          }
        }
        // A bracketed number's characters may stand in more than one text node (an isolate's and its line's).
        for (const line of Array.from(module.querySelectorAll('.ln, .fl, .tc, .pql, .fcl'))) {
          const chars: { node: Node; at: number }[] = [];
          const inLine = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          for (let node = inLine.nextNode(); node; node = inLine.nextNode()) for (let at = 0; at < (node.textContent ?? '').length; at++) chars.push({ node, at });
          const text = chars.map(({ node, at }) => node.textContent![at]).join('');
          // (A left-to-right mark once stood before the sign: not a character the page shows.)
          for (const found of text.matchAll(/[([]\u200e?[+-]\d+%?[)\]]/g)) {
            const places = chars.slice(found.index!, found.index! + found[0].length).map(({ node, at }) => {
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + 1);
              return { char: node.textContent![at], left: range.getBoundingClientRect().left };
            });
            const shown = places.filter((place) => place.char !== '\u200e');
            bracketed.push({ number: shown.map((place) => place.char).join(''), painted: shown.sort((a, b) => a.left - b.left).map((place) => place.char).join('') });
          }
        }
      }
      return { overflows, notFlushRight, lines, brokenLatin, signs, bracketed, parts };
    });
  })();
  return painted;
}

describe('Hebrew stories as a lead, beside the Inside box, with tables, photos and a pull quote, jumping', () => {
  it('prints every story, the untagged ones in Hebrew, right to left, in the reader too', async () => {
    expect(edition.manifest.rejected).toEqual([]);
    const modules = [...edition.html.matchAll(/<article class="module"[^>]*data-slug="([^"]+)"[^>]*>/g)];
    for (const slug of HEBREW) {
      const tags = modules.filter((m) => m[1] === slug).map((m) => m[0]);
      expect(tags.length, slug).toBeGreaterThan(0);
      // Untagged, they printed in the Hebrew face but left to right.
      for (const tag of tags) expect(tag, slug).toContain(' lang="he" dir="rtl"');
    }
    for (const slug of UNTAGGED) {
      const file = edition.readerFiles!.get(readerPaths.article(slug))!;
      const article = JSON.parse(new TextDecoder().decode(file.body)) as ReaderArticle;
      expect([article.language, article.direction], slug).toEqual(['he', 'rtl']);
    }
    // The lead leads the front page, its pull quote, table and photo with it, and jumps.
    const lead = edition.manifest.articles.find((a) => a.slug === LEAD)!;
    expect(lead.pages[0]).toBe(1);
    expect(lead.pages.length).toBe(2);
    expect(edition.html).toMatch(/class="[^"]*\binside\b/);
    expect(edition.html).toContain('אחד, וגם אנחנו לא”');
  });

  it('sets no line, cell, caption, quote or head past its column, and every one flush right', async () => {
    const { overflows, notFlushRight, lines, parts } = await paintedEdition();
    expect(lines).toBeGreaterThan(60);
    expect(overflows).toEqual([]);
    expect(notFlushRight).toEqual([]);
    // The lead's head on the front page, its jump head and "Continued from" on the page its rest is on.
    const rest = edition.manifest.articles.find((a) => a.slug === LEAD)!.pages[1];
    expect(parts).toEqual(expect.arrayContaining([`${LEAD} headline@1`, `${LEAD} standfirst@1`, `${LEAD} caption@1`, `${LEAD} jump-on@1`, `${LEAD} jump-head@${rest}`, `${LEAD} jump-from@${rest}`]));
    expect(pdfPages[0]).toContain(`Continued on Page ${rest}`);
    expect(pdfPages[rest - 1]).toContain('Continued from Page 1');
  });

  it('divides the Latin words of the Hebrew columns, never a Hebrew one, the hyphen printed after the letters', async () => {
    const { brokenLatin } = await paintedEdition();
    // Hebrew had no patterns, and its stories' Latin words went whole to the next line.
    expect(brokenLatin.length).toBeGreaterThan(1);
    // A neutral at the end of a right-to-left line, the hyphen printed at the line's far left.
    expect(brokenLatin.filter(({ hyphenFromLetter }) => Math.abs(hyphenFromLetter) > 0.5)).toEqual([]);
    const hebrewBroken = [...edition.html.matchAll(/\p{Script=Hebrew}-(?:<br>|<\/)/gu)].map((m) => m[0]);
    expect(hebrewBroken).toEqual([]);
    for (const { word } of brokenLatin) expect(pdfPages.join(' '), word).toContain(`${word}-`);
  });

  it('puts no left-to-right mark into the PDF text', () => {
    // One after each Latin word broken at a line's end, and one before each signed number, held
    // them in their order: a subscriber copying or searching the PDF got the mark inside the word
    // ("Interoper-\u200e", "\u200e-2").
    expect([...pdfiumText.matchAll(/.{0,12}\u200e.{0,12}/gu)].map((m) => m[0])).toEqual([]);
  });

  it('prints a signed number with its sign before its digits, in a table and in a line', async () => {
    const { signs } = await paintedEdition();
    expect(signs.map((sign) => sign.number).sort()).toEqual(['+15', '+15', '+5', '+9', '-2', '-2', '-3']);
    // A neutral after Hebrew, the sign printed at the number's right: "15+", "2-".
    expect(signs.filter(({ signFromDigit }) => Math.abs(signFromDigit) > 0.5)).toEqual([]);
  });

  it('prints a bracketed signed number in its order, its brackets not mirrored', async () => {
    const { bracketed } = await paintedEdition();
    expect(bracketed.map((b) => b.number).sort()).toEqual(['(-3)', '[+5%]']);
    // Set right to left, a number's brackets were mirrored (the opening one painted at its right as
    // a closing one): the page looked right, but the PDF's text, copied or searched, read ")-3("
    // and "]+5%[" (pdftotext).
    expect(bracketed.filter((b) => b.painted !== b.number)).toEqual([]);
  });

  it('lists the fixtures it checks', async () => {
    expect((await readdir(FIXTURES)).sort()).toEqual(HEBREW.map((slug) => `${slug}.md`).sort());
  });
});
