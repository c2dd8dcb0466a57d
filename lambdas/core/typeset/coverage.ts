/**
 * Which fonts an edition's text needs, and which of its characters no shipped font has. Every
 * character is looked up once per edition: the fallback fonts an edition names in @font-face are
 * exactly those its text uses (a Latin edition carries none of the 17 MB of CJK), and a character
 * no font covers is a warning naming the file and the character instead of a silent box.
 */
import type { Article, Warning } from '../article';
import { blockText, capitalsIn } from '../article';
import type { FallbackKey, FontBook } from './fonts';

/** Most missing characters named in one warning; the rest are counted. */
const MISSING_LISTED = 10;

/**
 * Every piece of an article's text that can reach the page, as printed: the byline and dateline in
 * capitals too (a Greek byline's capitals are letters its lower case does not have: Ρ, Δ, Υ), and
 * the section, whose band is set in the capitals of its stories' language.
 */
function articleText(article: Article): string {
  const capitals = [article.byline, article.dateline, article.section].map((text) => (text ? capitalsIn(text, article.language) : undefined));
  return [article.headline, article.section, article.byline, article.dateline, ...capitals, article.standfirst, article.signOff, article.image?.caption, article.image?.credit, ...article.body.map(blockText)]
    .filter((part): part is string => part !== undefined)
    .join('\n');
}

function codePointsOf(text: string, into: Set<number>): Set<number> {
  // By UTF-16 unit rather than the string iterator (which a fresh process runs slowly over a whole
  // edition's text), and each ASCII character added once.
  const asciiSeen = new Uint8Array(128);
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 128) {
      if (asciiSeen[code] === 0) {
        asciiSeen[code] = 1;
        into.add(code);
      }
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = (code - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        i++;
      }
    }
    into.add(code);
  }
  return into;
}

/** "U+0E01 ก" for a warning. */
export function describeCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')} '${String.fromCodePoint(codePoint)}'`;
}

/**
 * The fallback files the edition needs, a warning for each file (article or edition.yaml)
 * holding characters no font covers, and every character of the edition (to subset fonts to).
 */
export function editionFontCoverage(
  articles: readonly Article[],
  settingsText: readonly string[],
  fonts: FontBook,
): { fallbacks: Set<FallbackKey>; warnings: Warning[]; characters: string } {
  const fallbacks = new Set<FallbackKey>();
  const warnings: Warning[] = [];
  const all = new Set<number>();
  // Each character is asked of the fonts once, the first time a file has it: the files of an
  // edition share nearly all their characters.
  const missingAll = new Set<number>();
  const check = (file: string, text: string) => {
    const codePoints = codePointsOf(text, new Set());
    const unseen: number[] = [];
    for (const codePoint of codePoints) {
      if (all.has(codePoint)) continue;
      all.add(codePoint);
      unseen.push(codePoint);
    }
    const found = fonts.coverage(unseen);
    for (const key of found.fallbacks) fallbacks.add(key);
    for (const codePoint of found.missing) missingAll.add(codePoint);
    if (missingAll.size === 0) return;
    const missing = [...codePoints].filter((codePoint) => missingAll.has(codePoint));
    if (missing.length === 0) return;
    const listed = missing.slice(0, MISSING_LISTED).map(describeCodePoint).join(', ');
    const more = missing.length > MISSING_LISTED ? ` and ${missing.length - MISSING_LISTED} more` : '';
    warnings.push({ file, message: `no font the paper ships has ${missing.length === 1 ? 'the character' : 'the characters'} ${listed}${more}; ${missing.length === 1 ? 'it prints' : 'they print'} as an empty box` });
  };
  for (const article of articles) check(article.source, articleText(article));
  // Section bands, the Inside box's title and the masthead's date line are set in capitals: in
  // English or the edition's language, which is one of its stories'.
  const settings = settingsText.join('\n');
  const languages = new Set(['en', ...articles.map((article) => article.language)]);
  check('edition.yaml', [settings, ...[...languages].map((language) => capitalsIn(settings, language))].join('\n'));
  return { fallbacks, warnings, characters: String.fromCodePoint(...[...all].sort((a, b) => a - b)) };
}
