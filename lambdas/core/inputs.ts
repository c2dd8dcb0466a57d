/**
 * Input collection: one edition's folder (or S3 prefix) in, the articles that may print, their
 * photos, and every refusal out. This is where untrusted names, links, dates, duplicates and photo
 * headers are judged, before layout or Chromium ever sees anything.
 */
import { createHash } from 'node:crypto';
import { parseYamlDocument } from './parse/yaml-document';
import { figureBlock, storyText, type Article, type Rejection, type Warning } from './article';
import { foldMarks } from './fold';
import { checkInputName, checkPhotoBytes, checkPhotoPixels, checkTextFileSize, decodeArticleText, MAX_YAML_ALIASES, settingsText } from './limits';
import { validateEditionSettings } from './edition-schema';
import { withinArticleCap } from './input-policy';
import { cleanedCredit, extensionOf, isArticleFile, isEditionConfigName, isIsoDate, isPhotoFile, isSystemFile, parseArticle, SLUG_CHANGED, storySlug } from './parse/index';
import type { ImageInfo, ImageProcessor, InputEntry, InputSource } from './ports';

/** A probed photo, ready for layout. */
export interface CollectedPhoto {
  readonly bytes: Uint8Array;
  /** SHA-256 of the bytes, hex: what the probe and the fits are remembered by. */
  readonly contentHash: string;
  readonly info: ImageInfo;
}

/** Everything one edition build starts from. */
export interface CollectedInputs {
  /** The edition date (YYYY-MM-DD). */
  readonly date: string;
  /** Accepted articles, sorted by source file name. */
  readonly articles: Article[];
  /** Photos of accepted articles, keyed by `ArticleImage.ref`. */
  readonly photos: Map<string, CollectedPhoto>;
  /** Refused files, sorted by file name. */
  readonly rejected: Rejection[];
  /** Recoverable problems, sorted by file name (then in the order found). */
  readonly warnings: Warning[];
  /**
   * Files passed over unread for their kind (ignoredReason), in name order; each also has its
   * `ignored: …` warning in `warnings`, as before this list.
   */
  readonly ignored: Rejection[];
}

/** Options of one collection. */
export interface CollectOptions {
  /** The edition date requested by the caller (YYYY-MM-DD); wins over the articles' dates. */
  readonly date?: string;
  /** Today (YYYY-MM-DD), for an edition whose date neither the request nor the articles give. */
  readonly today: string;
}

/** The optional edition.yaml beside the articles. */
export const EDITION_CONFIG_FILE = 'edition.yaml';

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Why an entry name cannot be used, or undefined when it stays inside the root. */
export function nameLeavesRoot(name: string): string | undefined {
  if (name === '' || name.startsWith('/') || name.includes('\\') || name.includes('\0') || /^[a-z]:/i.test(name)) {
    return 'the name is not a relative path inside the input folder';
  }
  if (name.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) {
    return 'the name leads outside the input folder (".." or empty path segments)';
  }
  return undefined;
}

/**
 * Why an entry's name cannot be used, judged from the name alone: it leaves the root
 * (nameLeavesRoot), or it is too long for the keys made from it (limits.ts checkInputName).
 */
export function nameProblem(name: string): string | undefined {
  const leaves = nameLeavesRoot(name);
  if (leaves !== undefined) return leaves;
  const length = checkInputName(name);
  return length.ok ? undefined : length.reason;
}

/**
 * How many days before its edition an article may be dated and still print (a story filed the day
 * before, or held over a weekend); the same for every input format.
 */
export const ARTICLE_DAYS_BEFORE_EDITION = 7;

function daysBetween(earlier: string, later: string): number {
  return Math.round((Date.parse(`${later}T00:00:00Z`) - Date.parse(`${earlier}T00:00:00Z`)) / 86_400_000);
}

/**
 * One date rule for every format: an article dated for the edition prints; one dated up to a week
 * before it prints with a warning; one dated after it, or earlier than that, is refused with the
 * reason. An undated article prints.
 */
export function judgeArticleDate(articleDate: string | undefined, editionDate: string): { ok: true; warning?: string } | { ok: false; reason: string } {
  if (articleDate === undefined || articleDate === editionDate) return { ok: true };
  const before = daysBetween(articleDate, editionDate);
  if (before < 0) return { ok: false, reason: `dated ${articleDate}, after the ${editionDate} edition: upload it under its own date` };
  if (before <= ARTICLE_DAYS_BEFORE_EDITION) return { ok: true, warning: `dated ${articleDate}, ${before} day${before === 1 ? '' : 's'} before the ${editionDate} edition; printed all the same` };
  return { ok: false, reason: `dated ${articleDate}, more than ${ARTICLE_DAYS_BEFORE_EDITION} days before the ${editionDate} edition: too old to print` };
}

/**
 * The edition date: the one requested, else the date most dated articles carry (ties go to the
 * latest date, the edition being prepared), else today.
 */
export function decideEditionDate(requested: string | undefined, articleDates: readonly (string | undefined)[], today: string): string {
  if (requested !== undefined) return requested;
  const counts = new Map<string, number>();
  for (const date of articleDates) if (date !== undefined) counts.set(date, (counts.get(date) ?? 0) + 1);
  let best: string | undefined;
  for (const [date, count] of counts) {
    const bestCount = best === undefined ? -1 : counts.get(best)!;
    if (count > bestCount || (count === bestCount && date > best!)) best = date;
  }
  return best ?? today;
}

function refuseEntry(entry: InputEntry): string | undefined {
  if (entry.problem) return entry.problem;
  const badName = nameProblem(entry.name);
  if (badName) return badName;
  if (entry.kind === 'symlink') return 'the file is a symbolic link; links are never followed: upload the file itself';
  if (entry.kind !== 'file') return 'not a regular file (a device, socket or pipe?); upload ordinary files only';
  return undefined;
}

/** What to do with a photo saved in a format the paper does not print, by its extension. */
const FOREIGN_PHOTO_HINTS: Readonly<Record<string, string>> = {
  heic: ': an iPhone saves HEIC; export it as JPEG (or set the camera to "Most Compatible")',
  heif: ': an iPhone saves HEIF; export it as JPEG (or set the camera to "Most Compatible")',
  tif: ': save the TIFF as JPEG',
  tiff: ': save the TIFF as JPEG',
  gif: ': save the GIF as PNG',
  avif: ': save the AVIF as JPEG',
};

/**
 * Why an upload is passed over unread for its kind, or undefined for a file the build uses (an
 * article, a photo, `edition.yaml` at the top) or one no input at all (what the operating system
 * writes). Its report says `ignored` with this reason (reports.ts), the manifest lists it under
 * `ignored`, and the CLI prints it so: an `accepted` with an "ignored" warning read as used.
 */
export function ignoredReason(name: string): string | undefined {
  if (isSystemFile(name) || isArticleFile(name) || isPhotoFile(name) || isEditionConfigName(name)) return undefined;
  const hint = FOREIGN_PHOTO_HINTS[extensionOf(name)];
  const config = /(^|\/)edition\.ya?ml$/i.test(name) ? ': edition.yaml is read at the top of the date\'s folder only' : '';
  return `${IGNORED_KIND}; it was not read${hint ?? config}`;
}

/** The kinds a build reads, as the warning on an ignored file (`ignored: …`, kept for older readers) names them. */
const IGNORED_KIND = 'not an article (.md, .markdown, .json, .txt) or a photo (.jpg, .jpeg, .png, .webp)';
/** The warning every ignored file carries, in the manifest and in its report, worded as before the `ignored` status. */
export const IGNORED_WARNING = `ignored: ${IGNORED_KIND}`;

/**
 * The slug of a story in a folder whose slug came from its file name, taken from its folders as well
 * (sport/story1.md: `sport-story1`), for when another folder's story1.md holds `story1`: a desk that
 * files each section's copy in a folder of its own names files alike, and the second story was
 * refused. Undefined for a story at the top, with a `slug` of its own, or whose folders add nothing.
 */
function folderSlug(article: Article): string | undefined {
  const slash = article.source.lastIndexOf('/');
  if (slash < 0 || article.slug !== storySlug(article.source.slice(slash + 1).replace(/\.[^.]*$/, ''))) return undefined;
  const slug = storySlug(article.source.replace(/\.[^./]*$/, ''));
  return slug !== '' && slug !== article.slug ? slug : undefined;
}

/**
 * What a refusal for a duplicate slug adds when the article's own `slug` was changed to make it
 * (parse/index.ts slugChangeWarning): two slugs that differ as written (`a/b`, `a-b`) are filed
 * as one, and the refused file's report, whose warnings are not kept, said only "duplicate".
 */
function foldedSlugNote(warnings: readonly Warning[]): string {
  const folded = warnings.find((warning) => warning.message.startsWith('`slug` ') && warning.message.includes(SLUG_CHANGED));
  return folded === undefined ? '' : ` (${folded.message})`;
}

/** How a refusal names an article's format. */
const FORMAT_NAMES: Readonly<Record<Article['format'], string>> = { markdown: 'Markdown', ninjs: 'ninjs', wire: 'wire copy' };

/**
 * What makes two articles one story: the headline (as the search folds it: case, accents), the
 * text of the body (its runs, crossheads and cells, spaces collapsed) and the photo. Two files
 * alike in these print the same story twice, whatever their names, formats or slugs.
 */
function sameStoryKey(article: Article): string {
  const folded = (text: string) => foldMarks(text).toLowerCase().replace(/\s+/g, ' ').trim();
  return [folded(article.headline), folded(storyText(article.body).join(' ')), article.image?.ref ?? ''].join('\u0000');
}

/** Reads, checks and probes one photo; any problem is a reason to print without it. */
async function loadPhoto(
  ref: string,
  listing: JudgedListing,
  source: InputSource,
  images: ImageProcessor,
): Promise<{ ok: true; photo: CollectedPhoto } | { ok: false; why: string }> {
  const entry = listing.usable.get(ref);
  if (!entry) {
    const refusal = listing.refused.get(ref);
    return { ok: false, why: refusal === undefined ? `the photo '${ref}' was not found` : `the photo '${ref}' was ${refusal}` };
  }
  // Only a file named as a photo is read and handed to the image processor, which judges its first
  // bytes before any decoder sees them (an SVG, an article or edition.yaml, named as a photo or not,
  // never reaches librsvg).
  if (!isPhotoFile(ref)) return { ok: false, why: `'${ref}' is not a photo file (a JPEG, PNG or WebP, by its name)${FOREIGN_PHOTO_HINTS[extensionOf(ref)] ?? ''}` };
  if (entry.kind !== 'file') return { ok: false, why: `the photo '${ref}' is not a regular file (a link?)` };
  const size = checkPhotoBytes(entry.size);
  if (!size.ok) return { ok: false, why: `${size.reason} ('${ref}')` };
  let bytes: Uint8Array;
  try {
    bytes = await source.read(ref);
  } catch (error) {
    return { ok: false, why: `the photo '${ref}' could not be read (${(error as Error).message})` };
  }
  const readSize = checkPhotoBytes(bytes.byteLength);
  if (!readSize.ok) return { ok: false, why: `${readSize.reason} ('${ref}')` };
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  let info: ImageInfo;
  try {
    info = await probeRemembered(images, bytes, contentHash);
  } catch (error) {
    return { ok: false, why: `the photo '${ref}' cannot be used: ${(error as Error).message}` };
  }
  const pixels = checkPhotoPixels(info.widthPx, info.heightPx);
  if (!pixels.ok) return { ok: false, why: `${pixels.reason} ('${ref}')` };
  return { ok: true, photo: { bytes, contentHash, info } };
}

/**
 * Successful probes, per image processor, by the photo's content hash. A warm process (the render
 * Lambda's builder keeps one processor for its life) rebuilding a date after one story changed
 * reads every photo again as new bytes, and the probe's small decode of all of them (it proves a
 * photo whole) was about 90 ms of the 96-page edition's warm parse step, 40 photos. A failure is
 * not kept: the same bytes are judged again, and refused with the same reason, next time.
 */
const probedPhotos = new WeakMap<ImageProcessor, Map<string, Promise<ImageInfo>>>();
/** Photos remembered per processor: a warm process's working set, and then some. */
const PROBES_REMEMBERED = 1024;

function probeRemembered(images: ImageProcessor, bytes: Uint8Array, contentHash: string): Promise<ImageInfo> {
  let probes = probedPhotos.get(images);
  if (!probes) probedPhotos.set(images, (probes = new Map()));
  let probing = probes.get(contentHash);
  if (!probing) {
    const remembered = probes;
    probing = images.probe(bytes);
    probing.catch(() => remembered.delete(contentHash));
    if (remembered.size >= PROBES_REMEMBERED) remembered.delete(remembered.keys().next().value!);
    remembered.set(contentHash, probing);
  }
  return probing;
}

/**
 * Photos read and probed at once, at most: a probe decodes (small) in the image library's threads,
 * which work while the articles are parsed; a few at a time keep its memory bounded.
 */
export const PHOTO_PROBES_AT_ONCE = 4;

/** Runs `task` for each key given to `start`, at most `limit` at a time, in the order started; each result once. */
function pool<T>(limit: number, task: (key: string) => Promise<T>): { start(key: string): Promise<T> } {
  const results = new Map<string, Promise<T>>();
  const waiting: (() => void)[] = [];
  let running = 0;
  // A slot is taken the moment it is given, so that starts in one tick never overrun the limit.
  const acquire = () =>
    new Promise<void>((go) => {
      const take = () => {
        running++;
        go();
      };
      if (running < limit) take();
      else waiting.push(take);
    });
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return {
    start(key) {
      let result = results.get(key);
      if (!result) {
        result = acquire().then(() => task(key).finally(release));
        results.set(key, result);
      }
      return result;
    },
  };
}

/** A listing as the build judges it, before a byte is read. */
interface JudgedListing {
  /** The entries that may be used, by name. */
  readonly usable: ReadonlyMap<string, InputEntry>;
  /** Refused entries, in name order (what the operating system writes left out: no input at all). */
  readonly rejected: readonly Rejection[];
  /** Why each file the source could not offer (`InputEntry.problem`) was refused, by name. */
  readonly refused: ReadonlyMap<string, string>;
  /**
   * The real name of every file a photo reference may name, by its NFC form: the usable ones, and
   * the files the source could not offer, so that a story whose photo was not read (the render's
   * input budget) is told why, not that the photo is missing.
   */
  readonly realNames: ReadonlyMap<string, string>;
}

function judgeListing(listing: readonly InputEntry[]): JudgedListing {
  // No more articles than one edition reads (MAX_EDITION_ARTICLES), as the render's snapshot reads.
  const entries = withinArticleCap([...listing].sort((a, b) => byName(a.name, b.name)));
  const usable = new Map<string, InputEntry>();
  const rejected: Rejection[] = [];
  const refused = new Map<string, string>();
  for (const entry of entries) {
    if (isSystemFile(entry.name)) continue;
    const refusal = refuseEntry(entry);
    if (refusal) rejected.push({ file: entry.name, reason: refusal });
    else usable.set(entry.name, entry);
    if (entry.problem && entry.kind === 'file' && nameProblem(entry.name) === undefined) refused.set(entry.name, entry.problem);
  }
  // Photo references are compared in NFC; a Mac uploads "ảnh.jpg" in NFD. Map back to the real name.
  const realNames = new Map<string, string>();
  for (const name of [...usable.keys(), ...refused.keys()]) if (!realNames.has(name.normalize('NFC'))) realNames.set(name.normalize('NFC'), name);
  return { usable, rejected, refused, realNames };
}

/** The article with its photo references (its `image`, the photos in its text) named as the files are. */
function withRealPhotoNames(article: Article, realNames: ReadonlyMap<string, string>): Article {
  const image = article.image && { ...article.image, ref: realNames.get(article.image.ref) ?? article.image.ref };
  const hasFigures = article.body.some((block) => block.kind === 'figure');
  const body = !hasFigures ? article.body : article.body.map((block) => (block.kind === 'figure' ? { ...block, ref: realNames.get(block.ref) ?? block.ref } : block));
  return { ...article, ...(image ? { image } : {}), ...(hasFigures ? { body } : {}) };
}

/** The photos an article names: its own, then those in its text. */
function photoRefsOf(article: Article): string[] {
  return [...(article.image ? [article.image.ref] : []), ...article.body.flatMap((block) => (block.kind === 'figure' ? [block.ref] : []))];
}

/** The article files of a judged listing collectInputs parses (it warns about the others). */
function articleEntries(listing: JudgedListing): InputEntry[] {
  return [...listing.usable.values()].filter((entry) => !isEditionConfigName(entry.name) && !isPhotoFile(entry.name) && isArticleFile(entry.name));
}

/**
 * The photos the articles of `source` name (`image:`, a wire story's photo beside it, the photos
 * in its text), resolved as collectInputs resolves them, each once: those of the most important
 * stories (priority 1) first, then in the order the build reads them. The render fetches these
 * and no other photo, in this order until its input budget is spent (publish.ts). An article that
 * cannot be read or parsed names none.
 */
export async function photosNamed(source: InputSource): Promise<string[]> {
  const listing = judgeListing(await source.list());
  const inputNames = new Set(listing.realNames.keys());
  const named = new Map<string, { priority: number; order: number }>();
  for (const entry of articleEntries(listing)) {
    if (!checkTextFileSize(entry.size).ok) continue;
    let bytes: Uint8Array;
    try {
      bytes = await source.read(entry.name);
    } catch {
      continue;
    }
    const outcome = parseArticle(entry.name, bytes, { inputNames });
    if (!outcome.ok) continue;
    const article = withRealPhotoNames(outcome.article, listing.realNames);
    for (const ref of photoRefsOf(article)) {
      const known = named.get(ref);
      if (!known) named.set(ref, { priority: article.priority, order: named.size });
      else if (article.priority < known.priority) named.set(ref, { ...known, priority: article.priority });
    }
  }
  return [...named].sort(([, a], [, b]) => a.priority - b.priority || a.order - b.order).map(([ref]) => ref);
}

/**
 * Lists, parses and validates one edition's inputs: refuses links and escaping names, rejects
 * unreadable, wrongly dated and duplicate articles, and drops unusable photos with a warning.
 */
export async function collectInputs(
  source: InputSource,
  images: ImageProcessor,
  opts: CollectOptions,
): Promise<CollectedInputs> {
  if (opts.date !== undefined && !isIsoDate(opts.date)) {
    throw new Error(`edition date ${JSON.stringify(opts.date)} is not a date in the form YYYY-MM-DD`);
  }
  const listing = judgeListing(await source.list());
  const { usable, realNames } = listing;
  const rejected: Rejection[] = [...listing.rejected];
  const warnings: Warning[] = [];
  const ignored: Rejection[] = [];
  const inputNames = new Set(realNames.keys());

  // A photo is read and probed from the moment its article names it, while the next articles parse.
  const photoLoads = pool(PHOTO_PROBES_AT_ONCE, (ref) => loadPhoto(ref, listing, source, images));
  const parsed: { article: Article; warnings: readonly Warning[] }[] = [];
  for (const entry of usable.values()) {
    if (isEditionConfigName(entry.name) || isPhotoFile(entry.name)) continue;
    if (!isArticleFile(entry.name)) {
      warnings.push({ file: entry.name, message: IGNORED_WARNING });
      ignored.push({ file: entry.name, reason: ignoredReason(entry.name) ?? IGNORED_KIND });
      continue;
    }
    // Checked from the listing so that an oversized upload is never read into memory.
    const size = checkTextFileSize(entry.size);
    if (!size.ok) {
      rejected.push({ file: entry.name, reason: size.reason });
      continue;
    }
    let bytes: Uint8Array;
    try {
      bytes = await source.read(entry.name);
    } catch (error) {
      rejected.push({ file: entry.name, reason: `the file could not be read (${(error as Error).message})` });
      continue;
    }
    const outcome = parseArticle(entry.name, bytes, { inputNames });
    if (!outcome.ok) rejected.push(outcome.rejection);
    else {
      const article = withRealPhotoNames(outcome.article, realNames);
      for (const ref of photoRefsOf(article)) void photoLoads.start(ref);
      parsed.push({ article, warnings: outcome.warnings });
    }
  }

  const date = decideEditionDate(opts.date, parsed.map((p) => p.article.date), opts.today);
  const winners = new Map<string, string>();
  const stories = new Map<string, Article>();
  const accepted: { article: Article; warnings: readonly Warning[] }[] = [];
  for (const candidate of parsed) {
    const { article } = candidate;
    const dated = judgeArticleDate(article.date, date);
    if (!dated.ok) {
      rejected.push({ file: article.source, reason: dated.reason });
      continue;
    }

    // Files are visited in name order, so the first name wins on every run and every machine.
    let kept = candidate;
    const winner = winners.get(article.slug);
    if (winner !== undefined) {
      // Two names that read the same but are encoded otherwise (a Mac writes accented and Hangul
      // file names decomposed): one file uploaded twice, not two stories.
      const sameName = winner !== article.source && winner.normalize('NFC') === article.source.normalize('NFC');
      const withFolders = sameName ? undefined : folderSlug(article);
      if (withFolders === undefined || winners.has(withFolders)) {
        rejected.push({
          file: article.source,
          reason: sameName
            ? `the same file name as ${winner}, which was kept, with its letters encoded otherwise (as a Mac writes them): one file uploaded twice; delete one of the two`
            : `duplicate slug '${article.slug}' (also used by ${winner}, which was kept); give this article its own \`slug\`${foldedSlugNote(candidate.warnings)}`,
        });
        continue;
      }
      kept = {
        article: { ...article, slug: withFolders },
        warnings: [...candidate.warnings, { file: article.source, message: `its slug is '${withFolders}': '${article.slug}' is ${winner}'s, a file of the same name in another folder` }],
      };
    }
    // The same story under two names (a CMS's ninjs export beside the desk's Markdown of it) printed
    // twice, each with its own slug; the first by name is kept, as for a slug.
    const story = sameStoryKey(kept.article);
    const twin = stories.get(story);
    if (twin !== undefined) {
      const formats = twin.format === article.format ? '' : ` (as ${FORMAT_NAMES[twin.format]} and as ${FORMAT_NAMES[article.format]})`;
      rejected.push({ file: article.source, reason: `the same headline and text as ${twin.source}, which was kept: one story uploaded twice${formats}; delete one of the two` });
      continue;
    }
    stories.set(story, article);
    winners.set(kept.article.slug, article.source);
    accepted.push(dated.warning ? { ...kept, warnings: [...kept.warnings, { file: article.source, message: dated.warning }] } : kept);
  }

  const photos = new Map<string, CollectedPhoto>();
  const photoProblems = new Map<string, string>();
  const problemOf = async (ref: string): Promise<string | undefined> => {
    if (!photos.has(ref) && !photoProblems.has(ref)) {
      const loaded = await photoLoads.start(ref);
      if (loaded.ok) photos.set(ref, loaded.photo);
      else photoProblems.set(ref, loaded.why);
    }
    return photoProblems.get(ref);
  };
  // The credit a photo's metadata gives, printed where the article gives none: an agency photo
  // printed with no credit at all. The article's own credit always wins.
  const embeddedCredit = (ref: string, language: string): string | undefined => {
    const credit = photos.get(ref)?.info.credit;
    return credit === undefined ? undefined : cleanedCredit(credit, language);
  };
  const articles: Article[] = [];
  for (const { article: parsedArticle, warnings: articleWarnings } of accepted) {
    warnings.push(...articleWarnings);
    // A figure whose photo cannot be used is left out, and the editor told why; the text prints.
    let article = parsedArticle;
    if (article.body.some((block) => block.kind === 'figure')) {
      const body: Article['body'][number][] = [];
      for (const block of article.body) {
        const problem = block.kind === 'figure' ? await problemOf(block.ref) : undefined;
        if (problem !== undefined) warnings.push({ file: article.source, message: `${problem}; the photo in the text was left out` });
        else if (block.kind !== 'figure' || block.credit !== undefined) body.push(block);
        else body.push(figureBlock(block.ref, block.caption, embeddedCredit(block.ref, article.language)));
      }
      article = { ...article, body };
    }
    const ref = article.image?.ref;
    if (ref === undefined) {
      articles.push(article);
      continue;
    }
    const problem = await problemOf(ref);
    if (problem === undefined) {
      const credit = article.image!.credit ?? embeddedCredit(ref, article.language);
      articles.push(credit === undefined ? article : { ...article, image: { ...article.image!, credit } });
      continue;
    }
    if (article.image?.required) {
      rejected.push({ file: article.source, reason: `${problem}; a picture item prints as its photo, so it cannot print without it` });
      continue;
    }
    warnings.push({ file: article.source, message: `${problem}; the article prints without it` });
    if (article.image?.caption !== undefined) {
      warnings.push({ file: article.source, message: 'caption without photo: the caption was dropped' });
    }
    const { image: _dropped, ...withoutImage } = article;
    articles.push(withoutImage);
  }

  return {
    date,
    articles: articles.sort((a, b) => byName(a.source, b.source)),
    photos,
    rejected: rejected.sort((a, b) => byName(a.file, b.file)),
    // A stable sort keeps each file's warnings in the order they were found.
    warnings: warnings.sort((a, b) => byName(a.file, b.file)),
    ignored,
  };
}

/** Page size of an edition: a named format or explicit millimetres. */
export type PageSizeSetting = string | { readonly widthMm: number; readonly heightMm: number };

/** The optional edition.yaml, validated by edition-schema.ts; unknown keys are dropped with a warning. */
export interface EditionConfig {
  readonly paper?: string;
  readonly edition?: string;
  readonly issue?: number | string;
  /** Section names in print order. */
  readonly sections?: readonly string[];
  readonly pageSize?: PageSizeSetting;
  readonly columns?: number;
  readonly [extra: string]: unknown;
}

/**
 * Reads `edition.yaml` from the input root when there is one. Problems never stop a build: a bad
 * value is dropped with a warning and the defaults apply.
 */
export async function readEditionConfig(source: InputSource): Promise<{ config: EditionConfig; warnings: Warning[] }> {
  // edition.yaml, else edition.yml, else a spelling in other case ("Edition.yaml"); one is read.
  const preference = (name: string) => (name === EDITION_CONFIG_FILE ? 0 : name === 'edition.yml' ? 1 : 2);
  const candidates = (await source.list()).filter((e) => isEditionConfigName(e.name)).sort((a, b) => preference(a.name) - preference(b.name) || byName(a.name, b.name));
  const entry = candidates[0];
  if (!entry) return { config: {}, warnings: [] };
  const read = await readSettings(entry, source);
  const others = candidates.slice(1).map((other) => ({ file: other.name, message: `not read: ${entry.name} holds the edition's settings (one settings file per edition)` }));
  return { config: read.config, warnings: [...read.warnings, ...others] };
}

/** Reads and checks the settings file `entry`. */
async function readSettings(entry: InputEntry, source: InputSource): Promise<{ config: EditionConfig; warnings: Warning[] }> {
  const file = entry.name;
  const warn = (message: string): { config: EditionConfig; warnings: Warning[] } => ({
    config: {},
    warnings: [{ file, message: `${message}; the edition defaults are used` }],
  });
  if (entry.kind !== 'file') return warn('edition.yaml is not a regular file (a link?)');
  // Named as what it is: an edition.yaml of 1.4 MiB was told "the limit for an article file".
  const size = checkTextFileSize(entry.size, 'the settings file');
  if (!size.ok) return warn(size.reason);
  const decoded = decodeArticleText(await source.read(file), settingsText(file));
  if (!decoded.ok) return decoded.reason.startsWith('the file is empty') ? { config: {}, warnings: [] } : warn(decoded.reason);
  const doc = parseYamlDocument(decoded.text);
  if (doc.errors.length > 0) return warn(`edition.yaml is not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (error) {
    return warn(`edition.yaml could not be read (${(error as Error).message})`);
  }
  if (raw === null || raw === undefined) return { config: {}, warnings: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) return warn('edition.yaml must be a list of `key: value` settings');

  // One schema for every setting and its limits (edition-schema.ts), shared with the layout.
  const { settings, problems } = validateEditionSettings(raw as Record<string, unknown>);
  const warnings: Warning[] = problems.map((message) => ({ file, message }));
  const config = settings;
  return { config: config as EditionConfig, warnings };
}
