/**
 * The desk's list of problems tells a file passed over for its kind (the manifest's `ignored`, 81st
 * round) as "Ignored", once, with the reason: it was listed among the warnings alone ("ignored: not
 * an article …"), beside the files read with a note, and a desk could take it for used. A proof made
 * before the list (its warning alone) is shown as it was.
 *
 * The desk page is served by createSubscriberApi over an in-memory editions bucket, in Chromium
 * with JavaScript on (request interception answers every request from the handler).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscriberApi, type ApiRequest } from '../../lambdas/core/subscriber-api';
import type { DeskActions } from '../../lambdas/core/publish';
import { IGNORED_WARNING, ignoredReason } from '../../lambdas/core/inputs';
import { launchReaderBrowser } from '../support/reader-browser';

const ORIGIN = 'https://desk.invalid';
const NOW = '2019-12-04';
const BEFORE = '2019-12-03';

const pointer = (date: string, withList: boolean) => ({
  date,
  paper: 'The Daily Edition',
  pdf: 'edition.pdf',
  pageCount: 1,
  fingerprint: `f-${date}`,
  version: `versions/f-${date}/`,
  pages: [{ number: 1, section: 'News', sections: ['News'], articles: ['good'], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [] }],
  articles: [{ slug: 'good', headline: 'The good story', section: 'News', source: 'good.md', photo: null, pages: [1] }],
  rejected: [{ file: 'bad.md', reason: 'no headline' }],
  warnings: [
    { file: 'good.md', message: 'dated 2019-12-03, 1 day before the 2019-12-04 edition; printed all the same' },
    { file: 'story.zip', message: IGNORED_WARNING },
  ],
  ...(withList ? { ignored: [{ file: 'story.zip', reason: ignoredReason('story.zip')! }] } : {}),
  publishedAt: `${date}T05:00:00.000Z`,
});

const objects = new Map<string, unknown>([
  [`editions/${NOW}/manifest.json`, pointer(NOW, true)],
  [`editions/${BEFORE}/manifest.json`, pointer(BEFORE, false)],
  ['editions/index.json', { editions: [] }],
]);
const desk = {
  awaiting: async () => [],
  refused: async () => [],
  versions: async () => ({ versions: [], history: [] }),
} as unknown as DeskActions;

let browser: Browser;
let handler: (req: ApiRequest) => Promise<{ status: number; headers: Record<string, string>; body: string }>;

beforeAll(async () => {
  const [readerPage, deskPage] = await Promise.all(['reader.html', 'desk.html'].map((name) => readFile(join(import.meta.dirname, '../../templates', name), 'utf8')));
  handler = createSubscriberApi({
    editions: { get: async (key: string) => (objects.has(key) ? new TextEncoder().encode(JSON.stringify(objects.get(key))) : undefined) },
    presign: async (key: string) => `${ORIGIN}/presigned/${key}`,
    verifyToken: async (token: string) => ({ ok: true, subject: token, groups: ['editors'] }),
    readerPage,
    deskPage,
    desk,
  } as unknown as Parameters<typeof createSubscriberApi>[0]) as typeof handler;
  browser = await launchReaderBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** The desk for `date`, signed in as an editor, once its list of problems is filled. */
async function problemsOf(date: string): Promise<string[][]> {
  const page: Page = await browser.newPage();
  try {
    await page.evaluateOnNewDocument(() => sessionStorage.setItem('epaper.editor-token', 'editor'));
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.origin !== ORIGIN || url.pathname.startsWith('/presigned/')) return void request.respond({ status: 404, body: '' });
      void handler({ method: request.method(), path: url.pathname + url.search, headers: request.headers() }).then((res) =>
        request.respond({ status: res.status, headers: res.headers, body: res.body }),
      );
    });
    await page.goto(`${ORIGIN}/desk#/${date}`);
    await page.waitForFunction(() => (document.querySelector('#problems')?.textContent ?? '').includes('bad.md'), { timeout: 20_000 });
    return await page.$$eval('#problems tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')));
  } finally {
    await page.close();
  }
}

describe("the desk's list of problems", () => {
  it('tells a file passed over for its kind as ignored, once, with the reason', async () => {
    expect(await problemsOf(NOW)).toEqual([
      ['bad.md', 'Rejected: no headline'],
      ['story.zip', `Ignored: ${ignoredReason('story.zip')}`],
      ['good.md', 'dated 2019-12-03, 1 day before the 2019-12-04 edition; printed all the same'],
    ]);
  }, 60_000);

  it('shows a proof made before the list as it did: its warning alone', async () => {
    expect(await problemsOf(BEFORE)).toEqual([
      ['bad.md', 'Rejected: no headline'],
      ['good.md', 'dated 2019-12-03, 1 day before the 2019-12-04 edition; printed all the same'],
      ['story.zip', IGNORED_WARNING],
    ]);
  }, 60_000);
});
