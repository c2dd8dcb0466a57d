/**
 * Test support: an edition folder of some of the sample's stories (samples/, with its photos and
 * edition.yaml), as a small paper or the day's first proofs would be.
 */
import { cp, readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isArticleFile } from '../../lambdas/core/parse';

const SAMPLES = fileURLToPath(new URL('../../samples', import.meta.url));

/**
 * Three stories a little over one page: until layout-45 a second page held their last lines (8% of
 * it), and until layout-18 the front page's column under the Inside box stood white.
 */
export const THREE_SAMPLE_STORIES: readonly string[] = ['binh-duong-logistics.json', 'hoi-an-lantern-workshop.json', 'central-highlands-coffee.txt'];

/** Five stories whose lead region takes every story that may start on the front page (layout-18's strip), on two pages. */
export const STRIP_SAMPLE_STORIES: readonly string[] = ['da-nang-marathon.json', 'mekong-water-data.md', 'opinion-public-libraries.json', 'table-tennis-mixed-doubles.md', 'tp-hcm-street-food.md'];

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
