/**
 * The reader page in a real browser (JavaScript on: this is the subscriber's page, not the sealed
 * renderer) against `epaper dev`: articles uploaded over S3 become an edition, then a subscriber
 * signs in with the dev token, sees the edition with its front page, and downloads the PDF.
 */
import { readFile, mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_BUCKET, EDITIONS_BUCKET, startDevCloud, type DevCloud } from '../../bin/dev';
import { silentLogger } from '../../lambdas/adapters/logger';
import type { Manifest } from '../../lambdas/core/manifest';
import { keepOrRemoveScreenshots } from '../support/screenshots';
import { wording } from '../support/wording';
import { launchReaderBrowser } from '../support/reader-browser';

const DATE = '2019-12-04';
const OLDER_DATE = '2019-12-03';
const SAMPLES = join(import.meta.dirname, '../../samples');
/** A small slice of the sample edition: masthead config, the real wire story, Markdown with a photo, wire copy with a photo. */
const SAMPLE_FILES = [
  'edition.yaml',
  'asean-un-relations.txt',
  'ha-noi-flood-sensors.md',
  'images/ha-noi-flood-sensors.jpg',
  'mekong-salt-tolerant-rice.txt',
  'mekong-salt-tolerant-rice.jpg',
  'mekong-water-data.md',
];
const OLDER_ARTICLE = [
  '---',
  'headline: Ferry timetable changes on the Hạ Long route',
  'section: National',
  `date: ${OLDER_DATE}`,
  '---',
  '',
  'Ferries between Hạ Long and Cát Bà will leave half an hour earlier from Monday, the operator said.',
  '',
  'The change follows a survey of commuters who asked for an earlier crossing in the winter months.',
  '',
].join('\n');

type ManifestWithLinks = Manifest & { thumbnails: { page: number; url: string }[]; pdfUrl: string };


async function visibleSection(page: Page, id: string): Promise<void> {
  await page.waitForFunction((sel) => !document.getElementById(sel)?.hidden, {}, id);
}

async function allThumbnailsLoaded(page: Page, selector: string): Promise<void> {
  await page.waitForFunction(
    (sel) => {
      const images = Array.from(document.querySelectorAll<HTMLImageElement>(sel));
      return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
    },
    { timeout: 15_000 },
    selector,
  );
}

function formatDateLikeThePage(page: Page, date: string): Promise<string> {
  return page.evaluate((d) => {
    const [y, m, day] = d.split('-').map(Number);
    return new Date(Date.UTC(y, m - 1, day)).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  }, date);
}

describe('reader page in a real browser against epaper dev', () => {
  let dir: string;
  let dev: DevCloud;
  let s3: S3Client;
  let browser: Browser;
  let manifest: ManifestWithLinks;
  let publishedPdf: Buffer;
  /** The screenshots, kept after the test for a look with EPAPER_KEEP_SCREENSHOTS=1. */
  let shots: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-reader-'));
    shots = await mkdtemp(join(tmpdir(), 'epaper-reader-screens-'));
    dev = await startDevCloud({
      dir,
      s3Port: 0,
      apiPort: 0,
      interactive: false,
      renderDelayMs: 200,
      retryBaseMs: 50,
      logger: silentLogger,
    });
    s3 = new S3Client({
      endpoint: dev.s3Endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    for (const file of SAMPLE_FILES) {
      await s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: `articles/${DATE}/${file}`, Body: await readFile(join(SAMPLES, file)) }));
    }
    await s3.send(new PutObjectCommand({ Bucket: CONTENT_BUCKET, Key: `articles/${OLDER_DATE}/ferry.md`, Body: OLDER_ARTICLE }));
    await dev.settled(150_000);
    expect(dev.deadLetters).toEqual([]);
    // An upload makes a proof; the desk publishes it before subscribers can read it.
    for (const date of [DATE, OLDER_DATE]) {
      const published = await fetch(`${dev.apiUrl}/editions/${date}/publish`, { method: 'POST', headers: { authorization: `Bearer ${dev.editorToken}` } });
      expect(published.status).toBe(200);
    }

    // What the API says, read the way any client would; the browser must show the same.
    const response = await fetch(`${dev.apiUrl}/editions/${DATE}`, { headers: { authorization: `Bearer ${dev.token}` } });
    expect(response.status).toBe(200);
    manifest = (await response.json()) as ManifestWithLinks;
    const pdf = await s3.send(new GetObjectCommand({ Bucket: EDITIONS_BUCKET, Key: `editions/${DATE}/edition.pdf` }));
    publishedPdf = Buffer.from(await pdf.Body!.transformToByteArray());

    browser = await launchReaderBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    s3?.destroy();
    await dev?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (shots) await keepOrRemoveScreenshots(shots);
  });

  it('published the uploaded articles as an edition with page thumbnails, and wrote the dev token privately', async () => {
    expect(manifest.articles.length).toBeGreaterThanOrEqual(4);
    expect(manifest.thumbnails.length).toBe(manifest.pageCount);
    expect(publishedPdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(((await stat(join(dir, 'dev-token'))).mode & 0o777).toString(8)).toBe('600');
    expect((await readFile(join(dir, 'dev-token'), 'utf8')).trim()).toBe(dev.token);
  });

  it('signs in with the dev token, lists the editions, and its download button yields the PDF (phone size)', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
    await page.goto(`${dev.apiUrl}/`, { waitUntil: 'load' });

    await visibleSection(page, 'signin-view');
    await page.screenshot({ path: join(shots, 'reader-signin-390x844.png') });
    await page.type('#token-input', dev.token);
    await page.click('#token-submit');

    await visibleSection(page, 'list-view');
    await page.waitForSelector(`.edition-card[data-date="${DATE}"]`);
    const order = await page.$$eval('.edition-card', (els) => els.map((e) => e.getAttribute('data-date')));
    expect(order).toEqual([DATE, OLDER_DATE]);
    await allThumbnailsLoaded(page, '.edition-card img.thumb');
    const frontAlt = await page.$eval(`.edition-card[data-date="${DATE}"] img.thumb`, (img) => img.getAttribute('alt'));
    expect(frontAlt).toBe(`Front page of ${manifest.paper}, ${await formatDateLikeThePage(page, DATE)}`);
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(shots, 'reader-390x844.png'), fullPage: true });

    await page.click(`.edition-card[data-date="${DATE}"]`);
    await visibleSection(page, 'edition-view');
    await page.waitForSelector('#contents li');
    await allThumbnailsLoaded(page, '#page-list img.thumb');
    const contents = await page.$eval('#contents', (e) => e.textContent ?? '');
    for (const article of manifest.articles) {
      expect(contents).toContain(article.headline);
      expect(contents).toContain(article.pages.length > 1 ? `pages ${article.pages.join(', ')}` : `page ${article.pages[0]}`);
    }
    // Sections follow the paper's page order, not the order articles were listed in.
    const sectionOrder = await page.$$eval('#contents h3', (els) => els.map((e) => e.textContent));
    // Every section a page prints, in the page's order (two may start on one page).
    const printedOrder = [...new Set(manifest.pages.filter((p) => p.number > 1).flatMap((p) => p.sections ?? [p.section]))];
    expect(sectionOrder.filter((name) => printedOrder.includes(name!))).toEqual(
      printedOrder.filter((name) => manifest.articles.some((a) => a.section === name)),
    );
    expect([...sectionOrder].sort()).toEqual([...new Set(manifest.articles.map((a) => a.section))].sort());
    expect((await page.$$eval('#page-list figcaption', (els) => els.map((e) => e.textContent))).map(wording)).toEqual(
      manifest.pages.map((p) => `Page ${p.number} · ${(p.sections ?? [p.section]).join(' · ')}`),
    );
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: join(shots, 'reader-edition-390x844.png'), fullPage: true });

    // The presigned PDF arrives as a download (headless shell has no PDF viewer); keep it to read its bytes.
    const downloads = join(dir, 'downloads');
    await mkdir(downloads, { recursive: true });
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
    const downloadDone = new Promise<void>((resolve, reject) => {
      cdp.on('Browser.downloadProgress', (e) => {
        if (e.state === 'completed') resolve();
        if (e.state === 'canceled') reject(new Error('the browser cancelled the download'));
      });
    });
    const pdfResponse = new Promise<{ url: string; status: number }>((resolve) =>
      page.on('response', (r) => {
        if (r.url().includes('/edition.pdf?')) resolve({ url: r.url(), status: r.status() });
      }),
    );
    await page.click('#download');
    const presigned = await pdfResponse;
    expect(presigned.status).toBe(200);
    const link = new URL(presigned.url);
    expect(link.origin).toBe(dev.s3Endpoint);
    expect(link.searchParams.get('X-Amz-Expires')).toBe('300');
    await Promise.race([downloadDone, new Promise((_, reject) => setTimeout(() => reject(new Error('no download within 15 s')), 15_000))]);
    const files = (await readdir(downloads)).filter((f) => !f.endsWith('.crdownload'));
    // Saved under the paper's name and the date (S3 answers the link with that Content-Disposition).
    expect(files).toEqual([`the-ha-noi-herald-${DATE}.pdf`]);
    const downloaded = await readFile(join(downloads, files[0]));
    expect(downloaded.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.compare(downloaded, publishedPdf)).toBe(0);
    expect(pageErrors).toEqual([]);
    await cdp.detach();
    await page.close();
  });

  it('says a front page is loading while its edition is fetched, not that it has none', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 });
    await page.goto(`${dev.apiUrl}/`, { waitUntil: 'load' });
    await page.evaluate((token) => sessionStorage.setItem('epaper.token', token), dev.token);
    // Each edition's manifest, where its front page comes from, is held until the cards are read,
    // as a phone's connection holds it for seconds.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (/^\/editions\/\d{4}-\d{2}-\d{2}$/.test(new URL(request.url()).pathname)) void held.then(() => request.continue());
      else void request.continue();
    });
    await page.reload({ waitUntil: 'load' });
    await visibleSection(page, 'list-view');
    await page.waitForSelector(`.edition-card[data-date="${OLDER_DATE}"] .thumb`);
    expect(await page.$$eval('.edition-card .thumb', (els) => els.map((e) => e.textContent))).toEqual(['Loading…', 'Loading…']);
    release();
    await allThumbnailsLoaded(page, '.edition-card img.thumb');
    await page.close();
  });

  it('lays the archive and an edition out on a desktop screen', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 });
    await page.goto(`${dev.apiUrl}/`, { waitUntil: 'load' });
    await page.evaluate((token) => sessionStorage.setItem('epaper.token', token), dev.token);
    await page.reload({ waitUntil: 'load' });
    await visibleSection(page, 'list-view');
    await allThumbnailsLoaded(page, '.edition-card img.thumb');
    await page.screenshot({ path: join(shots, 'reader-1280x800.png') });

    await page.goto(`${dev.apiUrl}/#/editions/${DATE}`, { waitUntil: 'load' });
    await visibleSection(page, 'edition-view');
    await allThumbnailsLoaded(page, '#page-list img.thumb');
    // Pages and contents side by side on a wide screen.
    const [pagesBox, contentsBox] = await Promise.all([
      page.$eval('#page-list', (e) => e.getBoundingClientRect().toJSON()),
      page.$eval('#contents', (e) => e.getBoundingClientRect().toJSON()),
    ]);
    expect(contentsBox.left).toBeGreaterThan(pagesBox.right);
    await page.screenshot({ path: join(shots, 'reader-edition-1280x800.png') });
    await page.close();
  });

  it('takes the tokens the hosted sign-in returns in the URL fragment, and clears them from the address bar', async () => {
    const page = await browser.newPage();
    // The reader as a deployment serves it, with a hosted sign-in (epaper dev has none).
    const hosted = 'https://auth.example/oauth2/authorize?client_id=a&response_type=token&redirect_uri=https%3A%2F%2Fpaper.example%2F';
    await page.setRequestInterception(true);
    page.on('request', async (request) => {
      if (request.url() !== `${dev.apiUrl}/`) return request.continue();
      const served = await fetch(request.url());
      const body = (await served.text()).replace('</head>', `<meta name="epaper-sign-in" content="${hosted.replaceAll('&', '&amp;')}"></head>`);
      const headers: Record<string, string> = {};
      served.headers.forEach((value, name) => (headers[name] = value));
      return request.respond({ status: 200, headers, body });
    });
    await page.goto(`${dev.apiUrl}/`, { waitUntil: 'load' });
    await visibleSection(page, 'signin-view');
    // The link carries a state this tab keeps, for the sign-in to hand back with the tokens.
    const link = new URL(await page.$eval('#hosted-signin-link', (a) => (a as HTMLAnchorElement).href));
    const state = link.searchParams.get('state');
    expect(link.origin + link.pathname).toBe('https://auth.example/oauth2/authorize');
    expect(state).toMatch(/^[0-9a-f]{32}$/);
    expect(await page.evaluate(() => sessionStorage.getItem('epaper.sign-in-state'))).toBe(state);
    // Back from the hosted sign-in: a new document, not a change of the fragment.
    await page.goto('about:blank');
    await page.goto(`${dev.apiUrl}/#id_token=${dev.token}&access_token=not-used&token_type=Bearer&expires_in=3600&state=${state}`, { waitUntil: 'load' });
    await visibleSection(page, 'list-view');
    await page.waitForSelector(`.edition-card[data-date="${DATE}"]`);
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate(() => sessionStorage.getItem('epaper.token'))).toBe(dev.token);
    await page.close();
  });

  it('refuses tokens in a link this tab did not ask for (someone else\'s sign-in), on the reader and the desk', async () => {
    for (const [path, key, view] of [['/', 'epaper.token', 'signin-view'], ['/desk', 'epaper.editor-token', 'signin-view']] as const) {
      const page = await browser.newPage();
      // A fresh tab (no state kept), and one whose state differs from the link's.
      for (const kept of [undefined, 'c0ffee']) {
        await page.goto(`${dev.apiUrl}${path}`, { waitUntil: 'load' });
        await page.evaluate((state) => (state ? sessionStorage.setItem('epaper.sign-in-state', state) : sessionStorage.clear()), kept);
        await page.goto('about:blank');
        await page.goto(`${dev.apiUrl}${path}#id_token=${dev.editorToken}&token_type=Bearer&state=planted`, { waitUntil: 'load' });
        await page.waitForFunction((id) => !document.getElementById(id)?.hidden, {}, view);
        expect(await page.$eval('#status', (e) => e.textContent), `${path} ${kept}`).toMatch(/not started from this tab/);
        expect(await page.evaluate((k) => sessionStorage.getItem(k), key)).toBeNull();
        expect(new URL(page.url()).hash).toBe('');
      }
      await page.close();
    }
  });

  it('sends a reader with a bad token back to sign-in and forgets the token', async () => {
    const page = await browser.newPage();
    await page.goto(`${dev.apiUrl}/`, { waitUntil: 'load' });
    await page.evaluate(() => sessionStorage.setItem('epaper.token', 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA'));
    await page.reload({ waitUntil: 'load' });
    await visibleSection(page, 'signin-view');
    await page.waitForFunction(() => document.getElementById('status')?.classList.contains('error'));
    expect(await page.evaluate(() => sessionStorage.getItem('epaper.token'))).toBeNull();
    // The focus waits in the token field for the right one.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token-input');
    await page.close();
  });
});
