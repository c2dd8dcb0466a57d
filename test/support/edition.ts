/**
 * Test support: build an edition from a folder with the real adapters (Chromium, sharp, fonts from
 * npm), and read a PDF back page by page with pdfjs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { getDocument, OPS } from './pdfjs';
import { ChromiumRenderer } from '../../lambdas/adapters/chromium-renderer';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition } from '../../lambdas/core/build-edition';
import type { BuiltEdition, ComposedEdition, EditionRequest } from '../../lambdas/core/edition';
import type { Logger, Renderer } from '../../lambdas/core/ports';
import { testResources } from './fonts';

export const quietLogger: Logger = { info: () => {}, warn: () => {} };

/**
 * Builds the edition in `dir`; fails the test with the reason when no edition could be built.
 * `renderer`: Chromium, or test/support/blank-printer's blank pages for a test of what is around the print.
 */
export async function buildFolder(dir: string, request: EditionRequest = {}, renderer: Renderer = new ChromiumRenderer()): Promise<BuiltEdition> {
  const outcome = await buildEdition({
    source: new FsInputSource(dir),
    renderer,
    images: new SharpImages(),
    resources: await testResources(),
    logger: quietLogger,
    now: () => new Date('2019-12-04T08:00:00Z'),
  })(request);
  if (!outcome.ok) throw new Error(`no edition: ${outcome.reason}`);
  return outcome.edition;
}

/**
 * Sets a generated edition's folder on another page size: the quality fixture names the Berliner's
 * page and five columns, and a page size takes its own columns, so both lines give way to the size.
 */
export async function setPageSize(dir: string, pageSize: string): Promise<void> {
  const file = join(dir, 'edition.yaml');
  const yaml = (await readFile(file, 'utf8')).split('\n').filter((line) => !/^\s*(pageSize|columns):/.test(line));
  await writeFile(file, [...yaml, `pageSize: ${pageSize}`, ''].join('\n'));
}

/**
 * Builds the edition in `dir` and hands back the composition it printed (EditionRequest.onComposed),
 * for a test that measures the plan: composing the folder again beside the build took as long as
 * the build's own planning, and measured a second plan rather than the one printed.
 */
export async function buildFolderComposed(dir: string, request: EditionRequest = {}): Promise<{ edition: BuiltEdition; composed: ComposedEdition }> {
  let composed: ComposedEdition | undefined;
  const edition = await buildFolder(dir, {
    ...request,
    onComposed: (made) => {
      composed = made;
      request.onComposed?.(made);
    },
  });
  if (!composed) throw new Error('the build composed no pages');
  return { edition, composed };
}

export interface PdfPage {
  readonly number: number;
  /** Text of the page, items joined by single spaces. */
  readonly text: string;
  readonly widthPt: number;
  readonly heightPt: number;
}

/** Reads every page's text and size. */
export async function readPdf(bytes: Uint8Array): Promise<{ pages: PdfPage[]; fontNames: string[] }> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : '')).join('').replace(/\s+/g, ' ');
    const [x0, y0, x1, y1] = page.view;
    pages.push({ number: n, text, widthPt: x1 - x0, heightPt: y1 - y0 });
  }
  await doc.destroy();
  const raw = Buffer.from(bytes).toString('latin1');
  const fontNames = [...new Set([...raw.matchAll(/\/FontName\s*\/([A-Za-z0-9+_-]+)/g)].map((m) => m[1].replace(/^[A-Z]{6}\+/, '')))];
  return { pages, fontNames };
}

/** A pdf.js page, as `getDocument(...).promise` then `getPage(n)` give it. */
type PdfJsPage = Awaited<ReturnType<Awaited<ReturnType<typeof getDocument>['promise']>['getPage']>>;

/**
 * The images painted on a pdf.js page, as boxes in PDF points (origin at the page's foot, `y` the
 * box's bottom). Each image is painted as the unit square under the current transform: save,
 * restore and transform are followed.
 */
export async function paintedImages(page: PdfJsPage): Promise<{ x: number; y: number; width: number; height: number }[]> {
  const images: { x: number; y: number; width: number; height: number }[] = [];
  const operators = await page.getOperatorList();
  let ctm = [1, 0, 0, 1, 0, 0];
  const saved: number[][] = [];
  operators.fnArray.forEach((fn, i) => {
    if (fn === OPS.save) saved.push(ctm);
    else if (fn === OPS.restore) ctm = saved.pop() ?? ctm;
    else if (fn === OPS.transform) {
      const [a, b, c, d, e, f] = operators.argsArray[i] as number[];
      ctm = [ctm[0] * a + ctm[2] * b, ctm[1] * a + ctm[3] * b, ctm[0] * c + ctm[2] * d, ctm[1] * c + ctm[3] * d, ctm[0] * e + ctm[2] * f + ctm[4], ctm[1] * e + ctm[3] * f + ctm[5]];
    } else if (fn === OPS.paintImageXObject) images.push({ x: ctm[4], y: Math.min(ctm[5], ctm[5] + ctm[3]), width: ctm[0], height: Math.abs(ctm[3]) });
  });
  return images;
}

/**
 * The planted paragraph tokens (generate-edition's `T0001P001`) in `text`, found in one pass: how
 * often each stands there, as a whole token, and where it first does (-1: nowhere). Counting each
 * of a 90-article edition's three thousand tokens with `countOf` scanned its text that many times
 * (seconds of a test's time).
 */
export function plantedTokens(text: string): { count(token: string): number; first(token: string): number } {
  const at = new Map<string, number[]>();
  for (const match of text.matchAll(/T\d+P\d+/g)) {
    const list = at.get(match[0]);
    if (list) list.push(match.index);
    else at.set(match[0], [match.index]);
  }
  return { count: (token) => at.get(token)?.length ?? 0, first: (token) => at.get(token)?.[0] ?? -1 };
}

/**
 * Asserts that every planted paragraph of `articles` (generate-edition's tokens) stands exactly once
 * in `text`, the printed edition's text: none lost, none printed twice across a jump.
 */
export function expectEachParagraphOnce(text: string, articles: readonly { readonly paragraphTokens: readonly string[] }[]): void {
  const tokens = plantedTokens(text);
  for (const article of articles) for (const token of article.paragraphTokens) expect(tokens.count(token), token).toBe(1);
}

/** Counts non-overlapping occurrences of `needle` in `haystack`. */
export function countOf(haystack: string, needle: string): number {
  let count = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) count++;
  return count;
}
