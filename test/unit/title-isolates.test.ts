/**
 * A paper named in Hebrew: the PDF's title, its subject and the edition page's title join the
 * name to the date, and bidi made the name and the date one right-to-left run in a title bar
 * ("2019-12-04 — <name>", the date read first). Each name is an isolate there; a Latin paper's
 * title is as it was. No Chromium: a renderer that prints blank pages.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuiltEdition } from '../../lambdas/core/edition';
import { blankPrinter } from '../support/blank-printer';
import { buildFolder } from '../support/edition';

const PAPER = 'הארץ היומי';
const EDITION = 'מהדורת בוקר';
let dir: string;

function build(from: string): Promise<BuiltEdition> {
  return buildFolder(from, { date: '2019-12-04' }, blankPrinter);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-title-isolates-'));
  await cp('samples', dir, { recursive: true });
  const settings = await readFile(join(dir, 'edition.yaml'), 'utf8');
  await writeFile(join(dir, 'edition.yaml'), settings.replace(/^paper: .*$/m, `paper: ${PAPER}`).replace(/^edition: .*$/m, `edition: ${EDITION}`));
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a paper's name joined to the date in a title", () => {
  it('is an isolate in the PDF\'s title and subject and in the edition page\'s title', async () => {
    const edition = await build(dir);
    const pdf = await PDFDocument.load(edition.pdf, { updateMetadata: false });
    expect(pdf.getTitle()).toBe(`\u2068${PAPER}\u2069 — 2019-12-04`);
    expect(pdf.getSubject()).toBe(`\u2068${EDITION}\u2069, 2019-12-04`);
    expect(edition.html).toContain(`<title>\u2068${PAPER}\u2069 — 2019-12-04</title>`);
  }, 120_000);

  it('is as it was when it holds no right-to-left letter', async () => {
    const edition = await build('samples');
    const pdf = await PDFDocument.load(edition.pdf, { updateMetadata: false });
    expect(pdf.getTitle()).toBe('The Hà Nội Herald — 2019-12-04');
    expect(pdf.getSubject()).toBe('E-paper edition, 2019-12-04');
  }, 120_000);
});
