/**
 * A reader tab whose token `epaper dev` no longer takes (it started again with another folder or
 * a new key, or the token is older than its checks): the reader says so plainly, where the new
 * token is, and carries on in the view it was in once it is pasted. Served by createSubscriberApi
 * over an in-memory editions bucket in the project's Chromium, as reader-bidi.test.ts.
 */
import type { Browser } from 'puppeteer-core';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscriberApi, type ApiRequest } from '../../lambdas/core/subscriber-api';
import { launchReaderBrowser } from '../support/reader-browser';

const DATE = '2019-12-04';
const ORIGIN = 'https://reader.invalid';
const FOLDER = '/home/someone/paper/.epaper';
const pointer = {
  date: DATE, paper: 'The Daily Edition', pdf: 'edition.pdf', pageCount: 1, fingerprint: 'f1', version: 'versions/f1/',
  pages: [{ number: 1, section: 'News', sections: ['News'], articles: ['budget'], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [] }],
  articles: [{ slug: 'budget', headline: 'Budget passes', section: 'News', source: 'budget.md', photo: null, pages: [1] }],
  rejected: [], warnings: [], publishedAt: '2019-12-04T05:00:00.000Z',
};
const objects = new Map<string, unknown>([
  [`editions/${DATE}/manifest.json`, pointer],
  ['editions/index.json', { editions: [{ date: DATE, paper: pointer.paper, pageCount: 1 }] }],
]);

let browser: Browser;

beforeAll(async () => {
  browser = await launchReaderBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** The reader as `epaper dev` serves it (`development`) or as the cloud does, taking only the token "current". */
async function readerApi(development: boolean) {
  const readerPage = await readFile(join(import.meta.dirname, '../../templates/reader.html'), 'utf8');
  return createSubscriberApi({
    editions: { get: async (key: string) => (objects.has(key) ? new TextEncoder().encode(JSON.stringify(objects.get(key))) : undefined) },
    presign: async (key: string) => `${ORIGIN}/presigned/${key}`,
    verifyToken: async (token: string) => (token === 'current' ? { ok: true, subject: 'dev-subscriber' } : { ok: false, reason: 'The token was signed with an unknown key.' }),
    readerPage,
    ...(development ? { development: { tokenFolder: FOLDER } } : {}),
  } as unknown as Parameters<typeof createSubscriberApi>[0]) as (req: ApiRequest) => Promise<{ status: number; headers: Record<string, string>; body: string }>;
}

async function openWithToken(development: boolean, token: string) {
  const handler = await readerApi(development);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  await page.evaluateOnNewDocument((value: string) => { if (!sessionStorage.getItem('epaper.token')) sessionStorage.setItem('epaper.token', value); }, token);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== ORIGIN) return void request.respond({ status: 404, body: '' });
    void handler({ method: request.method(), path: url.pathname + url.search, headers: request.headers() }).then((res) =>
      request.respond({ status: res.status, headers: res.headers, body: res.body }),
    );
  });
  await page.goto(`${ORIGIN}/#/editions/${DATE}`);
  return page;
}

describe("a reader tab whose token epaper dev no longer takes", () => {
  it('says so plainly, names the new token\'s file, and goes back to the view once it is pasted', async () => {
    const page = await openWithToken(true, 'signed-before-the-restart');
    try {
      await page.waitForFunction(() => !document.getElementById('signin-view')!.hidden, { timeout: 20_000 });
      // It said only "The token was signed with an unknown key.", as if the reader had done something wrong.
      const said = await page.$eval('#status', (s) => s.textContent!);
      expect(said).toContain('epaper dev did not accept this tab\'s token');
      expect(said).toContain('The token was signed with an unknown key');
      expect(said).toContain(`${FOLDER}/dev-token`);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('token-input');
      // The new token, pasted: the edition the tab was on, not the list.
      await page.type('#token-input', 'current');
      await page.click('#token-submit');
      await page.waitForFunction(() => !document.getElementById('edition-view')!.hidden && document.querySelectorAll('#contents a').length === 1, { timeout: 20_000 });
      expect(new URL(page.url()).hash).toBe(`#/editions/${DATE}`);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('tells a subscriber of the deployed paper only the reason, nothing of epaper dev', async () => {
    const page = await openWithToken(false, 'expired');
    try {
      await page.waitForFunction(() => !document.getElementById('signin-view')!.hidden, { timeout: 20_000 });
      expect(await page.$eval('#status', (s) => s.textContent)).toBe('The token was signed with an unknown key.');
    } finally {
      await page.close();
    }
  }, 60_000);
});
