/**
 * Editorial control on the printed pages (issue 13, item 3): a held story and one under embargo are
 * not in the PDF, the story the desk named leads page 1, a pinned story starts on its page; once the
 * embargo has ended, a rebuild prints the story. Tokens planted in the articles are counted in the
 * PDF's extracted text.
 */
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser } from '../../lambdas/adapters/chromium-renderer';
import type { BuiltEdition } from '../../lambdas/core/edition';
import { buildFolder, countOf, readPdf, type PdfPage } from '../support/edition';

// Letters and digits, as the fixture's tokens: no hyphenation point, so each prints whole.
const TOKENS = { held: 'H0013P901', embargoed: 'E0013P902', lead: 'L0013P903', pinned: 'P0013P904' } as const;
const EMBARGO = '2019-12-04T10:00:00+07:00';

let dir: string;
let before: BuiltEdition;
let pages: PdfPage[];

async function addToArticle(file: string, frontMatter: string, token: string): Promise<void> {
  const text = await readFile(join(dir, file), 'utf8');
  await writeFile(join(dir, file), text.replace('---\n', `---\n${frontMatter}\n`));
  await appendFile(join(dir, file), `\n\nThe desk's marker ${token} closes this story.\n`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-editorial-render-'));
  await cp(join(__dirname, '..', '..', 'samples'), dir, { recursive: true });
  await addToArticle('ha-noi-rooftop-gardens.md', 'hold: true', TOKENS.held);
  await addToArticle('jakarta-river-plastic.md', `embargo: ${EMBARGO}`, TOKENS.embargoed);
  await addToArticle('youth-chess-championship.md', '', TOKENS.lead);
  await addToArticle('da-lat-tet-flowers.md', 'page: 5', TOKENS.pinned);
  await appendFile(join(dir, 'edition.yaml'), '\nlead: youth-chess-championship\n');
  // Published at 02:00 UTC on the day: the embargo (03:00 UTC) has not ended.
  before = await buildFolder(dir, { publicationTime: '2019-12-04T02:00:00Z' });
  ({ pages } = await readPdf(before.pdf));
}, 240_000);

afterAll(async () => {
  await closeBrowser();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const pagesWith = (token: string) => pages.filter((p) => countOf(p.text, token) > 0).map((p) => p.number);

describe('an edition with the desk’s choices', () => {
  it('does not print the held story or the one under embargo, and lists both as held', () => {
    const all = pages.map((p) => p.text).join(' ');
    expect(countOf(all, TOKENS.held)).toBe(0);
    expect(countOf(all, TOKENS.embargoed)).toBe(0);
    expect(before.manifest.held).toEqual([
      expect.objectContaining({ slug: 'ha-noi-rooftop-gardens', reason: 'hold' }),
      expect.objectContaining({ slug: 'jakarta-river-plastic', reason: 'embargo', until: '2019-12-04T03:00:00.000Z' }),
    ]);
    expect(before.manifest.articles.map((a) => a.slug)).not.toContain('ha-noi-rooftop-gardens');
  });

  it('leads page 1 with the story named by `lead`, and starts the pinned story on its page', () => {
    expect(before.manifest.articles.find((a) => a.slug === 'youth-chess-championship')?.pages[0]).toBe(1);
    expect(pages[0].text).toMatch(/^The Hà Nội Herald.{0,200}Thirteen-year-old from Cần Thơ/);
    expect(pagesWith(TOKENS.lead).length).toBe(1);
    expect(before.manifest.articles.find((a) => a.slug === 'da-lat-tet-flowers')?.pages[0]).toBe(5);
    expect(pagesWith(TOKENS.pinned)).toEqual([5]);
    expect(before.manifest.warnings.filter((w) => w.file === 'layout' && /lead|pinned/.test(w.message))).toEqual([]);
  });

  it('prints the story once its embargo has ended', async () => {
    const after = await buildFolder(dir, { publicationTime: '2019-12-04T03:00:00Z' });
    const text = (await readPdf(after.pdf)).pages.map((p) => p.text).join(' ');
    expect(countOf(text, TOKENS.embargoed)).toBe(1);
    expect(countOf(text, TOKENS.held)).toBe(0);
    expect(after.manifest.held?.map((h) => h.slug)).toEqual(['ha-noi-rooftop-gardens']);
  }, 120_000);
});
