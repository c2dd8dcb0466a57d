/**
 * The whole-process floor of `epaper bench` (issue 15, item 4): the same Chromium that epaper uses,
 * launched from a plain Node script that loads a finished edition.html from disk and prints it, as
 * anyone would write it with puppeteer-core and @sparticuz/chromium. Nothing of epaper is loaded.
 *
 *   node bin/bench-print.mjs <edition.html> <out.pdf>
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';

const [html, out] = process.argv.slice(2);
if (!html || !out) {
  process.stderr.write('usage: node bin/bench-print.mjs <edition.html> <out.pdf>\n');
  process.exit(2);
}
const browser = await puppeteer.launch({ executablePath: await chromium.executablePath(), args: chromium.args, headless: 'shell' });
const page = await browser.newPage();
await page.goto(pathToFileURL(resolve(html)).href, { waitUntil: 'load' });
// Every face the page declares, loaded before the print, as epaper's renderer loads them. Chromium
// prints text whose face is still loading (font-display: block) as nothing, and the load event does
// not wait for faces: printed straight after it, four of ten prints of the bench's 30-article edition
// came out with no text at all (238 KB against 1,155 KB, and quicker for it), which made this floor
// a print of less than the build prints.
await page.evaluate(() => Promise.all(Array.from(document.fonts, (face) => face.load().catch(() => undefined))).then(() => document.fonts.ready));
// The print options epaper's renderer uses (untagged: the same work, not Chromium's structure tree).
await writeFile(out, await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, outline: false }));
await browser.close();
