/**
 * One entry point for every article format: bytes in, a validated Article (or a rejection with a
 * reason an editor understands) out. Format parsers only pull raw fields out of their syntax; the
 * typing, defaults, limits and photo references are checked here once, the same way for all.
 */
import { createHash } from 'node:crypto';
import type { Article, ArticleFormat, ArticleImage, BodyBlock, ParseOutcome, Warning } from '../article';
import { blockText, figureBlock, mapBlockText, storyText } from '../article';
import type { ArticleDraft, DraftOutcome } from './draft';
import { checkBodyCharacters, checkBodyWords, checkHeadline, checkTextPieces, checkWordLengths, countWords, decodeArticleText, limitCaption, MAX_CAPTION_CHARS, MAX_FIGURES } from '../limits';
import { parseMarkdown } from './markdown';
import { parseNinjs } from './ninjs';
import { QUOTATION_MARK, typographicQuotes, typographicRuns, withoutEnclosingQuotes } from './quotes';
import { parseTimestampLine, parseWire } from './wire';
import { isIsoDate } from './iso-date';
import { foldMarks } from '../fold';
import { cleanCharacters } from '../text-controls';
import { languageOfLetters } from '../scripts';

export type { ArticleDraft, DraftOutcome } from './draft';

/** What the caller knows about the other inputs, so that photo references can be checked. */
export interface ParseContext {
  /**
   * Every regular file of the input, relative to the root, NFC-normalized (photo references are
   * compared in NFC). Without it, photo existence is not checked.
   */
  readonly inputNames?: ReadonlySet<string>;
}

/** File extensions parsed as articles, by format. */
export const ARTICLE_EXTENSIONS: Readonly<Record<string, ArticleFormat>> = {
  md: 'markdown',
  markdown: 'markdown',
  json: 'ninjs',
  txt: 'wire',
};

/** File extensions accepted as photos. */
export const PHOTO_EXTENSIONS: readonly string[] = ['jpg', 'jpeg', 'png', 'webp'];

/** Lower-case extension of a file name without the dot ("" when none). */
export function extensionOf(name: string): string {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/**
 * Files an operating system writes beside the ones a newsroom uploads, never articles or photos:
 * macOS's .DS_Store and "._" companions (AppleDouble: a Mac copying Story.md to a share, a stick or
 * a zip writes a binary ._Story.md beside it), the folders it keeps (__MACOSX in a zip,
 * .Spotlight-V100, .Trashes, .fseventsd), Windows's Thumbs.db and desktop.ini, and the lock files
 * Office (~$…) and LibreOffice (.~lock.…#) keep beside an open document. They are passed over
 * without a word (not read, not reported, not in the fingerprint): ._Story.md was rejected as
 * "binary, not text; save the article as UTF-8 text", which no editor wrote, and .DS_Store, which
 * Finder rewrites whenever a folder's view changes and `aws s3 sync` from a Mac uploads, made a new
 * version of an unchanged edition and a warning in every report.
 */
export function isSystemFile(name: string): boolean {
  const segments = name.split('/');
  const base = segments[segments.length - 1];
  if (segments.length > 1 && segments.slice(0, -1).some((folder) => SYSTEM_FOLDERS.has(folder))) return true;
  return SYSTEM_FILES.has(base.toLowerCase()) || base.startsWith('._') || base.startsWith('~$') || /^\.~lock\..*#$/.test(base);
}
const SYSTEM_FILES: ReadonlySet<string> = new Set(['.ds_store', 'thumbs.db', 'ehthumbs.db', 'desktop.ini', 'icon\r']);
const SYSTEM_FOLDERS: ReadonlySet<string> = new Set(['__MACOSX', '.Spotlight-V100', '.Trashes', '.fseventsd', '.TemporaryItems']);

/**
 * True for the edition's settings file: `edition.yaml` (or `.yml`) at the top of the input, in any
 * case. A desk on Windows or a Mac, whose folders ignore case, saves "Edition.yaml" as readily, and
 * it was passed over as "not an article": the edition printed the default paper's name.
 */
export function isEditionConfigName(name: string): boolean {
  return /^edition\.ya?ml$/i.test(name);
}

/** True for a name this parser turns into an article. */
export function isArticleFile(name: string): boolean {
  return extensionOf(name) in ARTICLE_EXTENSIONS;
}

/** True for a name that is a photo by its extension. */
export function isPhotoFile(name: string): boolean {
  return PHOTO_EXTENSIONS.includes(extensionOf(name));
}

/** Folds a name to a slug: lower-case ASCII letters, digits and hyphens ("tin-tức" → "tin-tuc"). */
export function slugify(name: string): string {
  return foldMarks(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
}

/**
 * A story's slug from a name: slugify's, and where that dropped letters of another script (Greek,
 * Cyrillic, Thai…), a short hash of the whole name after what is left: "Москва-2026" and
 * "Киев-2026" both fold to "2026", and the second story was refused as a duplicate slug. Names in
 * Latin letters keep their slugs (and their stories' reader addresses). Empty when nothing is left.
 */
export function storySlug(name: string): string {
  const slug = slugify(name);
  if (slug === '') return '';
  const whole = name.normalize('NFC');
  return /[^\P{L}\p{Script=Latin}]/u.test(whole) ? `${slug.slice(0, 71).replace(/-+$/, '')}-${shortHash(whole)}` : slug;
}

/** The words of every slugChangeWarning, by which a refusal finds it among an article's warnings. */
export const SLUG_CHANGED = 'which no address may carry; the story is filed under the slug';

/**
 * The warning for a `slug` as written that held what no address or key may carry (controls such as
 * NUL, invisible format characters such as a right-to-left override, a path separator, a `.` or
 * `..` segment), naming it and the slug the story is filed under; undefined for a slug whose fold
 * is the ordinary one (case, accents, spaces: "Łódź Straße" is `lodz-strasse` without a word).
 * The fold made `a\0b/../../etc` the slug `ab-etc` silently: the desk saw its story under another
 * address and no reason why.
 */
export function slugChangeWarning(written: string, slug: string): string | undefined {
  const held: string[] = [];
  const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
  const hidden = [...new Set(written.match(/[\p{Cc}\p{Cf}]/gu) ?? [])];
  if (hidden.length > 0) held.push(`${hidden.slice(0, 3).map(codePoint).join(', ')} (${hidden.length === 1 ? 'a control or invisible character' : 'control or invisible characters'})`);
  if (/[/\\]/.test(written)) held.push('a path separator');
  if (written.split(/[/\\]/).some((segment) => segment === '..' || segment === '.')) held.push("a '.' or '..' segment");
  if (held.length === 0) return undefined;
  const shown = [...written].slice(0, 80).map((ch) => (/[\p{Cc}\p{Cf}]/u.test(ch) ? `{${codePoint(ch)}}` : ch)).join('') + ([...written].length > 80 ? '…' : '');
  const list = held.length === 1 ? held[0] : `${held.slice(0, -1).join(', ')} and ${held[held.length - 1]}`;
  return `\`slug\` '${shown}' held ${list}, ${SLUG_CHANGED} '${slug}'`;
}

/** A short stable hash, for slugs of names with no Latin letters at all. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** A photo reference resolved against the article, or why it cannot be used. */
export type ResolvedRef = { readonly ok: true; readonly ref: string } | { readonly ok: false; readonly why: string };

/**
 * Resolves a photo reference written in an article against the article's folder. Only paths inside
 * the input root are usable: URLs of any scheme, absolute paths and `..` escapes are refused.
 */
export function resolvePhotoRef(articleFile: string, ref: string): ResolvedRef {
  const written = ref.trim();
  if (written === '') return { ok: false, why: 'the photo reference is empty' };
  if (/^[a-z]:[\\/]/i.test(written)) {
    return { ok: false, why: `the photo path '${written}' is a place on one computer; name the photo relative to the article, as images/photo.jpg` };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(written) || written.startsWith('//') || written.startsWith('\\\\')) {
    return { ok: false, why: `the photo '${written}' is not in the input folder (remote or special URLs are never loaded)` };
  }
  if (written.startsWith('/') || written.startsWith('\\') || written.includes('\0')) {
    return { ok: false, why: `the photo path '${written}' is not relative to the article` };
  }
  const parts = articleFile.split('/').slice(0, -1);
  // A Windows desk writes images\photo.jpg: its backslashes are folders (no input name holds one:
  // input-policy.ts refuses them), judged below like any other path.
  for (const segment of written.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) return { ok: false, why: `the photo path '${written}' leads outside the input folder` };
      parts.pop();
    } else parts.push(segment);
  }
  if (parts.length === 0) return { ok: false, why: 'the photo reference is empty' };
  return { ok: true, ref: parts.join('/').normalize('NFC') };
}

/**
 * Characters that print nothing although Unicode calls some of them letters: format characters
 * (U+200B, U+2060, U+200D, the soft hyphen…), Hangul fillers (U+3164, U+115F, U+1160, U+FFA0),
 * the blank Braille pattern, and marks with nothing to sit on.
 */
const INVISIBLE = /[\p{Cf}\p{Cc}\p{Z}\s\p{M}\u115F\u1160\u3164\uFFA0\u2800\u034F\uFE00-\uFE0F]/gu;

/** True when `text` has at least one character a reader can see. */
export function hasVisibleText(text: string): boolean {
  return text.replace(INVISIBLE, '') !== '';
}

/** Whitespace-collapsed, NFC single-line text without bidi or other controls, ligatures as their letters, with typographic quotes (`language`'s). */
function cleanLine(text: string, language = 'en'): string {
  // NBSP is kept: an editor types it on purpose to glue words together.
  return typographicQuotes(cleanCharacters(text.normalize('NFC')).replace(/[ \t\n\r\f\v]+/g, ' ').trim(), language);
}

/**
 * A credit from outside the article (the photo's own metadata, photo-credit.ts) as the article's own
 * prints: one clean line (no controls, NFC, the language's quotes) within MAX_CAPTION_CHARS, or
 * undefined when nothing visible is left.
 */
export function cleanedCredit(text: string, language: string): string | undefined {
  const line = cleanLine(text, language);
  return line !== '' && hasVisibleText(line) ? limitCaption(line).text : undefined;
}

/** Body blocks without bidi or other controls, ligatures as their letters; runs or blocks left empty are dropped. */
function cleanBody(body: readonly BodyBlock[]): BodyBlock[] {
  const out: BodyBlock[] = [];
  for (const block of body) {
    const clean = mapBlockText(block, cleanCharacters);
    if (clean) out.push(clean);
  }
  return out;
}

/**
 * A body that ends on a crosshead, less that crosshead, with a warning naming it. A crosshead
 * introduces the text under it; with none it would stand alone at the foot of the story's last
 * column, and the usual cause is a file cut short in the upload ("## Measu").
 */
function withoutTrailingCrossheads(body: BodyBlock[], messages: string[]): BodyBlock[] {
  let end = body.length;
  while (end > 0 && body[end - 1].kind === 'crosshead') end--;
  if (end === body.length) return body;
  const dropped = body.slice(end).map((block) => `“${blockText(block)}”`).join(', ');
  const one = body.length - end === 1;
  messages.push(`the body ends with the crosshead${one ? '' : 's'} ${dropped}, with no text under ${one ? 'it' : 'them'} (is the file complete?); ${one ? 'it was' : 'they were'} left out`);
  return body.slice(0, end);
}

/** A body block with typographic quotes, its story's language's (every format's body passes here). */
function typographicBlock(block: BodyBlock, language: string): BodyBlock {
  const quote = (text: string) => typographicQuotes(text, language);
  if (block.kind === 'crosshead') return { ...block, text: quote(block.text) };
  if (block.kind === 'table') return { ...block, rows: block.rows.map((row) => ({ ...row, cells: row.cells.map(quote) })) };
  if (block.kind === 'figure') return mapBlockText(block, quote)!;
  return { ...block, runs: typographicRuns(block.runs, language) };
}

/** Text folded for finding a pull quote in the body: case, quote marks, spacing and end stops do not matter. */
function foldForSearch(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(QUOTATION_MARK, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/^[\s.,;:!?…—–-]+|[\s.,;:!?…—–-]+$/g, '');
}

/**
 * The pull quote, if it repeats the body's words (a display quote prints what the story says, never
 * new copy) and is no longer than a headline; otherwise undefined with a warning.
 */
function readPullQuote(value: unknown, body: readonly BodyBlock[], messages: string[], language: string): string | undefined {
  // The layout sets its own quote marks around the text; a pair the editor typed would double them.
  const text = withoutEnclosingQuotes(optionalText('pullQuote', value, messages, language) ?? '', language);
  if (!text) return undefined;
  const limit = checkHeadline(text);
  if (!limit.ok) {
    messages.push(`\`pullQuote\` was dropped: ${limit.reason.replace('the headline', 'it')}`);
    return undefined;
  }
  const folded = foldForSearch(text);
  if (folded === '' || !foldForSearch(storyText(body).join(' ')).includes(folded)) {
    messages.push('`pullQuote` was dropped: a pull quote must repeat words of the story, and this text is not in the body');
    return undefined;
  }
  return text;
}

/** The jump head, if given and no longer than a headline (a longer one is dropped with a warning). */
function readJumpHead(value: unknown, messages: string[], language: string): string | undefined {
  const text = optionalText('jumpHead', value, messages, language);
  if (text === undefined) return undefined;
  const limit = checkHeadline(text);
  if (limit.ok) return text;
  messages.push(`\`jumpHead\` was dropped: ${limit.reason.replace('the headline', 'it')}`);
  return undefined;
}

function describeType(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  // YAML's !!binary.
  if (value instanceof Uint8Array) return 'bytes (a !!binary value)';
  return `${typeof value === 'object' ? 'a mapping' : `a ${typeof value}`}`;
}

/** Reads an optional text field: numbers are text too ("section: 2"); anything else is warned about. */
function optionalText(name: string, value: unknown, warnings: string[], language = 'en'): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    warnings.push(`\`${name}\` should be text but is ${describeType(value)}; it was ignored`);
    return undefined;
  }
  const text = cleanLine(value, language);
  return text === '' ? undefined : text;
}

export { isIsoDate };

/** Reads the edition date field: YAML may hand us a Date, everything else must be YYYY-MM-DD. */
function readDate(value: unknown): { ok: true; date?: string; warning?: string } | { ok: false; reason: string } {
  if (value === undefined || value === null || value === '') return { ok: true };
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { ok: false, reason: '`date` is not a valid date; write it as YYYY-MM-DD' };
    return { ok: true, date: value.toISOString().slice(0, 10) };
  }
  const text = typeof value === 'string' ? value.trim() : '';
  if (!isIsoDate(text)) {
    // A moment as exports write it (2019-12-04T10:00:00+07:00: its day as written) or a day with its
    // month named (4 December 2019, Dec 4, 2019), as wire copy's timestamp lines are read; a story
    // dated so was refused. A day in figures alone (04/12/2019) could be either month: refused.
    const read = parseTimestampLine(text);
    if (read !== undefined) return { ok: true, date: read, warning: `\`date\` '${text}' was read as ${read}` };
    const shown = typeof value === 'string' ? `'${value}'` : describeType(value);
    return { ok: false, reason: `\`date\` ${shown} is not a date in the form YYYY-MM-DD` };
  }
  return { ok: true, date: text };
}

function readPriority(value: unknown, warnings: string[]): 1 | 2 | 3 | 4 | 5 {
  if (value === undefined || value === null || value === '') return 3;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5) return n as 1 | 2 | 3 | 4 | 5;
  // JSON.stringify would call Infinity and NaN "null".
  const shown = typeof value === 'number' ? String(value) : typeof value === 'string' ? `'${value}'` : JSON.stringify(value) ?? String(value);
  warnings.push(`\`priority\` should be a whole number from 1 (most important) to 5; ${shown} was replaced by 3`);
  return 3;
}

/** The highest page an article may be pinned to: editions are far shorter; a larger number is a typo. */
const MAX_PINNED_PAGE = 400;

/** `page: N`: a whole page number; anything else is reported and ignored (the planner places the story). */
function readPage(value: unknown, warnings: string[]): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_PINNED_PAGE) return n;
  const shown = typeof value === 'string' ? `'${value}'` : typeof value === 'number' ? String(value) : describeType(value);
  warnings.push(`\`page\` should be a page number from 1 (the front page) to ${MAX_PINNED_PAGE}; ${shown} was ignored and the story placed by the planner`);
  return undefined;
}

/**
 * `hold:`: true keeps the story out of print. A value that is not plainly true or false holds it
 * too, with a warning: a story printed by mistake cannot be taken back, one held by mistake can.
 */
function readHold(value: unknown, warnings: string[]): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (value === true) return true;
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  if (text === 'false' || text === 'no') return false;
  if (text === 'true' || text === 'yes') return true;
  const shown = typeof value === 'string' ? `'${value}'` : describeType(value);
  warnings.push(`\`hold\` should be true or false; ${shown} was read as true, so the story is held out of print`);
  return true;
}

const DATE_TIME_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * `embargo:`: an instant with its time zone (an embargo "at 06:00" means nothing without one). A
 * value that cannot be read holds the story, with a warning that says how to write it: breaking an
 * embargo is the one mistake a newsroom cannot undo.
 */
function readEmbargo(value: unknown, warnings: string[]): { embargo?: string; hold?: true } {
  if (value === undefined || value === null || value === '') return {};
  if (value instanceof Date && !Number.isNaN(value.getTime())) return { embargo: value.toISOString() };
  const text = typeof value === 'string' ? value.trim() : '';
  const m = DATE_TIME_WITH_ZONE.exec(text);
  const instant = m && isIsoDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 ? new Date(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : undefined;
  if (instant && !Number.isNaN(instant.getTime())) return { embargo: instant.toISOString() };
  const shown = typeof value === 'string' ? `'${value.slice(0, 60)}'` : describeType(value);
  warnings.push(`\`embargo\` ${shown} is not a date and time with a time zone (write it like 2026-11-30T06:00:00+07:00); the story is held until it is fixed`);
  return { hold: true };
}

/** The story's language tag; undefined when it has none (its letters decide: finishArticle). */
function readLanguage(value: unknown, warnings: string[]): string | undefined {
  const text = optionalText('language', value, warnings);
  if (text === undefined) return undefined;
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(text)) {
    warnings.push(`\`language\` '${text}' is not a language tag such as "en" or "vi"; "en" was used`);
    return 'en';
  }
  return text;
}

/** `dir/images/name` for `dir/name`: docs/ARCHITECTURE.md ("Input") lets photos sit beside the articles or in `images/`. */
function inImagesFolder(ref: string): string {
  const slash = ref.lastIndexOf('/');
  return `${ref.slice(0, slash + 1)}images/${ref.slice(slash + 1)}`;
}

/**
 * The first of `candidates` that exists, trying each also inside the `images/` folder; failing
 * that, the one file whose name differs from a candidate's only in the case of its letters
 * (`caseDiffers`). A desktop's folders ignore case, so "images/img_1234.jpg" opens the camera's
 * IMG_1234.JPG there, and the story lost its photo only once uploaded to the bucket, which does
 * not. Two such files are no answer: nothing says which was meant.
 */
function findPhoto(candidates: readonly string[], inputNames: ReadonlySet<string>): { ref: string; caseDiffers: boolean } | undefined {
  const inFolder = candidates.map(inImagesFolder);
  const exact = candidates.find((c) => inputNames.has(c)) ?? inFolder.find((c) => inputNames.has(c));
  if (exact !== undefined) return { ref: exact, caseDiffers: false };
  const byCase = namesByCase(inputNames);
  for (const candidate of [...candidates, ...inFolder]) {
    const matches = byCase.get(candidate.toLowerCase());
    if (matches?.length === 1) return { ref: matches[0], caseDiffers: true };
  }
  return undefined;
}

/** An input's names by their lower case, made once per set of names (every article of a build shares it). */
const caseIndexes = new WeakMap<ReadonlySet<string>, ReadonlyMap<string, readonly string[]>>();
function namesByCase(inputNames: ReadonlySet<string>): ReadonlyMap<string, readonly string[]> {
  let index = caseIndexes.get(inputNames);
  if (!index) {
    const made = new Map<string, string[]>();
    for (const name of inputNames) {
      const key = name.toLowerCase();
      const names = made.get(key);
      if (names) names.push(name);
      else made.set(key, [name]);
    }
    caseIndexes.set(inputNames, (index = made));
  }
  return index;
}

/** The photo of a wire story: same base name (x.txt + x.jpg), beside it or in `images/`. */
function photoBeside(file: string, inputNames: ReadonlySet<string>): string | undefined {
  const stem = file.slice(0, file.length - extensionOf(file).length - 1).normalize('NFC');
  return findPhoto(
    PHOTO_EXTENSIONS.flatMap((ext) => [`${stem}.${ext}`, `${stem}.${ext.toUpperCase()}`]),
    inputNames,
  )?.ref;
}

/** The warning for a photo found under a name whose letters differ in case from the one written. */
function caseWarning(written: string, found: string, where = ''): string {
  return `the photo '${written}'${where} is named '${found}' (the case of its letters differs); that file was used: write its name as it is`;
}

/** A caption or credit within MAX_CAPTION_CHARS, the editor told which (`what`) when it was cut. */
function captionWithin(what: string, text: string | undefined, messages: string[]): string | undefined {
  if (text === undefined) return undefined;
  const limited = limitCaption(text);
  if (limited.cut) messages.push(`${what} is ${[...text].length} characters long; it prints cut at ${MAX_CAPTION_CHARS}, at a word, with "…"`);
  return limited.text;
}

/** A path's percent-encoding decoded (`decodeURI`: "/" and the other reserved characters stay encoded), or undefined when it has none or is not percent-encoding. */
function percentDecoded(path: string): string | undefined {
  try {
    const decoded = decodeURI(path);
    return decoded === path ? undefined : decoded;
  } catch {
    return undefined;
  }
}

/**
 * A local photo path with what a web address adds after the file name (`?w=800`, `#top`) taken
 * off, and that part; undefined when it has none. A reference copied from a CMS
 * (`images/x.jpg?w=800`) named no file, and the story printed without its photo. Cut as written,
 * before percent-decoding: an encoded `%3F` is part of the name. Only for references
 * resolvePhotoRef already took as local: a remote one stays refused.
 */
function withoutQuery(path: string): { path: string; query: string } | undefined {
  const at = path.search(/[?#]/);
  return at <= 0 ? undefined : { path: path.slice(0, at), query: path.slice(at) };
}

/**
 * Where a local photo reference may name a file: as written and percent-decoded, then (a web
 * address's query or fragment after it) the same without them. `resolved` is `ref` decoded and resolved.
 */
function photoCandidates(file: string, ref: string, resolved: string): string[] {
  const forms = (path: string): string[] => {
    const decoded = percentDecoded(path);
    return [decoded, path].flatMap((form) => {
      if (form === undefined) return [];
      const local = resolvePhotoRef(file, form);
      return local.ok ? [local.ref] : [];
    });
  };
  const bare = withoutQuery(ref);
  return [...new Set([resolved, ...forms(ref), ...(bare ? forms(bare.path) : [])])];
}

/** How a photo not found was looked for, when its reference carried a query or fragment: said, so that the desk does not look for a file named with it. */
function queryNote(ref: string): string {
  const bare = withoutQuery(ref);
  return bare ? ` (nor '${bare.path}': the '${bare.query}' after the file name, a web address's, was left aside)` : '';
}

/**
 * The body with each figure's photo resolved against the article's folder (and found in the input
 * listing, when there is one); a figure whose photo cannot be used is left out with a warning, as
 * are those past MAX_FIGURES. A Markdown path comes percent-encoded ("H%C3%A0%20N%E1%BB%99i.jpg").
 */
/** Figures whose photo cannot be used named one by one in an article's warnings, at most. */
const MAX_FIGURE_WARNINGS = 5;

function withFigurePhotos(file: string, body: readonly BodyBlock[], context: ParseContext, messages: string[]): BodyBlock[] {
  const out: BodyBlock[] = [];
  let figures = 0;
  let overLimit = 0;
  let sourceless = 0;
  const unusable: string[] = [];
  for (const block of body) {
    if (block.kind !== 'figure') {
      out.push(block);
      continue;
    }
    const named = block.caption ? ` (“${block.caption.slice(0, 60)}”)` : '';
    // The sanitizer keeps no remote or data: source: such a photo arrives with none.
    if (block.ref.trim() === '') {
      sourceless++;
      continue;
    }
    const written = percentDecoded(block.ref) ?? block.ref;
    const resolved = resolvePhotoRef(file, written);
    // A name with a "%" of its own ("50%25 off.jpg" on disk as written) is looked for as written
    // too, and a CMS's `?w=800` after the name is left aside if no file is named with it.
    const candidates = resolved.ok ? photoCandidates(file, block.ref, resolved.ref) : [];
    const found = !resolved.ok ? undefined : context.inputNames ? findPhoto(candidates, context.inputNames) : { ref: resolved.ref, caseDiffers: false };
    const ref = found?.ref;
    if (found?.caseDiffers && resolved.ok) messages.push(caseWarning(resolved.ref, found.ref, ' in the text'));
    if (!resolved.ok) unusable.push(`a photo in the text${named}: ${resolved.why}; it was left out`);
    else if (ref === undefined) unusable.push(`the photo '${resolved.ref}' in the text was not found${queryNote(block.ref)}; it was left out`);
    else if (++figures > MAX_FIGURES) overLimit++;
    else {
      const caption = captionWithin('a photo\'s caption in the text', block.caption, messages);
      const credit = captionWithin('a photo\'s credit in the text', block.credit, messages);
      out.push(figureBlock(ref, caption, credit));
    }
  }
  // Each named, up to a few: a feed that lists thousands of remote pictures gets one line for the rest.
  messages.push(...unusable.slice(0, MAX_FIGURE_WARNINGS));
  const more = unusable.length - MAX_FIGURE_WARNINGS;
  if (more > 0) messages.push(`${more} more photo${more === 1 ? '' : 's'} in the text could not be used either (remote, missing or outside the input folder); ${more === 1 ? 'it was' : 'they were'} left out`);
  if (sourceless > 0) {
    const one = sourceless === 1;
    messages.push(`${one ? 'a photo' : `${sourceless} photos`} in the text ${one ? 'names' : 'name'} no file of the input folder (remote and data: URLs are never loaded); ${one ? 'it was' : 'they were'} left out`);
  }
  if (overLimit > 0) messages.push(`the text has ${MAX_FIGURES + overLimit} photos; the first ${MAX_FIGURES} print and ${overLimit === 1 ? 'the last was' : `the last ${overLimit} were`} left out`);
  return out;
}

/** Type-checks a draft, applies defaults and limits, and resolves its photo. */
export function finishArticle(file: string, outcome: DraftOutcome, context: ParseContext = {}): ParseOutcome {
  if (!outcome.ok) return { ok: false, rejection: { file, reason: outcome.reason } };
  const { draft } = outcome;
  const f = draft.fields;
  const messages = [...outcome.warnings];
  const reject = (reason: string): ParseOutcome => ({ ok: false, rejection: { file, reason } });

  if (f.headline !== undefined && f.headline !== null && typeof f.headline !== 'string') {
    return reject(`the headline must be text, but it is ${describeType(f.headline)}${typeof f.headline === 'number' ? ` (${f.headline})` : ''}`);
  }
  // The language first: every printed field takes its quotation marks. Its warnings keep their place.
  // A story without a tag is in the language of its letters: one in Hebrew is set right to left
  // (printed left to right, its words read in reverse). This is the one place the story's language
  // is decided; the typesetter, the page's mirror, the reader's files and search all read it.
  const languageWarnings: string[] = [];
  const cleanedBody = cleanBody(draft.body);
  const language = readLanguage(f.language, languageWarnings) ?? languageOfLetters([typeof f.headline === 'string' ? f.headline : '', ...cleanedBody.map(blockText)].join('\n'));
  const headline = typeof f.headline === 'string' ? cleanLine(f.headline, language) : '';
  if (headline === '') return reject(draft.missingHeadlineReason);
  if (!hasVisibleText(headline)) {
    const shown = [...headline].slice(0, 5).map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
    return reject(`the headline has no visible character (only invisible or combining characters: ${shown}); write a headline readers can see`);
  }
  const headlineCheck = checkHeadline(headline);
  if (!headlineCheck.ok) return reject(headlineCheck.reason);

  const body = withoutTrailingCrossheads(withFigurePhotos(file, cleanedBody.map((block) => typographicBlock(block, language)), context, messages), messages);
  const words = body.reduce((sum, block) => sum + countWords(blockText(block)), 0);
  const wordCheck = checkBodyWords(words);
  if (!wordCheck.ok) return reject(wordCheck.reason);
  const lengthCheck = checkWordLengths([
    { where: 'the headline', text: headline },
    ...(['standfirst', 'byline', 'dateline', 'pullQuote'] as const).flatMap((field) => (typeof f[field] === 'string' ? [{ where: `\`${field}\``, text: f[field] as string }] : [])),
    ...body.map((block) => ({ where: 'the body', text: blockText(block) })),
  ]);
  if (!lengthCheck.ok) return reject(lengthCheck.reason);
  // …and its characters, once no single word is pasted data (whose reason says more).
  const characterCheck = checkBodyCharacters(body.reduce((sum, block) => sum + blockText(block).length, 0));
  if (!characterCheck.ok) return reject(characterCheck.reason);
  if (body.length === 0 && !draft.pictureItem) messages.push('the article has no body text; only its headline will print');

  const date = readDate(f.date);
  if (!date.ok) return reject(date.reason);
  if (date.warning) messages.push(date.warning);

  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]*$/, '');
  const explicitSlug = optionalText('slug', f.slug, messages);
  let slug = storySlug(explicitSlug ?? base);
  if (slug === '' && explicitSlug !== undefined) {
    messages.push(`\`slug\` '${explicitSlug}' has no Latin letters or digits; the file name was used`);
    slug = storySlug(base);
  } else if (typeof f.slug === 'string') {
    const unsafe = slugChangeWarning(f.slug, slug);
    if (unsafe !== undefined) messages.push(unsafe);
  }
  // Hashed as NFC: a Mac names a Hangul file in decomposed jamo, and the same name typed elsewhere
  // must give the same story the same slug (its reader address, its shared links).
  if (slug === '') slug = `article-${shortHash(file.normalize('NFC'))}`;

  const caption = captionWithin('the caption', optionalText('caption', f.caption, messages, language), messages);
  const credit = captionWithin('the credit', optionalText('credit', f.credit, messages, language), messages);
  let image: ArticleImage | undefined;
  let photoRef: string | undefined;
  const messagesBeforePhoto = messages.length;
  if (draft.photoBesideArticle) {
    photoRef = context.inputNames ? photoBeside(file, context.inputNames) : undefined;
  } else if (f.image !== undefined && f.image !== null && f.image !== '') {
    if (typeof f.image !== 'string') {
      messages.push(`\`image\` should be a path but is ${describeType(f.image)}; the article prints without a photo`);
    } else {
      const resolved = resolvePhotoRef(file, f.image);
      if (!resolved.ok) messages.push(`${resolved.why}; the article prints without it`);
      else if (!context.inputNames) photoRef = resolved.ref;
      else {
        // A ninjs rendition's href is a URI, percent-encoded ("caf%C3%A9%20photo.jpg"): looked for
        // as written, then decoded, as a photo in the text is. It printed without its photo (a
        // picture item was refused) while the same path in an <img> of its body printed.
        const found = findPhoto(photoCandidates(file, f.image, resolved.ref), context.inputNames);
        photoRef = found?.ref;
        if (found === undefined) messages.push(`the photo '${resolved.ref}' was not found${queryNote(f.image)}; the article prints without it`);
        else if (found.caseDiffers) messages.push(caseWarning(resolved.ref, found.ref));
      }
    }
  }
  if (draft.pictureItem && photoRef === undefined) {
    const why = messages.slice(messagesBeforePhoto).find((m) => /photo/.test(m))?.replace(/; the article prints without (it|a photo)$/, '') ?? 'it names no rendition';
    return reject(`a ninjs picture item prints as its photo, and it has none that can be used: ${why} (put the picture file in the input folder and name it in a rendition's href)`);
  }
  if (photoRef !== undefined) {
    image = { ref: photoRef, ...(caption ? { caption } : {}), ...(credit ? { credit } : {}), ...(draft.pictureItem ? { required: true } : {}) };
  } else if (caption !== undefined && (context.inputNames || !draft.photoBesideArticle)) {
    // Without the input listing a wire story's photo cannot be known, so its absence is not reported.
    messages.push('caption without photo: the caption was dropped');
  }

  const article: Article = {
    slug,
    headline,
    ...optional('jumpHead', readJumpHead(f.jumpHead, messages, language)),
    section: optionalText('section', f.section, messages, language) ?? 'News',
    priority: readPriority(f.priority, messages),
    ...optional('byline', optionalText('byline', f.byline, messages, language)),
    ...optional('dateline', optionalText('dateline', f.dateline, messages, language)),
    ...optional('date', date.date),
    ...optional('standfirst', optionalText('standfirst', f.standfirst, messages, language)),
    ...optional('pullQuote', readPullQuote(f.pullQuote, body, messages, language)),
    body,
    ...optional('image', image),
    ...optional('signOff', optionalText('signOff', f.signOff, messages, language)),
    language: afterWarnings(language, languageWarnings, messages),
    source: file,
    format: draft.format,
    ...optional('page', readPage(f.page, messages)),
    ...editorialHold(f.hold, f.embargo, messages),
  };
  const warnings: Warning[] = messages.map((message) => ({ file, message }));
  return { ok: true, article, warnings };
}

/** `hold` and `embargo` together: an unreadable embargo holds the story as `hold: true` would. */
function editorialHold(hold: unknown, embargo: unknown, messages: string[]): { hold?: true; embargo?: string } {
  const held = readHold(hold, messages);
  const until = readEmbargo(embargo, messages);
  return { ...(held || until.hold ? { hold: true as const } : {}), ...optional('embargo', until.embargo) };
}

/** `value`, once `warnings` are added to `messages` (in the order the fields are read). */
function afterWarnings<V>(value: V, warnings: readonly string[], messages: string[]): V {
  messages.push(...warnings);
  return value;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * Parses one input file into an Article by its extension (.md/.markdown, .json, .txt). Never
 * throws for bad input: every problem becomes a rejection or a warning.
 */
export function parseArticle(file: string, bytes: Uint8Array, context: ParseContext = {}): ParseOutcome {
  const format = ARTICLE_EXTENSIONS[extensionOf(file)];
  if (!format) {
    return { ok: false, rejection: { file, reason: 'not an article file: articles end in .md, .markdown, .json or .txt' } };
  }
  return finishArticle(file, draftRemembered(format, bytes), context);
}

/**
 * Drafts by format and content. A warm process (the render Lambda between two uploads, `epaper
 * dev`) rebuilds a date whose files mostly did not change, and reading their syntax again (the
 * text's decoding, YAML, Markdown, JSON) was about 110 ms of the 96-page edition's warm parse step
 * (152 files). What a draft becomes for its file name and the other inputs (slug, photo, limits)
 * is still decided on every build by finishArticle. Drafts are read, never changed.
 */
const rememberedDrafts = new Map<string, { readonly outcome: DraftOutcome; readonly bytes: number }>();
let rememberedDraftBytes = 0;
/** Source bytes whose drafts are remembered: several editions of 1.5 MB of text, and then some. */
export const DRAFTS_REMEMBERED_BYTES = 8 * 1024 * 1024;

function draftRemembered(format: ArticleFormat, bytes: Uint8Array): DraftOutcome {
  const key = `${format}\0${createHash('sha256').update(bytes).digest('base64')}`;
  const remembered = rememberedDrafts.get(key);
  if (remembered) {
    // Most recently used last, so that the oldest is the first let go.
    rememberedDrafts.delete(key);
    rememberedDrafts.set(key, remembered);
    return remembered.outcome;
  }
  const outcome = draftOf(format, bytes);
  if (bytes.byteLength <= DRAFTS_REMEMBERED_BYTES) {
    rememberedDrafts.set(key, { outcome, bytes: bytes.byteLength });
    rememberedDraftBytes += bytes.byteLength;
    for (const [oldest, { bytes: size }] of rememberedDrafts) {
      if (rememberedDraftBytes <= DRAFTS_REMEMBERED_BYTES) break;
      rememberedDrafts.delete(oldest);
      rememberedDraftBytes -= size;
    }
  }
  return outcome;
}

/** What the draft memory holds now (its bound is tested). */
export function rememberedDraftsSize(): { readonly entries: number; readonly bytes: number } {
  return { entries: rememberedDrafts.size, bytes: rememberedDraftBytes };
}

function draftOf(format: ArticleFormat, bytes: Uint8Array): DraftOutcome {
  const decoded = decodeArticleText(bytes);
  if (!decoded.ok) return { ok: false, reason: decoded.reason };
  // Counted before any parser reads it: their work grows with the blocks (checkTextPieces). A
  // Markdown file's front matter is the YAML reader's, bounded on its own (a flood of unknown keys
  // is read, with a warning): parseMarkdown counts its body.
  if (format !== 'markdown') {
    const pieces = checkTextPieces(decoded.text);
    if (!pieces.ok) return { ok: false, reason: pieces.reason };
  }
  return format === 'markdown' ? parseMarkdown(decoded.text) : format === 'ninjs' ? parseNinjs(decoded.text) : parseWire(decoded.text);
}
