/**
 * A story's controls (the way back, Share) stand over the story's column on a desktop, where its
 * reader's eyes are: they stood at the window's edge, 240 px left of an English story (right of a
 * Hebrew one), while the share box they open stood over the column.
 *
 * The pages are served by createSubscriberApi over an in-memory editions bucket, in Chromium
 * (request interception answers every request from the handler), as reader-rtl.test.ts does.
 */
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchReaderBrowser } from '../support/reader-browser';
import { inMemoryReaderApi, openInMemoryReader, READER_ORIGIN as ORIGIN, type ReaderHandler } from '../support/reader-in-memory';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const stories = [
  { date: '2019-12-04', slug: 'harbour', headline: 'The harbour reopens', language: 'en', text: 'The harbour reopened on Tuesday.' },
  { date: '2019-12-06', slug: 'haifa-library', headline: 'הספרייה העירונית בחיפה חוגגת מאה שנה', language: 'he', direction: 'rtl', text: 'הספרייה העירונית בחיפה חוגגת השבוע מאה שנה.' },
] as const;

let browser: Browser;
let handler: ReaderHandler;

beforeAll(async () => {
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const objects = new Map<string, Uint8Array>();
  for (const s of stories) {
    const direction = 'direction' in s ? { direction: s.direction } : {};
    objects.set(`editions/${s.date}/manifest.json`, json({
      date: s.date, paper: 'The Daily Edition', pdf: 'edition.pdf', pageCount: 1, fingerprint: 'v1', version: 'versions/v1/', language: s.language, ...direction,
      pages: [{ number: 1, section: 'Life', sections: ['Life'], articles: [s.slug], fill: 0.8, articleShare: 0.8, adShare: 0, holes: [] }],
      articles: [{ slug: s.slug, headline: s.headline, section: 'Life', source: `${s.slug}.md`, photo: null, pages: [1], language: s.language, ...direction }],
      files: { [`articles/${s.slug}.json`]: { bytes: 1, sha256: 'x' } },
      rejected: [], warnings: [], publishedAt: `${s.date}T05:00:00.000Z`,
    }));
    objects.set(`editions/${s.date}/versions/v1/articles/${s.slug}.json`, json({
      slug: s.slug, headline: s.headline, section: 'Life', language: s.language, ...direction, body: [{ kind: 'paragraph', runs: [{ text: s.text }] }], pages: [1],
    }));
  }
  handler = await inMemoryReaderApi(objects);
  browser = await launchReaderBrowser();
}, 120_000);

const openedPages: Page[] = [];
afterEach(async () => {
  await Promise.all(openedPages.splice(0).map((page) => page.close()));
});
afterAll(async () => {
  await browser?.close();
});

async function openStory(story: (typeof stories)[number], viewport: { width: number; height: number }): Promise<Page> {
  const page = await openInMemoryReader(browser, handler, `#/editions/${story.date}/articles/${story.slug}`, { viewport }, openedPages);
  await page.waitForFunction(() => !(document.getElementById('article-share') as HTMLElement).hidden && (document.getElementById('article-back')?.textContent ?? '').includes('Page 1'), { timeout: 20_000 });
  return page;
}

/** Where the way back and the story's column stand, in px from the window's left. */
async function places(page: Page): Promise<{ back: { left: number; right: number }; story: { left: number; right: number } }> {
  return page.evaluate(() => {
    const box = (id: string) => {
      const rect = document.getElementById(id)!.getBoundingClientRect();
      return { left: Math.round(rect.left), right: Math.round(rect.right) };
    };
    return { back: box('article-back'), story: box('story') };
  });
}

describe('a story\'s controls', () => {
  for (const viewport of [DESKTOP, PHONE]) {
    it(`stand at the start of an English story's column (${viewport.width} px)`, async () => {
      const { back, story } = await places(await openStory(stories[0], viewport));
      expect(back.left).toBe(story.left);
    });

    it(`stand at the start of a Hebrew story's column, its right (${viewport.width} px)`, async () => {
      const { back, story } = await places(await openStory(stories[1], viewport));
      expect(back.right).toBe(story.right);
    });
  }
});
