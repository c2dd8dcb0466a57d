/**
 * The desk marks the pages publishing the proof changes, and says them in its summary and in the
 * question before Publish (the API's `pendingPageChanges`, 82nd round): a story pulled from a
 * published edition moved stories on most of its pages and dropped two, and the desk said only
 * "takes out" the story; an editor could not tell which pages to look at again.
 *
 * The desk page is served by createSubscriberApi over an in-memory editions bucket, in Chromium
 * with JavaScript on (request interception answers every request from the handler), as
 * desk-ignored.test.ts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscriberApi, type ApiRequest } from '../../lambdas/core/subscriber-api';
import type { DeskActions } from '../../lambdas/core/publish';
import { launchReaderBrowser } from '../support/reader-browser';

const ORIGIN = 'https://desk.invalid';
const DATE = '2026-12-08';

const story = (slug: string, pages: number[]) => ({ slug, headline: `The ${slug} story`, section: 'News', source: `${slug}.md`, photo: null, pages });
const page = (number: number, articles: string[], imageKey: string) => ({
  number, section: 'News', sections: ['News'], articles, fill: 0.8, articleShare: 0.8, adShare: 0, holes: [], imageSmall: `versions/f-${imageKey}/pages/page-${number}-small.webp`, imageKey,
});
const edition = (fingerprint: string, pages: ReturnType<typeof page>[], articles: ReturnType<typeof story>[]) => ({
  date: DATE, paper: 'The Daily Edition', pdf: 'edition.pdf', pageCount: pages.length, fingerprint, version: `versions/${fingerprint}/`, pages, articles, rejected: [], warnings: [],
});

// Published: four pages; the proof takes "pulled" out of page 1, so pages 1 and 2 print differently, page 3 does not, and page 4 goes.
const published = {
  ...edition('published', [page(1, ['lead', 'pulled'], 'one'), page(2, ['pulled', 'second'], 'two'), page(3, ['third'], 'three'), page(4, ['fourth'], 'four')], [story('lead', [1]), story('pulled', [1, 2]), story('second', [2]), story('third', [3]), story('fourth', [4])]),
  publishedAt: `${DATE}T05:00:00.000Z`,
};
const proof = {
  ...edition('proof', [page(1, ['lead', 'second'], 'one-b'), page(2, ['second', 'fourth'], 'two-b'), page(3, ['third'], 'three')], [story('lead', [1]), story('second', [1, 2]), story('third', [3]), story('fourth', [2])]),
  proofedAt: `${DATE}T06:00:00.000Z`,
};
const objects = new Map<string, unknown>([
  [`editions/${DATE}/manifest.json`, published],
  [`editions/${DATE}/proof.json`, proof],
  ['editions/index.json', { editions: [] }],
]);
// The version served, and the one before it, which a rollback to would bring the pulled story back.
const versions = [
  { fingerprint: 'before-the-pull', proof: false, published: false, publishedAt: [`${DATE}T04:00:00.000Z`], rollbackChanges: { corrected: [], added: ['pulled'], removed: [] } },
  { fingerprint: 'published', proof: false, published: true, publishedAt: [`${DATE}T05:00:00.000Z`] },
  { fingerprint: 'proof', proof: true, published: false, publishedAt: [] },
  // Made by renders during the day's uploads, never published.
  { fingerprint: 'a-render-in-between', proof: false, published: false, publishedAt: [] },
  { fingerprint: 'zz-another-render', proof: false, published: false, publishedAt: [] },
];
const desk = { awaiting: async () => [], refused: async () => [], versions: async () => ({ versions, history: [] }) } as unknown as DeskActions;

let browser: Browser;
let handler: (req: ApiRequest) => Promise<{ status: number; headers: Record<string, string>; body: string }>;

beforeAll(async () => {
  const deskPage = await readFile(join(import.meta.dirname, '../../templates/desk.html'), 'utf8');
  handler = createSubscriberApi({
    editions: { get: async (key: string) => (objects.has(key) ? new TextEncoder().encode(JSON.stringify(objects.get(key))) : undefined) },
    presign: async (key: string) => `${ORIGIN}/presigned/${key}`,
    verifyToken: async (token: string) => ({ ok: true, subject: token, groups: ['editors'] }),
    readerPage: 'reader',
    deskPage,
    desk,
  } as unknown as Parameters<typeof createSubscriberApi>[0]) as typeof handler;
  browser = await launchReaderBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/**
 * A tab signed in as an editor whose requests the in-memory API answers; a POST (a Publish) is
 * recorded in `posted` and refused, so that nothing a test declines is ever published.
 */
async function editorsDesk(): Promise<{ tab: Page; posted: string[] }> {
  const tab = await browser.newPage();
  await tab.evaluateOnNewDocument(() => sessionStorage.setItem('epaper.editor-token', 'editor'));
  await tab.setRequestInterception(true);
  const posted: string[] = [];
  tab.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== ORIGIN || url.pathname.startsWith('/presigned/')) return void request.respond({ status: 404, body: '' });
    if (request.method() === 'POST') {
      posted.push(url.pathname);
      return void request.respond({ status: 500, body: '{}' });
    }
    void handler({ method: request.method(), path: url.pathname + url.search, headers: request.headers() }).then((res) =>
      request.respond({ status: res.status, headers: res.headers, body: res.body }),
    );
  });
  return { tab, posted };
}

describe('the pages publishing a proof changes, on the desk', () => {
  it('are marked among the pages, said in the summary and asked about before Publish', async () => {
    const { tab, posted } = await editorsDesk();
    try {
      await tab.goto(`${ORIGIN}/desk#/${DATE}`);
      await tab.waitForFunction(() => document.querySelectorAll('#pages li').length === 3, { timeout: 20_000 });
      const summary = await tab.$eval('#summary', (node) => node.textContent ?? '');
      expect(summary).toContain('subscribers still see an earlier version; publishing removes pulled; pages 1–2 change; page 4 is gone; 4 pages become 3');
      const pages = await tab.$$eval('#pages li', (items) => items.map((item) => ({ changed: item.classList.contains('changed'), caption: item.querySelector('figcaption')?.textContent ?? '' })));
      expect(pages).toEqual([
        { changed: true, caption: 'Page 1 · \u2068News\u2069 · 2 articles · changes on publishing' },
        { changed: true, caption: 'Page 2 · \u2068News\u2069 · 2 articles · changes on publishing' },
        { changed: false, caption: 'Page 3 · \u2068News\u2069 · 1 article' },
      ]);
      // The question before Publish names the pages too (declined: nothing is posted).
      const asked: string[] = [];
      tab.on('dialog', (dialog) => {
        asked.push(dialog.message());
        void dialog.dismiss();
      });
      await tab.click('#publish');
      expect(asked).toEqual([`Publish the proof of ${DATE} to subscribers: removes pulled; pages 1–2 change; page 4 is gone; 4 pages become 3?`]);
      expect(posted).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 60_000);
});

describe('publishing an earlier version again, on the desk', () => {
  it('says what it changes against the version served, in its row and in the question before it', async () => {
    const { tab, posted } = await editorsDesk();
    try {
      await tab.goto(`${ORIGIN}/desk#/${DATE}`);
      await tab.waitForFunction(() => document.querySelectorAll('#versions tr').length === 4, { timeout: 20_000 });
      const rows = await tab.$$eval('#versions tr', (items) => items.map((row) => (row.querySelectorAll('td')[1] ?? row.querySelector('summary'))?.textContent ?? ''));
      // The served version, the proof, those published before; the renders' others folded away.
      expect(rows).toEqual(['published', 'proof', 'earlier · publishing it again brings back pulled', '2 other versions were proofed and never published']);
      const asked: string[] = [];
      tab.on('dialog', (dialog) => {
        asked.push(dialog.message());
        void dialog.dismiss();
      });
      await tab.click('#versions button[data-version="before-the-pull"]');
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatch(/^Subscribers will see version before-the-p of 2026-12-08 again \(published .+\) instead of version published \(published .+\), every story as it was then: it brings back pulled\. Publish it again\?$/);
      expect(posted).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 60_000);
});

