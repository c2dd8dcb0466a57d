/**
 * Wire copy (.txt) as agencies and news sites hand it over: a headline line, maybe a timestamp line,
 * a standfirst paragraph, then body paragraphs, with a dateline ("HÀ NỘI — "), a photo caption
 * ("… — VNA/VNS Photo Lâm Khánh"), a sign-off ("— VNS") and site chrome ("E-paper") mixed in.
 * Every character of the copy is kept as written (NFC); only those conventions are peeled off (and
 * straight quotes are made typographic later, in finishArticle, as for every format).
 */
import { withImpliedHeader, type BodyBlock } from '../article';
import type { DraftOutcome } from './draft';

const MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december',
];

/** A line with nothing printable: blank, spaces, NBSPs, zero-width spaces. */
const BLANK_LINE = /^[\s\u00a0\u200b\u2060\ufeff]*$/;

/** Lines that are web-page furniture copied along with the story, never copy. */
const SITE_CHROME = /^(e-?paper|print|share|share this|back to top|read more|advertisement)$/i;

/** "… speaks at the opening … — VNA/VNS Photo Lâm Khánh": caption, dash, credit naming a photo. */
const CAPTION = /^(.*\S)\s+[—–]\s+((?:[^—–]{0,80}?(?<!\p{L}))?(?:Photo|Photos|Ảnh|Image|Picture)(?!\p{L})[^—–]{0,60})$/u;

/**
 * "HÀ NỘI — Over the last …": a place in capitals, then a dash: an em dash, or an en dash with a
 * space before it. An en dash between letters joins a place's names ("THỪA THIÊN–HUẾ —",
 * "BÀ RỊA–VŨNG TÀU —") and belongs to the place.
 */
const DATELINE = /^(\p{Lu}[\p{Lu}\p{M}\s.,'’&–-]{0,48}?)(?:\s*—|\s+–)\s*(?=\S)/u;

/** "… on Wednesday. — VNS": a dash and an upper-case agency code closing the story. */
const SIGN_OFF = /\s*[—–]\s*(\p{Lu}[\p{Lu}\d/&.]{0,15})$/u;

/**
 * Reads a timestamp line ("December 04, 2019 - 12:02", "4 December 2019", "2019-12-04 12:02")
 * and returns its date as YYYY-MM-DD, or undefined when the line is not a timestamp.
 */
export function parseTimestampLine(line: string): string | undefined {
  const text = line.trim();
  const pad = (n: number): string => String(n).padStart(2, '0');
  const valid = (y: number, m: number, d: number): string | undefined => {
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? `${y}-${pad(m)}-${pad(d)}` : undefined;
  };
  const time = String.raw`(?:\s*[-–—,|]?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[AaPp]\.?[Mm]\.?))?(?:\s*(?:GMT|UTC|ICT)(?:[+-]\d{1,2})?)?)?`;
  let m = new RegExp(String.raw`^(\p{L}+)\.?\s+(\d{1,2}),?\s+(\d{4})${time}$`, 'u').exec(text);
  if (m) {
    const month = MONTHS.findIndex((name) => name.startsWith(m![1].toLowerCase()) && m![1].length >= 3);
    return month >= 0 ? valid(Number(m[3]), month + 1, Number(m[2])) : undefined;
  }
  m = new RegExp(String.raw`^(\d{1,2})\s+(\p{L}+)\.?,?\s+(\d{4})${time}$`, 'u').exec(text);
  if (m) {
    const month = MONTHS.findIndex((name) => name.startsWith(m![2].toLowerCase()) && m![2].length >= 3);
    return month >= 0 ? valid(Number(m[3]), month + 1, Number(m[1])) : undefined;
  }
  m = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?$`).exec(text);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}

/** Runs of non-blank lines, as written. */
function lineGroups(text: string): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (BLANK_LINE.test(line)) {
      if (current.length > 0) groups.push(current);
      current = [];
    } else current.push(line);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** A run of lines as one paragraph: each trimmed, its spaces and tabs collapsed, joined with a space. */
function paragraphOf(lines: readonly string[]): string {
  return lines.map((line) => line.trim().replace(/[ \t]+/g, ' ')).join(' ');
}

/** Splits text into paragraphs: runs of non-blank lines, joined with a space, ends trimmed. */
export function wireParagraphs(text: string): string[] {
  return lineGroups(text).map(paragraphOf);
}

/**
 * The tables of wire copy: a paragraph of two lines or more whose every line holds the same number
 * (two or more) of tab-separated fields, as agencies send results and prices. Keyed by the text
 * wireParagraphs makes of the paragraph; the rows' cells with their spaces collapsed, NFC.
 */
export function wireTables(text: string): Map<string, string[][]> {
  const tables = new Map<string, string[][]>();
  for (const lines of lineGroups(text)) {
    if (lines.length < 2) continue;
    const rows = lines.map((line) => line.trim().split(/\t+/).map((cell) => cell.trim().replace(/[ \t]+/g, ' ').normalize('NFC')));
    if (rows[0].length < 2 || rows.some((row) => row.length !== rows[0].length)) continue;
    tables.set(paragraphOf(lines), rows);
  }
  return tables;
}

/** Splits a photo caption paragraph into caption text and credit, or undefined if it is not one. */
export function splitCaption(paragraph: string): { caption: string; credit: string } | undefined {
  const m = CAPTION.exec(paragraph);
  return m ? { caption: m[1], credit: m[2].trim() } : undefined;
}

/** Parses wire copy (already decoded) into a draft. */
export function parseWire(text: string): DraftOutcome {
  const lines = text.split('\n');
  const headlineIndex = lines.findIndex((line) => !BLANK_LINE.test(line));
  const headline = headlineIndex >= 0 ? lines[headlineIndex].trim() : '';
  // The timestamp is a line of its own, often with the standfirst right under it (no blank line).
  let rest = headlineIndex + 1;
  while (rest < lines.length && BLANK_LINE.test(lines[rest])) rest++;
  const date = rest < lines.length ? parseTimestampLine(lines[rest]) : undefined;
  if (date !== undefined) rest++;
  const bodyText = lines.slice(rest).join('\n');
  const paragraphs = wireParagraphs(bodyText);
  const tables = wireTables(bodyText);
  while (paragraphs.length > 0 && SITE_CHROME.test(paragraphs[paragraphs.length - 1].trim())) paragraphs.pop();

  let caption: string | undefined;
  let credit: string | undefined;
  const captionIndex = paragraphs.findIndex((p) => splitCaption(p) !== undefined);
  if (captionIndex >= 0) {
    ({ caption, credit } = splitCaption(paragraphs[captionIndex])!);
    paragraphs.splice(captionIndex, 1);
  }

  // The standfirst is the paragraph before the story proper; a dateline marks where that starts.
  let standfirst: string | undefined;
  if (paragraphs.length >= 2 && !DATELINE.test(paragraphs[0]) && !tables.has(paragraphs[0])) standfirst = paragraphs.shift();

  let dateline: string | undefined;
  if (paragraphs.length > 0) {
    const m = DATELINE.exec(paragraphs[0]);
    if (m) {
      dateline = m[1].trim();
      paragraphs[0] = paragraphs[0].slice(m[0].length);
    }
  }

  let signOff: string | undefined;
  if (paragraphs.length > 0) {
    const last = paragraphs.length - 1;
    const m = SIGN_OFF.exec(paragraphs[last]);
    if (m && m.index > 0) {
      signOff = m[1];
      paragraphs[last] = paragraphs[last].slice(0, m.index);
    }
  }

  const body: BodyBlock[] = paragraphs
    .filter((p) => p.trim() !== '')
    .map((p): BodyBlock => {
      const rows = tables.get(p);
      return rows ? { kind: 'table', rows: withImpliedHeader(rows.map((cells) => ({ cells }))) } : { kind: 'paragraph', runs: [{ text: p.normalize('NFC') }] };
    });
  return {
    ok: true,
    draft: {
      format: 'wire',
      fields: { headline, date, standfirst, dateline, caption, credit, signOff },
      body,
      photoBesideArticle: true,
      missingHeadlineReason: 'no headline: the first line of the file should be the headline',
    },
    warnings: [],
  };
}
