/**
 * The reader page in a real browser (JavaScript on: this is the subscriber's page, not the sealed
 * renderer) against a local cloud: sign in with the dev token, see the edition, download the PDF.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import chromium from '@sparticuz/chromium';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
// @ts-ignore s3rver ships no type declarations (and another file may add some)
import S3rver from 's3rver';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDevAuth } from '../../lambdas/adapters/dev-auth';
import { createS3Presigner } from '../../lambdas/adapters/s3-presigner';
import { createSubscriberApi, type ApiRequest } from '../../lambdas/core/subscriber-api';

const EDITIONS_BUCKET = 'epaper-editions';
const DATE = '2026-11-27';
const OLDER_DATE = '2026-11-26';
const PAPER = 'Việt Nam News';
const LEAD_HEADLINE = 'Việt Nam and the UN: 45 years of partnership';

interface LocalCloud {
  readonly s3Endpoint: string;
  readonly apiUrl: string;
  readonly token: string;
  stop(): Promise<void>;
}

/** Enough of `epaper dev` for the reader: s3rver with the editions bucket and the API on node:http. */
async function startReaderCloud(dir: string): Promise<LocalCloud> {
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(dir, 's3'),
    configureBuckets: [{ name: EDITIONS_BUCKET }, { name: 'epaper-content' }],
  });
  const { port: s3Port } = (await s3rver.run()) as AddressInfo;
  const s3Endpoint = `http://127.0.0.1:${s3Port}`;
  const s3 = s3Client(s3Endpoint);
  const auth = await createDevAuth(dir);
  const api = createSubscriberApi({
    editions: {
      async get(key) {
        try {
          const out = await s3.send(new GetObjectCommand({ Bucket: EDITIONS_BUCKET, Key: key }));
          return out.Body ? await out.Body.transformToByteArray() : new Uint8Array();
        } catch (error) {
          if (error instanceof NoSuchKey) return undefined;
          throw error;
        }
      },
    },
    presign: createS3Presigner(s3, EDITIONS_BUCKET),
    verifyToken: auth.verifyToken,
    readerPage: await readFile(join(import.meta.dirname, '../../templates/reader.html'), 'utf8'),
    linkLifetimeSeconds: 300,
  });
  const server = createServer((req, res) => {
    api(toApiRequest(req)).then(
      (out) => res.writeHead(out.status, out.headers).end(out.body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    s3Endpoint,
    apiUrl,
    token: auth.token,
    async stop() {
      await closeServer(server);
      await s3rver.close();
    },
  };
}

function toApiRequest(req: IncomingMessage): ApiRequest {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  return { method: req.method ?? 'GET', path: req.url ?? '/', headers };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
}

function s3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    // s3rver checks signatures against its fixed development credentials.
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A page-shaped PNG that looks like a front page from afar, so the screenshots are meaningful. */
async function pageThumbnail(number: number, headline: string): Promise<Uint8Array> {
  const lines = Array.from({ length: 14 }, (_, i) => `<rect x="16" y="${150 + i * 18}" width="${i % 5 === 4 ? 150 : 268}" height="8" fill="#9a9a9a"/>`).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="448">
    <rect width="300" height="448" fill="#fff"/>
    <text x="150" y="40" font-family="serif" font-size="30" font-weight="bold" text-anchor="middle">${number === 1 ? 'VIỆT NAM NEWS' : `Page ${number}`}</text>
    <rect x="16" y="52" width="268" height="2" fill="#000"/>
    <text x="16" y="90" font-family="serif" font-size="19" font-weight="bold">${headline.slice(0, 26)}</text>
    <rect x="16" y="106" width="268" height="32" fill="#c9c2b0"/>${lines}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

async function editionPdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  for (let i = 1; i <= pages; i++) doc.addPage([893, 1332]).drawText(`Test edition, page ${i}`, { x: 60, y: 1250, size: 30, font });
  return doc.save();
}

/** Puts a finished edition straight into the editions bucket, laid out as the publisher writes it. */
async function publishEdition(s3: S3Client, date: string, lead: string, withThumbnails: boolean): Promise<Uint8Array> {
  const version = `versions/fp-${date}/`;
  const put = (key: string, body: Uint8Array | string, contentType: string) =>
    s3.send(new PutObjectCommand({ Bucket: EDITIONS_BUCKET, Key: `editions/${date}/${key}`, Body: body, ContentType: contentType }));
  const sections = ['Front', 'National', 'World'];
  const pages = sections.map((section, i) => ({
    number: i + 1,
    section,
    articles: [`story-${i + 1}`],
    fill: 0.95,
    ...(withThumbnails ? { thumbnail: `${version}thumbnails/page-${i + 1}.png` } : {}),
  }));
  if (withThumbnails) {
    for (const page of pages) await put(page.thumbnail!, await pageThumbnail(page.number, page.number === 1 ? lead : page.section), 'image/png');
  }
  const manifest = {
    date,
    pdf: 'edition.pdf',
    pageCount: pages.length,
    fingerprint: `fp-${date}`,
    paper: PAPER,
    edition: 'National',
    generatedBy: 'reader e2e fixture',
    pages,
    articles: [
      { slug: 'story-1', headline: lead, section: 'Front', source: 'story-1.md', pages: [1, 3] },
      { slug: 'story-2', headline: 'Hà Nội opens a new metro line', section: 'National', source: 'story-2.md', pages: [2] },
      { slug: 'story-3', headline: 'Mekong delta farmers switch to shrimp', section: 'National', source: 'story-3.md', pages: [2] },
      { slug: 'story-4', headline: 'ASEAN ministers meet in Kuala Lumpur', section: 'World', source: 'story-4.md', pages: [3] },
    ],
    rejected: [],
    warnings: [],
  };
  const pdf = await editionPdf(pages.length);
  await put(`${version}edition.pdf`, pdf, 'application/pdf');
  await put('edition.pdf', pdf, 'application/pdf');
  await put('manifest.json', JSON.stringify(manifest), 'application/json');
  return pdf;
}

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

describe('reader page in a real browser', () => {
  let dir: string;
  let cloud: LocalCloud;
  let browser: Browser;
  let pdfBytes: Uint8Array;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'epaper-reader-'));
    cloud = await startReaderCloud(dir);
    const s3 = s3Client(cloud.s3Endpoint);
    pdfBytes = await publishEdition(s3, DATE, LEAD_HEADLINE, true);
    await publishEdition(s3, OLDER_DATE, 'Yesterday: rain in the north', false);
    await s3.send(
      new PutObjectCommand({
        Bucket: EDITIONS_BUCKET,
        Key: 'editions/index.json',
        Body: JSON.stringify({
          editions: [
            { date: OLDER_DATE, fingerprint: `fp-${OLDER_DATE}`, pageCount: 3, paper: PAPER, headline: 'Yesterday: rain in the north' },
            { date: DATE, fingerprint: `fp-${DATE}`, pageCount: 3, paper: PAPER, headline: LEAD_HEADLINE },
          ],
        }),
        ContentType: 'application/json',
      }),
    );
    browser = await puppeteer.launch({
      executablePath: await chromium.executablePath(),
      args: chromium.args.filter((a) => !['--disable-web-security', '--allow-running-insecure-content'].includes(a.split('=')[0])),
      headless: 'shell',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await cloud?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the development token where epaper dev promises it', () => {
    expect(existsSync(join(dir, 'dev-token'))).toBe(true);
  });

  it('signs in with the dev token, lists the edition, and its download button yields the PDF (phone size)', async () => {
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.setViewport({ width: 390, height: 844, deviceScaleFactor: 1 });
    await page.goto(`${cloud.apiUrl}/`, { waitUntil: 'load' });

    await visibleSection(page, 'signin-view');
    await page.screenshot({ path: '/tmp/reader-signin-390x844.png' });
    await page.type('#token-input', cloud.token);
    await page.click('#token-submit');

    await visibleSection(page, 'list-view');
    const cards = await page.waitForSelector(`.edition-card[data-date="${DATE}"]`);
    expect(cards).toBeTruthy();
    const order = await page.$$eval('.edition-card', (els) => els.map((e) => e.getAttribute('data-date')));
    expect(order).toEqual([DATE, OLDER_DATE]);
    await allThumbnailsLoaded(page, `.edition-card[data-date="${DATE}"] img.thumb`);
    const frontAlt = await page.$eval(`.edition-card[data-date="${DATE}"] img.thumb`, (img) => img.getAttribute('alt'));
    expect(frontAlt).toContain('Front page of');
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/reader-390x844.png', fullPage: true });

    await page.click(`.edition-card[data-date="${DATE}"]`);
    await visibleSection(page, 'edition-view');
    await page.waitForSelector('#contents li');
    await allThumbnailsLoaded(page, '#page-list img.thumb');
    const contents = await page.$eval('#contents', (e) => e.textContent ?? '');
    expect(contents).toContain(LEAD_HEADLINE);
    expect(contents).toContain('pages 1, 3');
    expect(contents).toContain('Hà Nội opens a new metro line');
    expect(await page.$$eval('#page-list figcaption', (els) => els.map((e) => e.textContent))).toEqual([
      'Page 1 · Front',
      'Page 2 · National',
      'Page 3 · World',
    ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: '/tmp/reader-edition-390x844.png', fullPage: true });

    // The presigned PDF arrives as a download (headless shell has no PDF viewer); keep it to read its bytes.
    const downloads = join(dir, 'downloads');
    await mkdir(downloads, { recursive: true });
    const cdp = await browser.target().createCDPSession();
    await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloads, eventsEnabled: true });
    const downloadDone = new Promise<string>((resolve, reject) => {
      cdp.on('Browser.downloadProgress', (e) => {
        if (e.state === 'completed') resolve(e.guid);
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
    expect(link.origin).toBe(cloud.s3Endpoint);
    expect(link.searchParams.get('X-Amz-Expires')).toBe('300');
    await Promise.race([downloadDone, new Promise((_, reject) => setTimeout(() => reject(new Error('no download within 15 s')), 15_000))]);
    const files = (await readdir(downloads)).filter((f) => !f.endsWith('.crdownload'));
    expect(files).toEqual(['edition.pdf']);
    const downloaded = await readFile(join(downloads, files[0]));
    expect(downloaded.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(Buffer.compare(downloaded, Buffer.from(pdfBytes))).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('lays the archive and an edition out on a desktop screen', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 });
    await page.goto(`${cloud.apiUrl}/`, { waitUntil: 'load' });
    await page.evaluate((token) => sessionStorage.setItem('epaper.token', token), cloud.token);
    await page.reload({ waitUntil: 'load' });
    await visibleSection(page, 'list-view');
    await allThumbnailsLoaded(page, `.edition-card[data-date="${DATE}"] img.thumb`);
    await page.screenshot({ path: '/tmp/reader-1280x800.png' });

    await page.goto(`${cloud.apiUrl}/#/editions/${DATE}`, { waitUntil: 'load' });
    await visibleSection(page, 'edition-view');
    await allThumbnailsLoaded(page, '#page-list img.thumb');
    // Pages and contents side by side on a wide screen.
    const [pagesBox, contentsBox] = await Promise.all([
      page.$eval('#page-list', (e) => e.getBoundingClientRect().toJSON()),
      page.$eval('#contents', (e) => e.getBoundingClientRect().toJSON()),
    ]);
    expect(contentsBox.left).toBeGreaterThan(pagesBox.right);
    await page.screenshot({ path: '/tmp/reader-edition-1280x800.png' });
    await page.close();
  });

  it('sends a reader with a bad token back to sign-in', async () => {
    const page = await browser.newPage();
    await page.goto(`${cloud.apiUrl}/`, { waitUntil: 'load' });
    await page.evaluate(() => sessionStorage.setItem('epaper.token', 'eyJhbGciOiJFUzI1NiJ9.e30.AAAA'));
    await page.reload({ waitUntil: 'load' });
    await visibleSection(page, 'signin-view');
    await page.waitForFunction(() => document.getElementById('status')?.classList.contains('error'));
    expect(await page.evaluate(() => sessionStorage.getItem('epaper.token'))).toBeNull();
    await page.close();
  });
});
