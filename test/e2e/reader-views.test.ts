/**
 * The reader's page, article and search views in a real browser against `epaper dev` (issue 14):
 * the whole sample edition is uploaded over S3 (with `publish: auto` in its edition.yaml, so that
 * it is published whether dev publishes at once or proof-first), then a subscriber signs in with
 * the dev token, opens the edition, page 1, clicks the lead story's box and reads it, turns pages
 * with the arrow keys, searches without accents for an inside-page story and opens it, and reads an
 * article on a phone without scrolling sideways. axe-core runs on every view; each view is
 * photographed at desktop and phone sizes into a temporary folder whose path is printed.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_BUCKET, startDevCloud, type DevCloud } from '../../bin/dev';
import { recordedLog } from '../support/recorded-log';
import { keepOrRemoveScreenshots } from '../support/screenshots';
import type { Manifest } from '../../lambdas/core/manifest';
import { wording } from '../support/wording';
import { launchReaderBrowser } from '../support/reader-browser';

const DATE = '2019-12-04';
const SAMPLES = join(import.meta.dirname, '../../samples');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const axeSource = readFileSyncText(createRequire(import.meta.url).resolve('axe-core/axe.min.js'));

function readFileSyncText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(await axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

async function visible(page: Page, id: string): Promise<void> {
  try {
    await page.waitForFunction((sel) => !document.getElementById(sel)?.hidden, { timeout: 20_000 }, id);
  } catch (error) {
    const state = await page.evaluate(() => ({ url: location.href, status: document.getElementById('status')?.textContent }));
    throw new Error(`#${id} did not appear (at ${state.url}, status "${state.status}")`, { cause: error });
  }
}

async function imagesLoaded(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const images = Array.from(document.querySelectorAll<HTMLImageElement>(sel));
      return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
    },
    { timeout: 20_000 },
    selector,
  );
}

describe('reader views in a real browser against epaper dev', () => {
  const devLog = recordedLog('reader views');
  let dir: string;
  let shots: string;
  let dev: DevCloud;
  let s3: S3Client;
  let browser: Browser;
  let manifest: Manifest;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-reader-views-'));
    shots = await mkdtemp(join(tmpdir(), 'epaper-reader-shots-'));
    dev = await startDevCloud({
      dir,
      s3Port: 0,
      apiPort: 0,
      interactive: false,
      // The sample's files are uploaded at once below and land within this: one build of the whole
      // edition. At 300 ms, uploaded one after another, dev built it three times (5 or 6 articles,
      // then 25 or 28, then 28), printing and imaging partial editions nothing here reads.
      renderDelayMs: 2000,
      retryBaseMs: 50,
      logger: devLog,
    });
    s3 = new S3Client({
      endpoint: dev.s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    // Read first, then sent together, so that they land within renderDelayMs.
    const uploads = await Promise.all(
      (await filesUnder(SAMPLES)).map(async (file) => {
        let body: Uint8Array | string = await readFile(join(SAMPLES, file));
        // Published at once, also where `epaper dev` makes editions proof-first.
        if (file === 'edition.yaml') body = `${body.toString()}\npublish: auto\n`;
        return { file, body };
      }),
    );
    await Promise.all(uploads.map(({ file, body }) => s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: `articles/${DATE}/${file}`, Body: body }))));
    await dev.settled(200_000);
    expect(dev.deadLetters).toEqual([]);
    const response = await fetch(`${dev.apiUrl}/editions/${DATE}`, { headers: { authorization: `Bearer ${dev.token}` } });
    expect(response.status).toBe(200);
    manifest = (await response.json()) as Manifest;
    browser = await launchReaderBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    s3?.destroy();
    await dev?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (shots) await keepOrRemoveScreenshots(shots);
  });

  async function signedInPage(viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const phone = viewport.width === PHONE.width;
    await page.setViewport({ ...viewport, deviceScaleFactor: 1, hasTouch: phone, isMobile: phone });
    await page.goto(`${dev.apiUrl}/`, { waitUntil: 'load' });
    await page.evaluate((token) => sessionStorage.setItem('epaper.token', token), dev.token);
    return page;
  }

  async function shoot(page: Page, name: string): Promise<void> {
    const { width } = page.viewport()!;
    await page.screenshot({ path: join(shots, `${name}-${width === PHONE.width ? 'phone' : 'desktop'}.png`), fullPage: name !== 'page' });
  }

  it('published every page with link boxes, page images and the reader files', () => {
    expect(manifest.pageCount).toBeGreaterThanOrEqual(3);
    for (const page of manifest.pages) {
      expect(page.image).toMatch(/pages\/page-\d+\.webp$/);
      expect(page.links!.length).toBeGreaterThan(0);
      // Every story on the page has a box; a story in two parts has a box on each of its pages.
      expect(new Set(page.links!.map((l) => l.slug))).toEqual(new Set(page.articles));
    }
  });

  it('answers 401 to every new route without a token', async () => {
    const lead = manifest.pages[0].links![0].slug;
    for (const path of [`/editions/${DATE}/pages/1`, `/editions/${DATE}/articles/${lead}`, '/search?q=rice']) {
      const response = await fetch(`${dev.apiUrl}${path}`);
      expect(response.status, path).toBe(401);
      expect(await response.text()).not.toContain('webp');
    }
  });

  it('signs in with the dev token → edition → page 1 → the lead story\'s box → its article; arrows turn pages', async () => {
    const page = await browser.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.setViewport({ ...DESKTOP, deviceScaleFactor: 1 });
    await page.goto(`${dev.apiUrl}/`, { waitUntil: 'load' });
    await visible(page, 'signin-view');
    // The development-token hint is there because this is `epaper dev`.
    await visible(page, 'dev-token-hint');
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'signin');
    await page.type('#token-input', dev.token);
    await page.click('#token-submit');

    await visible(page, 'list-view');
    await imagesLoaded(page, '.edition-card img.thumb');
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'archive');
    await page.click(`.edition-card[data-date="${DATE}"]`);

    await visible(page, 'edition-view');
    await imagesLoaded(page, '#page-list img.thumb');
    expect(await seriousViolations(page)).toEqual([]);
    // Renders ran while the files were still arriving, so a later publication may have replaced an
    // earlier one: it added stories, or changed none (a photo that came after its story), and
    // corrected none (every file was uploaded once).
    const notice = await page.$eval('#corrected', (node) => ((node as HTMLElement).hidden ? undefined : Array.from(node.querySelectorAll('p'), (p) => p.textContent ?? '')));
    for (const line of notice ?? []) expect(line).toMatch(/^Updated [^.]+\.( Added: .+)?$|^and \d+ earlier updates?$/);
    await shoot(page, 'edition');
    await page.click('#page-list a.page-link');

    await visible(page, 'page-view');
    await imagesLoaded(page, '#page-frame img');
    expect(new URL(page.url()).hash).toBe(`#/editions/${DATE}/pages/1`);
    const image = await page.$eval('#page-frame img', (img) => ({ src: img.currentSrc, width: img.naturalWidth }));
    expect(image.src).toContain('X-Amz-Expires=300');
    expect(image.width).toBe(1600);
    expect(await seriousViolations(page)).toEqual([]);
    // A desktop opens on the whole page, under its controls: nothing to scroll to see its foot.
    expect(await page.$eval('#zoom-level', (e) => e.textContent)).toBe('Page');
    expect(await page.$eval('#page-frame img', (img) => img.getBoundingClientRect().bottom)).toBeLessThanOrEqual(DESKTOP.height);
    await shoot(page, 'page');

    // The lead story: the first module placed on the front page. Its box covers its place on the image.
    const lead = manifest.pages[0].links![0];
    const box = await page.$eval(`#page-frame a.box[data-slug="${lead.slug}"]`, (a) => a.getBoundingClientRect().toJSON());
    const frame = await page.$eval('#page-frame', (f) => f.getBoundingClientRect().toJSON());
    const scale = frame.width / manifest.pages[0].widthPx!;
    expect(Math.abs(box.left - frame.left - lead.x * scale)).toBeLessThan(2);
    expect(Math.abs(box.width - lead.width * scale)).toBeLessThan(2);
    await page.mouse.click(box.left + box.width / 2, Math.min(box.top + box.height / 2, DESKTOP.height - 10));

    await visible(page, 'article-view');
    await page.waitForSelector('#story h1');
    expect(new URL(page.url()).hash).toBe(`#/editions/${DATE}/articles/${lead.slug}`);
    const story = await (await fetch(`${dev.apiUrl}/editions/${DATE}/articles/${lead.slug}`, { headers: { authorization: `Bearer ${dev.token}` } })).json();
    const paragraph = story.body.find((b: { kind: string }) => b.kind === 'paragraph').runs.map((r: { text: string }) => r.text).join('');
    const shown = await page.$eval('#story', (e) => e.textContent ?? '');
    expect(shown).toContain(paragraph);
    expect(await page.$eval('#story h1', (e) => e.textContent)).toBe(story.headline);
    expect(await page.$eval('#story', (e) => e.getAttribute('lang'))).toBe(story.language);
    expect(await page.$$eval('h1', (els) => els.filter((e) => e.getClientRects().length > 0).length)).toBe(1);
    expect(await page.$$eval('#story footer a', (els) => els.map((a) => a.getAttribute('href')))).toEqual(story.pages.map((n: number) => `#/editions/${DATE}/pages/${n}`));
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'article');

    // Back to the page, then the arrow keys.
    await page.click('#article-back');
    await visible(page, 'page-view');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 1 of'));
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 2 of'));
    expect(new URL(page.url()).hash).toBe(`#/editions/${DATE}/pages/2`);
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 3 of'));
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 2 of'));
    // Zoom by keyboard-reachable buttons: the column's width, then wider than its stage.
    const frameShare = () => page.$eval('#page-frame', (f) => f.getBoundingClientRect().width / f.parentElement!.clientWidth);
    await page.click('#zoom-in');
    expect(await page.$eval('#zoom-level', (e) => e.textContent)).toBe('100%');
    expect(await frameShare()).toBeCloseTo(1, 2);
    await page.click('#zoom-in');
    expect(await frameShare()).toBeGreaterThan(1.4);
    // Zoomed in, the arrows move across the page before they turn it.
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => document.getElementById('page-stage')!.scrollLeft > 100);
    expect(await page.$eval('#page-title', (e) => e.textContent)).toMatch(/^Page 2 of/);
    await page.close();
  });

  it('names every section a page prints, and shows nothing of the last edition under a date with none', async () => {
    const page = await signedInPage(DESKTOP);
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}`, { waitUntil: 'load' });
    await visible(page, 'edition-view');
    await page.waitForSelector('#page-list figcaption');
    // A page that prints several sections is captioned with all of them, as its running head is.
    const shared = manifest.pages.find((p) => (p.sections ?? []).length > 1)!;
    expect(shared).toBeDefined();
    const captions = (await page.$$eval('#page-list figcaption', (els) => els.map((e) => e.textContent))).map(wording);
    expect(captions[shared.number - 1]).toBe(`Page ${shared.number} · ${shared.sections!.join(' · ')}`);
    // Every section the contents list names, where it starts: a section that never opens a page too.
    const contents = await page.$$eval('#contents section', (els) => els.map((e) => e.getAttribute('aria-label')));
    for (const name of shared.sections!) expect(contents).toContain(name);
    // A date with no edition: its error, and nothing of the edition shown before.
    await page.goto(`${dev.apiUrl}/#/editions/2020-01-01`, { waitUntil: 'load' });
    await page.waitForFunction(() => /No edition/i.test(document.getElementById('status')?.textContent ?? document.body.textContent ?? ''));
    expect(await page.$$eval('#page-list li, #contents section', (els) => els.length)).toBe(0);
    expect(await page.$eval('#edition-title', (e) => e.textContent)).not.toContain(manifest.paper);
    expect(await page.$eval('#download', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    // A page past the last: no page to turn to either way.
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}/pages/99`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent === 'Page 99');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await page.$eval('#page-prev', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(await page.$eval('#page-next', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    // …nothing to zoom, and the way back is to its edition (it led to the list of editions).
    expect(await page.$eval('#zoom-in', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    expect(await page.$eval('#page-back', (a) => a.getAttribute('href'))).toBe(`#/editions/${DATE}`);
    expect(await page.title()).not.toMatch(/of \d+/);
    // An impossible date is named as typed, not rolled over into a real day (2019-13-45 read
    // "Fri, February 14, 2020").
    await page.goto(`${dev.apiUrl}/#/editions/2019-13-45`, { waitUntil: 'load' });
    await page.waitForFunction(() => /date looks like/i.test(document.getElementById('status')?.textContent ?? ''));
    expect(await page.$eval('#edition-title', (e) => e.textContent)).toBe('2019-13-45');
    // A story that is not there: no Share button, and neither the title nor the way back of the
    // story read before.
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}/articles/${manifest.articles[0].slug}`, { waitUntil: 'load' });
    await page.waitForFunction(() => !(document.getElementById('article-share') as HTMLButtonElement).hidden);
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}/articles/no-such-story`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('status')?.classList.contains('error') || /not|no /i.test(document.getElementById('status')?.textContent ?? ''));
    expect(await page.$eval('#article-share', (b) => (b as HTMLButtonElement).hidden)).toBe(true);
    expect(await page.title()).not.toContain(manifest.articles[0].headline);
    // The view still has its one heading (it had none: the story's own h1 is the only one).
    expect(await page.$$eval('#article-view h1', (hs) => hs.map((h) => h.textContent))).toEqual(['Story not found']);
    // The server out of reach: a sentence, not the browser's "Failed to fetch".
    await page.setRequestInterception(true);
    page.on('request', (request) => (request.url().includes('/search') ? void request.abort('connectionrefused') : void request.continue()));
    await page.goto(`${dev.apiUrl}/#/search?q=rice`, { waitUntil: 'load' });
    await page.waitForFunction(() => /cannot be reached/.test(document.getElementById('status')?.textContent ?? ''));
    expect(await page.$eval('#status', (e) => e.textContent)).not.toContain('Failed to fetch');
    await page.close();
  });

  it('skips to the story without changing the address, so that a reload shows the same story', async () => {
    const page = await signedInPage(DESKTOP);
    const story = `#/editions/${DATE}/articles/ha-noi-flood-sensors`;
    await page.goto(`${dev.apiUrl}/${story}`, { waitUntil: 'load' });
    await page.waitForSelector('#story h1');
    await page.focus('a.skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('content');
    expect(new URL(page.url()).hash).toBe(story);
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#story h1');
    await visible(page, 'article-view');
    await page.close();
  });

  it('comes back to where the reader was: Back to a page, and a story reloaded', async () => {
    const page = await signedInPage(DESKTOP);
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}/pages/1`, { waitUntil: 'load' });
    await visible(page, 'page-view');
    await imagesLoaded(page, '#page-frame img');
    // The page as wide as the column (the reader's choice, kept over the reload): taller than the window.
    await page.click('#zoom-in');
    await page.evaluate(() => window.scrollTo(0, 700));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const lower = manifest.pages[0].links!.at(-1)!;
    await page.evaluate((hash) => { location.hash = hash; }, `#/editions/${DATE}/articles/${lower.slug}`);
    await visible(page, 'article-view');
    await page.waitForSelector('#story h1');
    expect(await page.evaluate(() => window.scrollY)).toBeLessThan(5);
    // Down the story, once it is as long as it gets (its photos loaded); the reload restores the
    // place while they load again.
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('#story img')).every((img) => img.complete));
    await page.evaluate(() => window.scrollTo(0, 400));
    expect(await page.evaluate(() => window.scrollY)).toBe(400);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector('#story h1');
    await page.waitForFunction(() => Math.abs(window.scrollY - 400) <= 2, { timeout: 15_000 });
    await page.goBack();
    await visible(page, 'page-view');
    await page.waitForFunction(() => Math.abs(window.scrollY - 700) <= 2, { timeout: 15_000 });
    // Enter on Next, and Enter again: the focus stays on Next, so the second turns the page too.
    await page.focus('#page-next');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 2 of'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 3 of'));
    // Previous back to page 1 disables Previous: the focus moves to Next, not to the top of the page.
    await page.focus('#page-prev');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 2 of'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 1 of'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('page-next');
    await page.close();
  });

  it('takes a new link for a photo whose link S3 refused, as it refuses one that expired', async () => {
    // Links last five minutes; a lazy photo far down a long story may be asked for later than that.
    const page = await signedInPage(DESKTOP);
    await page.setRequestInterception(true);
    let refused = '';
    page.on('request', (request) => {
      const url = request.url();
      if (!refused && request.resourceType() === 'image' && url.includes('/photos/') && url.includes('X-Amz-')) {
        refused = url;
        void request.respond({ status: 403, contentType: 'application/xml', body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>' });
      } else void request.continue();
    });
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}/articles/ha-noi-flood-sensors`, { waitUntil: 'load' });
    await page.waitForSelector('#story figure img');
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('#story figure img');
      return !!image && image.complete && image.naturalWidth > 0;
    }, { timeout: 15_000 });
    expect(refused).toContain('/photos/');
    await page.close();
  });

  it('finds an inside-page story by a word typed without its accents, and opens it', async () => {
    // "Lao Cai" for "Lào Cai": a story printed inside, not on the front page.
    const target = manifest.articles.find((a) => a.slug === 'lao-cai-school-solar')!;
    expect(target.pages[0]).toBeGreaterThan(1);
    const page = await signedInPage(DESKTOP);
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}`, { waitUntil: 'load' });
    await visible(page, 'edition-view');
    await page.waitForSelector('#contents li');
    await page.type('#search-input', 'Lao Cai solar');
    await page.keyboard.press('Enter');
    await visible(page, 'search-view');
    await page.waitForSelector('#search-hits li');
    const hits = await page.$$eval('#search-hits a.hit-title', (els) => els.map((a) => ({ text: a.textContent, href: a.getAttribute('href') })));
    expect(hits[0]).toEqual({ text: target.headline, href: `#/editions/${DATE}/articles/${target.slug}` });
    expect(await page.$eval('#search-hits .hit-meta a', (a) => a.getAttribute('href'))).toBe(`#/editions/${DATE}/pages/${target.pages[0]}`);
    // Under it, where the story was found: its own words, accents and all, the words searched for marked.
    const excerpt = await page.$eval('#search-hits li .hit-excerpt', (p) => ({ text: p.textContent, marks: Array.from(p.querySelectorAll('mark'), (m) => m.textContent) }));
    // The dateline runs into the passage as printed, and is marked there too.
    expect(excerpt.marks.slice(0, 2)).toEqual(['LÀO', 'CAI']);
    expect(excerpt.marks).toEqual(expect.arrayContaining(['Lào', 'solar']));
    expect(excerpt.text).toMatch(/^LÀO CAI — .*Lào Cai/);
    expect(await seriousViolations(page)).toEqual([]);
    await shoot(page, 'search');
    // A search opened first (a shared or bookmarked search link) still names the paper in the masthead.
    const first = await signedInPage(DESKTOP);
    await first.goto(`${dev.apiUrl}/#/search?q=${encodeURIComponent('Lao Cai solar')}`, { waitUntil: 'load' });
    await visible(first, 'search-view');
    await first.waitForSelector('#search-hits li');
    expect(await first.$eval('#paper-name', (p) => p.textContent)).toBe(manifest.paper);
    expect(await first.title()).toBe(`Search: Lao Cai solar · ${manifest.paper}`);
    await first.close();
    await page.click('#search-hits a.hit-title');
    await visible(page, 'article-view');
    await page.waitForFunction((h) => document.querySelector('#story h1')?.textContent === h, {}, target.headline);
    await page.close();
  });

  it('shows a story\'s table as a table, with its header cells, on a desktop and a phone', async () => {
    // The sample's Mekong story carries a table of four stations' river levels.
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await signedInPage(viewport);
      await page.goto(`${dev.apiUrl}/#/editions/${DATE}/articles/mekong-water-data`, { waitUntil: 'load' });
      await page.waitForSelector('#story table');
      const rows = await page.$$eval('#story table tr', (trs) => trs.map((tr) => Array.from(tr.children).map((cell) => `${cell.tagName.toLowerCase()}:${cell.textContent}`)));
      // The levels are figures: flush right, as in print; the names and countries are not.
      expect(await page.$$eval('#story table tr', (trs) => trs.map((tr) => Array.from(tr.children).map((cell) => getComputedStyle(cell).textAlign)))).toEqual(Array(5).fill(['left', 'left', 'right']));
      expect(rows).toEqual([
        ['th:Station', 'th:Country', 'th:Level (m)'],
        ['td:Vientiane', 'td:Laos', 'td:2.41'],
        ['td:Pakse', 'td:Laos', 'td:3.12'],
        ['td:Kratié', 'td:Cambodia', 'td:9.87'],
        ['td:Tân Châu', 'td:Việt Nam', 'td:1.94'],
      ]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      // A story without a photo: nothing stands in its place (the view printed "null" there).
      expect(await page.$$eval('#story > *', (parts) => parts.map((part) => part.tagName.toLowerCase()))).toEqual(['header', 'div', 'footer']);
      expect(await page.$eval('#story', (story) => story.textContent)).not.toContain('null');
      // Its footnote ends the story, opening with its figure, as in print.
      expect(await page.$$eval('#story .body p', (ps) => ps.at(-1)?.textContent)).toMatch(/^¹ A station’s own zero mark/);
      expect(await seriousViolations(page)).toEqual([]);
      await shoot(page, `table-${viewport.width}`);
      await page.close();
    }
  });

  it('ends the lines of an address and of verse where the writer ended them, as in print', async () => {
    // The sample's street-light brief closes with the hotline's address, three lines.
    const page = await signedInPage(PHONE);
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}/articles/can-tho-street-light-hotline`, { waitUntil: 'load' });
    await page.waitForSelector('#story .body p');
    const last = await page.$$eval('#story .body p', (ps) => ({ breaks: ps.at(-1)!.querySelectorAll('br').length, lines: ps.at(-1)!.innerText.split('\n') }));
    expect(last).toEqual({ breaks: 2, lines: ['Reports go to the urban works department:', 'Street-light hotline, 0292 3 821 821', '2 Hòa Bình, Ninh Kiều, Cần Thơ'] });
    // The Đà Lạt flowers story quotes two lines of a Tết rhyme: verse, a line to a block of its own
    // (a line that runs over hangs an em in, the template's .vl rule).
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}/articles/da-lat-tet-flowers`, { waitUntil: 'load' });
    await page.waitForSelector('#story .body blockquote .vl');
    const verse = await page.$$eval('#story .body blockquote .vl', (lines) => lines.map((line) => ({ text: line.textContent, block: getComputedStyle(line).display, hang: getComputedStyle(line).textIndent })));
    expect(verse.map((line) => line.text)).toEqual(['Thịt mỡ, dưa hành, câu đối đỏ,', 'cây nêu, tràng pháo, bánh chưng xanh.']);
    expect(verse.every((line) => line.block === 'block' && line.hang.startsWith('-'))).toBe(true);
    // Its photo of the flower beds stands in the text where the writer put it, after the first
    // paragraph, its caption and credit under it, loaded through a short-lived link.
    await imagesLoaded(page, '#story .body figure.in-text img');
    const figure = await page.$eval('#story .body figure.in-text', (f) => ({ before: f.previousElementSibling?.textContent?.slice(0, 14), alt: f.querySelector('img')!.alt, caption: f.querySelector('figcaption')?.textContent, width: f.getBoundingClientRect().width }));
    expect(figure).toMatchObject({ before: 'Flower growers', alt: expect.stringMatching(/^Chrysanthemum beds/) });
    expect(figure.caption).toMatch(/Tết\. — Herald Photo Lê Minh Châu$/);
    expect(figure.width).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('gives a subscriber a share link that opens the story for someone without a token', async () => {
    // A story with its photo, so the shared page's figure is seen on a phone: which one has a photo
    // is the desk's record (subscribers are not given the newsroom's file names since the 82nd round).
    expect(manifest.articles.some((a) => 'photo' in a || 'source' in a)).toBe(false);
    const record = (await (await fetch(`${dev.apiUrl}/editions/${DATE}`, { headers: { authorization: `Bearer ${dev.editorToken}` } })).json()) as Manifest;
    const target = record.articles.find((a) => a.pages[0] > 1 && a.photo)!;
    const page = await signedInPage(DESKTOP);
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}/articles/${target.slug}`, { waitUntil: 'load' });
    await page.waitForFunction((h) => document.querySelector('#story h1')?.textContent === h, {}, target.headline);
    await page.click('#article-share');
    await visible(page, 'share-box');
    const url = await page.$eval('#share-url', (e) => (e as HTMLInputElement).value);
    // Escape closes the box and gives the focus back to the button; the link stays the same.
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => (document.getElementById('share-box') as HTMLElement).hidden);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('article-share');
    await page.click('#article-share');
    await visible(page, 'share-box');
    expect(url).toMatch(new RegExp(`^${dev.apiUrl}/shared/${DATE}\\.${target.slug}\\.`));
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();

    const stranger = await browser.newPage();
    await stranger.setViewport({ ...PHONE, deviceScaleFactor: 1 });
    const response = await stranger.goto(url, { waitUntil: 'load' });
    expect(response!.status()).toBe(200);
    expect(await stranger.$eval('h1', (e) => e.textContent)).toBe(target.headline);
    expect(await stranger.$eval('header.paper', (e) => e.textContent)).toBe(manifest.paper);
    expect(await stranger.$eval('meta[property="og:title"]', (e) => e.getAttribute('content'))).toBe(target.headline);
    expect(await stranger.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    // The photo spans the story's measure, as the paragraphs do: the browser's default figure
    // margins inset it 40 px a side, a third of a phone's width lost around it.
    const widths = await stranger.evaluate(() => ({
      photo: document.querySelector('article figure img')!.getBoundingClientRect().width,
      text: document.querySelector('article p')!.getBoundingClientRect().width,
    }));
    expect(widths.photo).toBeGreaterThan(widths.text - 1);
    expect(await seriousViolations(stranger)).toEqual([]);
    await stranger.screenshot({ path: join(shots, 'shared-phone.png'), fullPage: true });
    await stranger.close();
  });

  it('shows every view on a phone (390×844) without scrolling sideways, axe-clean', async () => {
    const page = await signedInPage(PHONE);
    await page.evaluate(() => sessionStorage.removeItem('epaper.token'));
    await page.reload({ waitUntil: 'load' });
    await visible(page, 'signin-view');
    await shoot(page, 'signin');
    await page.evaluate((token) => sessionStorage.setItem('epaper.token', token), dev.token);
    const lead = manifest.pages[0].links![0].slug;
    const views: [string, string, string, string][] = [
      ['archive', '#/', 'list-view', '.edition-card img.thumb'],
      ['edition', `#/editions/${DATE}`, 'edition-view', '#page-list img.thumb'],
      ['page', `#/editions/${DATE}/pages/1`, 'page-view', '#page-frame img'],
      ['article', `#/editions/${DATE}/articles/${lead}`, 'article-view', '#story img'],
      ['search', `#/search?q=${encodeURIComponent('Ha Noi')}`, 'search-view', ''],
    ];
    for (const [name, hash, view, images] of views) {
      await page.goto(`${dev.apiUrl}/${hash}`, { waitUntil: 'load' });
      await visible(page, view);
      if (images) await imagesLoaded(page, images);
      else await page.waitForSelector('#search-hits li');
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(PHONE.width);
      expect(await seriousViolations(page), name).toEqual([]);
      if (name === 'page') {
        // The whole page fits under its controls, as a folded paper would: nothing to scroll to see
        // its foot (the way back once took a row of its own and pushed the foot off the screen).
        const stage = await page.$eval('#page-stage', (e) => e.getBoundingClientRect().bottom);
        expect(stage).toBeLessThanOrEqual(PHONE.height);
        // The way back shares the controls' row, by its short date; its name still says the whole date.
        const row = await page.evaluate(() => ['page-back', 'page-next', 'zoom-in'].map((id) => document.getElementById(id)!.getBoundingClientRect().top));
        expect(new Set(row).size).toBe(1);
        expect(await page.$eval('#page-back', (e) => e.textContent)).toMatch(/December 4, 2019/);
      }
      await shoot(page, name);
    }
    // And at 320 px, the width the Web Content Accessibility Guidelines ask content to reflow to (the
    // search form's input once kept its default width and pushed the page 12 px wider).
    await page.setViewport({ width: 320, height: 640, deviceScaleFactor: 1, hasTouch: true, isMobile: true });
    for (const [name, hash, view] of views) {
      await page.goto(`${dev.apiUrl}/${hash}`, { waitUntil: 'load' });
      await visible(page, view);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} at 320 px`).toBeLessThanOrEqual(320);
      if (name === 'page') {
        // Inside the page's margin too: the row of controls once ran 11 px past it, + at the screen's edge.
        const row = await page.$eval('#page-view .toolbar > .row', (e) => ({ scroll: e.scrollWidth, client: e.clientWidth, right: e.getBoundingClientRect().right }));
        expect(row.scroll).toBeLessThanOrEqual(row.client);
        expect(row.right).toBeLessThanOrEqual(320 - 8);
      }
    }
    await page.setViewport({ ...PHONE, deviceScaleFactor: 1, hasTouch: true, isMobile: true });
    // A swipe to the left on the page turns to the next one.
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}/pages/1`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 1 of'));
    const stage = (await page.$eval('#page-stage', (e) => e.getBoundingClientRect().toJSON())) as DOMRect;
    const y = stage.top + Math.min(stage.height, 300) / 2;
    await page.touchscreen.touchStart(stage.left + stage.width * 0.8, y);
    await page.touchscreen.touchMove(stage.left + stage.width * 0.5, y + 5);
    await page.touchscreen.touchMove(stage.left + stage.width * 0.2, y + 10);
    await page.touchscreen.touchEnd();
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 2 of'));
    await page.close();
    expect(pageErrors).toEqual([]);
  });

  it("follows the window's width with its zoom until the reader picks one", async () => {
    // A narrow desktop window (a phone turned to a tablet's width is the same case): the page at
    // the column's width, as on a phone; widened, the whole page, as a desktop opens on it (it
    // stayed column-wide, twice the window's height, until a reload), and narrowed, the column's
    // width again. Resized, not reloaded: puppeteer reloads a page whose mobile flags change.
    const narrow = { width: 600, height: 800 };
    const page = await signedInPage(narrow);
    const zoomLevel = () => page.$eval('#zoom-level', (e) => e.textContent);
    await page.goto(`${dev.apiUrl}/#/editions/${DATE}/pages/1`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('page-title')?.textContent?.startsWith('Page 1 of'));
    expect(await zoomLevel()).toBe('100%');
    await page.setViewport({ ...DESKTOP, deviceScaleFactor: 1 });
    await page.waitForFunction(() => document.getElementById('zoom-level')?.textContent === 'Page', { timeout: 5_000 });
    expect(await page.$eval('#page-stage', (e) => e.getBoundingClientRect().bottom)).toBeLessThanOrEqual(DESKTOP.height);
    await page.screenshot({ path: join(shots, 'page-widened-desktop.png') });
    await page.setViewport({ ...narrow, deviceScaleFactor: 1 });
    await page.waitForFunction(() => document.getElementById('zoom-level')?.textContent === '100%', { timeout: 5_000 });
    // A zoom the reader chose is kept whatever the window does.
    await page.click('#zoom-in');
    expect(await zoomLevel()).toBe('150%');
    await page.setViewport({ ...DESKTOP, deviceScaleFactor: 1 });
    await page.evaluate(() => new Promise((settle) => requestAnimationFrame(() => requestAnimationFrame(settle))));
    expect(await zoomLevel()).toBe('150%');
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
