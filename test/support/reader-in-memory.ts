/**
 * The reader served by createSubscriberApi over an in-memory editions bucket, in Chromium: request
 * interception answers every request to the reader's origin from the handler, so a test states the
 * bucket's objects and looks at the pages, with no local cloud to start. (reader-edition-faces
 * serves over real HTTP instead: interception would bypass Chromium's cache, which it tests.)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, HTTPRequest, Page } from 'puppeteer-core';
import { createSubscriberApi, type ApiRequest } from '../../lambdas/core/subscriber-api';

export const READER_ORIGIN = 'https://reader.invalid';

export type ReaderHandler = (req: ApiRequest) => Promise<{ status: number; headers: Record<string, string>; body: string }>;

/** The subscriber API over `objects` (key → bytes), every token a subscriber, presigned links on the reader's origin; `sharing` turns share links on. */
export async function inMemoryReaderApi(objects: ReadonlyMap<string, Uint8Array>, sharing?: { secret: string; now: () => number }): Promise<ReaderHandler> {
  return createSubscriberApi({
    ...(sharing ? { sharing } : {}),
    editions: { get: async (key: string) => objects.get(key) },
    presign: async (key: string) => `${READER_ORIGIN}/presigned/${key}`,
    verifyToken: async (token: string) => ({ ok: true, subject: token }),
    readerPage: await readFile(join(import.meta.dirname, '../../templates/reader.html'), 'utf8'),
    deskPage: '<!doctype html><title>desk</title>',
  } as unknown as Parameters<typeof createSubscriberApi>[0]) as ReaderHandler;
}

export interface OpenReaderOptions {
  readonly viewport: { width: number; height: number; isMobile?: boolean; hasTouch?: boolean };
  /** Answers a presigned download (a page image); without it, a 404. */
  readonly presigned?: (request: HTTPRequest) => void;
  /** false: the tab holds no token, and opens on the sign-in page. @default true */
  readonly signedIn?: boolean;
}

/** A new tab, signed in (unless `options.signedIn` is false), at `${READER_ORIGIN}/${path}`, its requests answered by `handler`; `opened` collects it to close. */
export async function openInMemoryReader(browser: Browser, handler: ReaderHandler, path: string, options: OpenReaderOptions, opened: Page[]): Promise<Page> {
  const page = await browser.newPage();
  opened.push(page);
  await page.setViewport(options.viewport);
  if (options.signedIn !== false) await page.evaluateOnNewDocument(() => sessionStorage.setItem('epaper.token', 'subscriber'));
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === READER_ORIGIN && url.pathname.startsWith('/presigned/') && options.presigned) return void options.presigned(request);
    if (url.origin !== READER_ORIGIN || url.pathname.startsWith('/presigned/')) return void request.respond({ status: 404, body: '' });
    void handler({ method: request.method(), path: url.pathname + url.search, headers: request.headers() }).then((res) =>
      request.respond({ status: res.status, headers: res.headers, body: res.body }),
    );
  });
  await page.goto(`${READER_ORIGIN}/${path}`);
  return page;
}
