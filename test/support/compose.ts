/**
 * Test support: a folder's edition composed the way lambdas/core/build-edition.ts composes it
 * (inputs → articles → composePages), without the photo fitting, the HTML and Chromium. For tests
 * of the layout itself: the layout digest, the model's measures, the lead's page.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qualityEdition } from '../../bin/quality';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import type { Article } from '../../lambdas/core/article';
import { collectInputs, readEditionConfig } from '../../lambdas/core/inputs';
import { composePages, type Composition, type PhotoFacts } from '../../lambdas/core/layout/compose';
import { gridFor, resolveLayoutConfig, type Grid, type LayoutConfig } from '../../lambdas/core/layout/config';
import type { LayoutPolicy } from '../../lambdas/core/layout/policy';
import type { ColumnUnit } from '../../lambdas/core/layout/story';
import { ReadOnceSource } from '../../lambdas/core/memory-source';
import { generateEdition, type GeneratedEdition } from '../fixtures/generate-edition';
import { testFonts } from './fonts';

/** What the composer is given for the edition in a folder. */
export interface CollectedFolder {
  readonly articles: readonly Article[];
  readonly config: LayoutConfig;
  readonly grid: Grid;
  /** The photos' sizes as the composer is given them. */
  readonly photos: ReadonlyMap<string, PhotoFacts>;
}

/** The same shape as the build's own (ComposedEdition, test/support/edition.ts buildFolderComposed). */
export interface ComposedFolder extends CollectedFolder {
  readonly composition: Composition;
}

/** The edition in `dir` read as build-edition reads it (same date rule: the articles' date, else 2019-12-04), not composed. */
export async function collectFolder(dir: string, date?: string): Promise<CollectedFolder> {
  const source = new ReadOnceSource(new FsInputSource(dir));
  const collected = await collectInputs(source, new SharpImages(), { date, today: '2019-12-04' });
  const editionYaml = await readEditionConfig(source);
  const { config } = resolveLayoutConfig(editionYaml.config as Record<string, unknown>);
  const photos = new Map<string, PhotoFacts>();
  for (const [ref, photo] of collected.photos) photos.set(ref, { widthPx: photo.info.widthPx, heightPx: photo.info.heightPx });
  return { articles: collected.articles, config, grid: gridFor(config), photos };
}

/** Composes the edition in `dir` as build-edition does. */
export async function composeFolder(dir: string, date?: string, policy?: LayoutPolicy): Promise<ComposedFolder> {
  const folder = await collectFolder(dir, date);
  const composition = composePages(folder.articles, folder.photos, folder.config, folder.grid, await testFonts(), policy);
  return { ...folder, composition };
}

/** The words of a run of units as a reader reads them: a word hyphenated at a line's end (its last segment ends in the hyphen) whole. */
export function textOf(units: readonly ColumnUnit[]): string {
  return units
    .flatMap((unit) => unit.lines.map((line) => line.words.map((word) => word.map((segment) => segment.text).join('')).join(' ')))
    .join(' ')
    .replace(/- /g, '');
}

/** A generated edition (bin/quality.ts's, `articles` and `seed`) in a folder of its own, read by `read` (with what was generated); the folder is gone after. */
export async function qualityEditionIn<T>(articles: number, seed: number, read: (dir: string, generated: GeneratedEdition) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'epaper-quality-'));
  try {
    return await read(dir, await generateEdition(dir, qualityEdition(articles, seed)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
