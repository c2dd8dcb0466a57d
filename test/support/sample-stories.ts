/**
 * Test support: an edition folder of some of the sample's stories (samples/, with its photos and
 * edition.yaml), as a small paper or the day's first proofs would be.
 */
import { cp, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { isArticleFile } from '../../lambdas/core/parse';

const SAMPLES = fileURLToPath(new URL('../../samples', import.meta.url));

/**
 * Three stories a little over one page: until layout-45 a second page held their last lines (8% of
 * it), and until layout-18 the front page's column under the Inside box stood white.
 */
export const THREE_SAMPLE_STORIES: readonly string[] = ['binh-duong-logistics.json', 'hoi-an-lantern-workshop.json', 'central-highlands-coffee.txt'];

/**
 * Five stories whose lead region takes every story that may start on the front page (layout-18's
 * strip), on two pages. (An Opinion piece was the fifth until layout-78 kept Opinion off the front
 * page; the fisheries data, news, takes its place.)
 */
export const STRIP_SAMPLE_STORIES: readonly string[] = ['da-nang-marathon.json', 'mekong-water-data.md', 'asean-fisheries-data.json', 'table-tennis-mixed-doubles.md', 'tp-hcm-street-food.md'];

/**
 * Five short stories and one long one: their copy fills about two thirds of one page, an edition
 * of one page (the day's first proofs) whose stories once stood stacked three columns wide beside
 * two columns white from under the lead to the foot (layout-43).
 */
export const FIVE_SAMPLE_STORIES: readonly string[] = ['cambodia-border-market.md', 'can-tho-fruit-cold-chain.md', 'can-tho-street-light-hotline.md', 'da-lat-tet-flowers.md', 'da-nang-repair-app.md'];

/** Copies the sample edition into `dir` with only the article files named in `files`. */
export async function sampleStories(dir: string, files: readonly string[]): Promise<void> {
  await cp(SAMPLES, dir, { recursive: true });
  for (const name of await readdir(dir)) if (isArticleFile(name) && !files.includes(name)) await unlink(join(dir, name));
}

/** Sets an edition folder's edition.yaml to a named page size (edition-schema.ts PAGE_SIZES) in that page's own columns. */
export async function onNamedPage(dir: string, pageSize: string): Promise<void> {
  const yaml = await readFile(join(dir, 'edition.yaml'), 'utf8');
  await writeFile(join(dir, 'edition.yaml'), yaml.replace(/^pageSize: .*$/m, `pageSize: ${pageSize}`).replace(/^columns: .*\n/m, ''));
}

/**
 * Copies the sample edition into `dir` with its edition.yaml's page size set to `widthMm` × `heightMm`
 * and its columns to `columns`, or, without, the page size's own.
 */
export async function sampleAtPageSize(dir: string, widthMm: number, heightMm: number, columns?: number): Promise<void> {
  await cp(SAMPLES, dir, { recursive: true });
  const yaml = (await readFile(join(dir, 'edition.yaml'), 'utf8'))
    .replace(/^pageSize: .*$/m, `pageSize: {widthMm: ${widthMm}, heightMm: ${heightMm}}`)
    .replace(/^columns: .*$/m, columns === undefined ? '' : `columns: ${columns}`);
  await writeFile(join(dir, 'edition.yaml'), yaml);
}

/**
 * Copies the sample edition into `dir` on a `pageSize` page with a second photo (`widthPx` ×
 * `heightPx`) set in each Markdown story's text a fifth of the way in (after its first block at
 * least). On A4 with a 4:3 photo: the edition that set the Đà Lạt story (its own photo in its text)
 * 11/13/7/7 across four columns at page 9's foot, its last columns over white; on a broadsheet page
 * with a 3:2 one, the edition whose front page's lead, cut, printed 13/13/12/13/2 over its jump line
 * (layout-74).
 */
export async function sampleWithFigures(dir: string, pageSize: string, photo: { readonly widthPx: number; readonly heightPx: number }): Promise<void> {
  await cp(SAMPLES, dir, { recursive: true });
  await onNamedPage(dir, pageSize);
  await sharp({ create: { width: photo.widthPx, height: photo.heightPx, channels: 3, background: { r: 90, g: 120, b: 160 } } }).jpeg().toFile(join(dir, 'images/figure.jpg'));
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.md') || file === 'da-lat-tet-flowers.md') continue;
    const [, front, ...body] = (await readFile(join(dir, file), 'utf8')).split(/^---$/m);
    const blocks = body.join('---').trim().split(/\n\n/);
    if (blocks.length < 3) continue;
    blocks.splice(Math.max(1, Math.round(blocks.length * 0.2)), 0, '![The harbour board met on Tuesday to weigh plans for a new quay.](images/figure.jpg "Herald Photo")');
    await writeFile(join(dir, file), `---${front}---\n\n${blocks.join('\n\n')}\n`);
  }
}
