/**
 * IPTC ninjs articles, 1.x and 2.x. Agencies send either; we read the fields docs/ARCHITECTURE.md ("Input") names and
 * leave every other field alone. The JSON nesting is bounded before JSON.parse sees the text.
 *
 * `urgency` (1 most urgent … 9) maps onto priority (1 … 5): 1–2 → 1, 3 → 2, 4–5 → 3, 6–7 → 4, 8–9 → 5.
 */
import type { BodyBlock } from '../article';
import { figureBlock, storyText } from '../article';
import { parse as scanJson, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { checkJsonDepth } from '../limits';
import { normalizeRuns, untrustedHtmlToBlocks } from './html-blocks';
import type { ArticleDraft, DraftOutcome } from './draft';

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : undefined;
}

/** Maps ninjs urgency (1–9) onto our priority (1–5); other values are passed on to be warned about. */
export function urgencyToPriority(urgency: unknown): unknown {
  if (urgency === undefined || urgency === null) return undefined;
  if (typeof urgency !== 'number' || !Number.isInteger(urgency) || urgency < 1 || urgency > 9) return urgency;
  return urgency <= 2 ? 1 : urgency === 3 ? 2 : urgency <= 5 ? 3 : urgency <= 7 ? 4 : 5;
}

/** Plain text paragraphs: a blank line separates paragraphs, a single newline is a space. */
export function plainTextToBlocks(text: string): BodyBlock[] {
  return text
    .split(/\n[ \t\u00a0]*\n/)
    .map((para) => normalizeRuns([{ text: para }]))
    .filter((runs) => runs.length > 0)
    .map((runs) => ({ kind: 'paragraph' as const, runs }));
}

/** The text of an HTML field (a standfirst, a caption): its words, not an image's alt text. */
function htmlToPlainText(html: string): string {
  return storyText(untrustedHtmlToBlocks(html)).join(' ');
}

function bodyFrom(html: unknown, text: unknown): BodyBlock[] {
  if (typeof html === 'string' && html.trim() !== '') return untrustedHtmlToBlocks(html);
  if (typeof text === 'string') return plainTextToBlocks(text);
  return [];
}

/**
 * The item's date as the newsroom wrote it: the calendar day of `versioncreated` (else
 * `firstcreated`) in its own time zone, so that ninjs obeys the same date rule as Markdown's `date`
 * and wire copy's timestamp line. Undefined when neither is a timestamp.
 */
function dateFrom(doc: Json): string | undefined {
  for (const value of [doc.versioncreated, doc.firstcreated]) {
    const day = typeof value === 'string' ? /^(\d{4}-\d{2}-\d{2})(T|$)/.exec(value.trim())?.[1] : undefined;
    if (day) return day;
  }
  return undefined;
}

function sectionFrom(doc: Json): unknown {
  for (const key of ['service', 'services', 'subject', 'subjects']) {
    const item = first(doc[key]);
    if (isRecord(item) && typeof item.name === 'string' && item.name.trim() !== '') return item.name;
  }
  return undefined;
}

function isLocal(href: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('//') && !href.startsWith('/');
}

/**
 * The rendition to print: the largest one inside the input folder. When every rendition is remote,
 * the first is returned anyway so that the reference check explains why the photo is not used.
 */
export function pickRendition(renditions: unknown): string | undefined {
  const list = Array.isArray(renditions) ? renditions : isRecord(renditions) ? Object.values(renditions) : [];
  const candidates = list
    .filter(isRecord)
    .filter((r): r is Json & { href: string } => typeof r.href === 'string' && r.href.trim() !== '')
    .map((r, index) => ({
      href: r.href,
      index,
      area: (typeof r.width === 'number' ? r.width : 0) * (typeof r.height === 'number' ? r.height : 0),
    }));
  const local = candidates.filter((c) => isLocal(c.href)).sort((a, b) => b.area - a.area || a.index - b.index);
  return local[0]?.href ?? candidates[0]?.href;
}

function pictureFields(picture: Json | undefined, version: 1 | 2): { image?: unknown; caption?: unknown; credit?: unknown } {
  if (!picture) return {};
  const caption =
    version === 1
      ? picture.description_text ?? (typeof picture.description_html === 'string' ? htmlToPlainText(picture.description_html) : undefined)
      : descriptionFrom(picture.descriptions);
  return {
    image: pickRendition(picture.renditions),
    caption,
    credit: version === 1 ? picture.byline ?? picture.copyrightholder : picture.by ?? picture.copyrightholder,
  };
}

/**
 * The item's pictures besides the one it prints as its photo (a wire story's second and third
 * photos, as associations) as figures in its text: ninjs says nothing of where they stand, so they
 * are spread through the paragraphs as a desk would place them, the n-th of k after paragraph
 * ⌈n·P/(k+1)⌉ of P (one picture in a ten-paragraph story after the fifth), none before the first.
 * A picture the body already shows (an <img> of the same file) is not repeated. Each is checked
 * as any figure is (parse/index.ts): one whose rendition is remote is left out with a warning.
 */
function withAssociatedPictures(body: readonly BodyBlock[], pictures: readonly Json[], version: 1 | 2, featured: unknown): BodyBlock[] {
  const shown = new Set<string>(typeof featured === 'string' ? [featured] : []);
  for (const block of body) if (block.kind === 'figure') shown.add(block.ref);
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.normalize('NFC').replace(/\s+/g, ' ').trim() : undefined);
  const figures: BodyBlock[] = [];
  for (const picture of pictures) {
    const fields = pictureFields(picture, version);
    const ref = typeof fields.image === 'string' ? fields.image : '';
    if (ref !== '' && shown.has(ref)) continue;
    shown.add(ref);
    const caption = text(fields.caption);
    const credit = text(fields.credit);
    figures.push(figureBlock(ref, caption, credit));
  }
  if (figures.length === 0) return [...body];
  const paragraphs = body.filter((b) => b.kind === 'paragraph').length;
  // After which paragraph (1-based) each figure stands.
  const after = figures.map((_, n) => Math.max(1, Math.ceil(((n + 1) * paragraphs) / (figures.length + 1))));
  const out: BodyBlock[] = [];
  let seen = 0;
  let next = 0;
  for (const block of body) {
    out.push(block);
    if (block.kind !== 'paragraph') continue;
    seen++;
    while (next < figures.length && after[next] === seen) out.push(figures[next++]);
  }
  out.push(...figures.slice(next));
  return out;
}

function descriptionFrom(descriptions: unknown): unknown {
  if (!Array.isArray(descriptions)) return undefined;
  const records = descriptions.filter(isRecord);
  const chosen = records.find((d) => d.role === 'summary' || d.role === 'abstract' || d.role === 'lead') ?? records[0];
  if (!chosen) return undefined;
  if (typeof chosen.value === 'string' && typeof chosen.contenttype === 'string' && /html/i.test(chosen.contenttype)) {
    return htmlToPlainText(chosen.value);
  }
  return chosen.value;
}

/** Item types that print: text, and pictures (as a photo with its caption). */
const PRINTABLE_TYPES = new Set(['text', 'picture']);

/**
 * The fields of a picture item itself (IPTC's "simple photo" and AP's image examples): its own
 * rendition is the photo, its caption the description, its credit the byline or credit line.
 */
function pictureItemFields(doc: Json, version: 1 | 2): { image?: unknown; caption?: unknown; credit?: unknown } {
  if (version === 1) {
    return {
      image: pickRendition(doc.renditions),
      caption: doc.description_text ?? htmlField(doc.description_html ?? doc.description_xhtml),
      credit: doc.byline ?? doc.copyrightholder,
    };
  }
  const descriptions = Array.isArray(doc.descriptions) ? doc.descriptions.filter(isRecord) : [];
  const byRole = (role: string) => descriptions.find((d) => d.role === role)?.value;
  return {
    image: pickRendition(doc.renditions),
    caption: byRole('caption') ?? byRole('summary') ?? descriptionFrom(doc.descriptions),
    credit: byRole('creditline') ?? doc.by ?? doc.copyrightholder,
  };
}

/** HTML or XHTML text as plain text, or undefined when the field holds none. */
function htmlField(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? htmlToPlainText(value) : undefined;
}

/**
 * ninjs's own editorial status: `embargoed` (an instant) is our `embargo`; `pubstatus` "withheld"
 * or "canceled" means the item must not be used, which is our `hold`.
 */
function editorialFields(doc: Json): { embargo?: unknown; hold?: unknown } {
  const status = typeof doc.pubstatus === 'string' ? doc.pubstatus.trim().toLowerCase() : undefined;
  return {
    ...(doc.embargoed !== undefined ? { embargo: doc.embargoed } : {}),
    ...(status === 'withheld' || status === 'canceled' ? { hold: true } : {}),
  };
}

function bodyHtml1(doc: Json): unknown {
  return typeof doc.body_html === 'string' && doc.body_html.trim() !== '' ? doc.body_html : doc.body_xhtml;
}

function parseVersion1(doc: Json): ArticleDraft {
  if (doc.type === 'picture') {
    return {
      format: 'ninjs',
      fields: { headline: doc.headline, dateline: doc.located, date: dateFrom(doc), priority: urgencyToPriority(doc.urgency), section: sectionFrom(doc), language: doc.language, ...editorialFields(doc), ...pictureItemFields(doc, 1) },
      body: bodyFrom(doc.body_html ?? doc.body_xhtml, doc.body_text),
      pictureItem: true,
      missingHeadlineReason: 'no headline: add a `headline` field to the ninjs document',
    };
  }
  const html = bodyHtml1(doc);
  const associations = isRecord(doc.associations) ? doc.associations : {};
  const picture = isRecord(associations.featuremedia)
    ? associations.featuremedia
    : (Object.values(associations).find((a) => isRecord(a) && a.type === 'picture') as Json | undefined);
  const otherPictures = Object.values(associations).filter((a): a is Json => isRecord(a) && a !== picture && a.type === 'picture');
  const photo = pictureFields(picture, 1);
  return {
    format: 'ninjs',
    fields: {
      headline: doc.headline,
      byline: doc.byline,
      dateline: doc.located,
      date: dateFrom(doc),
      priority: urgencyToPriority(doc.urgency),
      standfirst: doc.description_text ?? htmlField(doc.description_html ?? doc.description_xhtml),
      section: sectionFrom(doc),
      language: doc.language,
      ...editorialFields(doc),
      ...photo,
    },
    // ninjs 1.x names the HTML body body_xhtml in IPTC's own examples, body_html elsewhere.
    body: withAssociatedPictures(bodyFrom(html, doc.body_text), otherPictures, 1, photo.image),
    missingHeadlineReason: 'no headline: add a `headline` field to the ninjs document',
  };
}

function parseVersion2(doc: Json): ArticleDraft {
  const headlines = Array.isArray(doc.headlines) ? doc.headlines.filter(isRecord) : [];
  const headline = (headlines.find((h) => h.role === 'main') ?? headlines[0])?.value;
  // A short head written for the story's continuation, when the agency sends one.
  const jumpHead = (headlines.find((h) => h.role === 'jump') ?? headlines.find((h) => h.role === 'short'))?.value;
  const bodies = Array.isArray(doc.bodies) ? doc.bodies.filter(isRecord) : [];
  const htmlBody = bodies.find((b) => typeof b.contenttype === 'string' && /html/i.test(b.contenttype));
  const textBody = bodies.find((b) => b !== htmlBody);
  if (doc.type === 'picture') {
    return {
      format: 'ninjs',
      fields: { headline, dateline: doc.located, date: dateFrom(doc), priority: urgencyToPriority(doc.urgency), section: sectionFrom(doc), language: doc.language, ...editorialFields(doc), ...pictureItemFields(doc, 2) },
      body: bodyFrom(htmlBody?.value, textBody?.value),
      pictureItem: true,
      missingHeadlineReason: 'no headline: add a `headlines` entry (ninjs 2) with a `value`',
    };
  }
  const associations = Array.isArray(doc.associations) ? doc.associations.filter(isRecord) : [];
  const picture = associations.find((a) => a.name === 'featuremedia') ?? associations.find((a) => a.type === 'picture');
  const otherPictures = associations.filter((a) => a !== picture && a.type === 'picture');
  const photo = pictureFields(picture, 2);
  return {
    format: 'ninjs',
    fields: {
      headline,
      jumpHead,
      byline: doc.by,
      dateline: doc.located,
      date: dateFrom(doc),
      priority: urgencyToPriority(doc.urgency),
      standfirst: descriptionFrom(doc.descriptions),
      section: sectionFrom(doc),
      language: doc.language,
      ...editorialFields(doc),
      ...photo,
    },
    body: withAssociatedPictures(bodyFrom(htmlBody?.value, textBody?.value), otherPictures, 2, photo.image),
    missingHeadlineReason: 'no headline: add a `headlines` entry (ninjs 2) with a `value`',
  };
}

/** What each of jsonc-parser's errors (by printParseErrorCode's name) means, in the newsroom's words. */
const JSON_ERRORS: Readonly<Record<string, string>> = {
  InvalidSymbol: 'something JSON does not allow: text needs double quotes, and true, false and null are lower case',
  InvalidNumberFormat: 'a number written in a way JSON does not allow',
  PropertyNameExpected: 'a field name in double quotes was expected: is there a comma too many before it?',
  ValueExpected: 'a value was expected',
  ColonExpected: 'a colon was expected after the field name',
  CommaExpected: 'a comma was expected',
  CloseBraceExpected: 'a closing } was expected',
  CloseBracketExpected: 'a closing ] was expected',
  EndOfFileExpected: 'more follows the end of the JSON',
  InvalidCommentToken: 'a comment, which JSON does not allow',
  UnexpectedEndOfComment: 'a comment, which JSON does not allow',
  UnexpectedEndOfString: 'text in quotes is not closed on its line: a line break inside it is written \\n',
  UnexpectedEndOfNumber: 'a number ends too soon',
  InvalidUnicode: 'a \\u escape without its four hex digits',
  InvalidEscapeCharacter: 'a backslash escape JSON does not know: a backslash itself is written \\\\',
  InvalidCharacter: 'a control character inside text in quotes',
};

/**
 * Where JSON.parse's text first breaks, as a line and column an editor can go to. V8's own message
 * gives a character offset, or none at all and a quote of the file's text (line breaks and all),
 * and says it differently from one Node version to the next (the Lambda functions run 22).
 */
function whereJsonBreaks(text: string): string | undefined {
  const errors: ParseError[] = [];
  scanJson(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  return `at line ${line}, column ${column}, ${JSON_ERRORS[printParseErrorCode(first.error)] ?? 'something JSON does not allow'}`;
}

/** Parses a ninjs document's text (already decoded) into a draft. */
export function parseNinjs(text: string): DraftOutcome {
  const depth = checkJsonDepth(text);
  if (!depth.ok) return depth;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    const where = whereJsonBreaks(text);
    const why = where ? `: ${where};` : ` (${(error as Error).message});`;
    return { ok: false, reason: `the file is not valid JSON${why} check its brackets, commas and quotes` };
  }
  if (!isRecord(doc)) return { ok: false, reason: 'the JSON must be one ninjs object ({ … }), not a list or a value' };
  const isVersion2 = ['headlines', 'bodies', 'descriptions', 'associations'].some((key) => Array.isArray(doc[key]));
  const draft = isVersion2 ? parseVersion2(doc) : parseVersion1(doc);
  // Audio, video and other media items carry renditions a page cannot show: with no text either,
  // there is nothing to print, and a headline alone would be a hole in the paper.
  if (typeof doc.type === 'string' && !PRINTABLE_TYPES.has(doc.type) && draft.body.length === 0) {
    return { ok: false, reason: `a ninjs ${doc.type.slice(0, 40)} item has no text to print (no body), and the paper prints only text and pictures` };
  }
  return { ok: true, draft, warnings: [] };
}
