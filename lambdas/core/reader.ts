/**
 * What the reader needs of an edition besides the PDF, made at render time and stored inside the
 * immutable version (docs/ARCHITECTURE.md, "Reader"): per-page link boxes (every module of a story,
 * continuations included, opens that story), one structured article per story
 * (`articles/<slug>.json`) and a search index (`search.json`, MiniSearch). Pure: no I/O.
 */
import MiniSearch, { type Options, type Query, type SearchResult } from 'minisearch';
import { blockText, figureColumns, LINE_BREAK, storyText, type Article, type BodyBlock, type TextOfBlock } from './article';
import type { ComposedPage } from './layout/composition';
import type { Grid } from './layout/config';
import { gridBox } from './layout/geometry';
import { foldMarks } from './fold';
import { UNSPACED_SCRIPT, writtenRightToLeft } from './scripts';

/** Tuning of the reader's files and routes, in one place. */
export const READER_POLICY = {
  /** Width in px of the reading-size page image (sharp, WebP): sharp on a 2× phone, readable zoomed. */
  pageImageWidthPx: 1600,
  /** WebP quality of the reading image: newsprint text stays crisp at 80, a third of PNG's bytes. */
  pageImageQuality: 80,
  /** WebP quality of the small page image (thumbnail size). */
  thumbnailImageQuality: 75,
  /** `/search` without a date searches the newest this many published editions (bounded work per request). */
  searchEditions: 30,
  /** Hits answered per search. */
  maxHits: 50,
  /** Longest query accepted, in characters. */
  maxQueryLength: 200,
  /** Search indexes kept in memory by the API (versions are immutable, so a cached index never goes stale). */
  cachedIndexes: 64,
  /** A shared story's link works this long after a subscriber made it. */
  shareLinkLifetimeSeconds: 7 * 24 * 3600,
  /** Shared stories one browser without a subscription may open per calendar month (UTC). */
  freeSharedReadsPerMonth: 5,
  /** Hits, best first, that `/search` gives an excerpt of the story (one article read each; the rest are further down than a reader looks). */
  excerptHits: 20,
  /** An excerpt is about this many characters of the story, whole words, around the words searched for. */
  excerptChars: 180,
  /** …and starts up to this many words before the first word it shows found, so the reader sees it in its sentence. */
  excerptWordsBefore: 6,
  /** Stories' text kept in memory by the API for excerpts (versions are immutable). */
  cachedExcerptTexts: 500,
  /**
   * How long a browser keeps a version's font face asked for by that version (`?version=`): a
   * version's subset never changes (a correction is another version, with another key), so a
   * year, immutable; the same face asked for without the version is checked again each time (ETag).
   */
  fontCacheSeconds: 365 * 24 * 3600,
} as const;

/** A clickable area of a page: a story's module, in CSS px from the page's top-left corner. */
export interface PageLink {
  readonly slug: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A story as the reader's article view shows it; all text is plain NFC text (never HTML). */
export interface ReaderArticle {
  readonly slug: string;
  readonly headline: string;
  readonly section: string;
  readonly language: string;
  /** `rtl` for a story set right to left (core/scripts.ts writtenRightToLeft: Hebrew); absent for every other. */
  readonly direction?: 'rtl';
  readonly standfirst?: string;
  readonly byline?: string;
  readonly dateline?: string;
  readonly signOff?: string;
  /** The photo as printed: `path` is relative to the version folder (an asset of edition.html). */
  readonly photo?: { readonly path: string; readonly alt: string; readonly caption?: string; readonly credit?: string };
  readonly body: readonly ReaderBlock[];
  /** Pages the story is printed on, first part first. */
  readonly pages: readonly number[];
}

/** A figure of the text as printed: `path` is its fitted photo, relative to the version folder (as `photo.path`). */
export interface ReaderFigure {
  readonly kind: 'figure';
  readonly path: string;
  readonly alt: string;
  readonly caption?: string;
  readonly credit?: string;
}

/** A block of a story's text in the reader: the article's blocks, a figure by its printed photo. */
export type ReaderBlock = Exclude<BodyBlock, { kind: 'figure' }> | ReaderFigure;

/** Version-relative names of the reader's files. */
export const readerPaths = {
  article: (slug: string) => `articles/${slug}.json`,
  search: 'search.json',
  pageImage: (page: number) => `pages/page-${page}.webp`,
  pageThumbnail: (page: number) => `pages/page-${page}-small.webp`,
  /** A face the build embeds in the PDF (build-edition.ts), subset to the edition's text. */
  font: (face: string) => `assets/fonts/${face}.ttf`,
};

/** A face the reader page may set an edition's text in, as the edition's PDF does. */
export interface ReaderFontFace {
  /** The build's face key: `assets/fonts/<face>.ttf` in the version. */
  readonly face: string;
  /** The family the reader page's CSS names (the print's, typeset/fonts.ts). */
  readonly family: string;
  readonly weight: 400 | 700;
  /** The letters the face is used for (CSS unicode-range): the Latin around them stays in the page's own faces. */
  readonly unicodeRange: string;
}

/**
 * The faces of scripts a subscriber's device may have no face for, or one unlike the print's: a
 * Hebrew story in the reader fell back to whatever the device had (boxes on some), where print
 * embeds Noto Sans Hebrew. The reader takes the edition's own subset (it holds every letter the
 * edition prints), never a font service: the page's CSP has no font-src, and the reader loads
 * the bytes through the API (FontFace from an ArrayBuffer).
 */
export const READER_FONT_FACES: readonly ReaderFontFace[] = [
  { face: 'hebrew-regular', family: 'EpHebrew', weight: 400, unicodeRange: 'U+0590-05FF, U+FB1D-FB4F' },
  { face: 'hebrew-bold', family: 'EpHebrew', weight: 700, unicodeRange: 'U+0590-05FF, U+FB1D-FB4F' },
];

/** The reader faces a version publishes (its `files` list them): none for an edition without Hebrew. */
export function readerFontsOf(files: Readonly<Record<string, unknown>> | undefined): ReaderFontFace[] {
  return READER_FONT_FACES.filter((font) => files?.[readerPaths.font(font.face)] !== undefined);
}

/** The link boxes of one composed page: one per placed story module, in reading order. */
export function pageLinks(page: ComposedPage, grid: Grid): PageLink[] {
  return page.modules.map((module) => {
    const box = gridBox(grid, module);
    return { slug: module.slug, x: round(box.x), y: round(box.y), width: round(box.width), height: round(box.height) };
  });
}

/**
 * The structured article of one story. `figurePath` names a figure's printed photo; a figure the
 * edition did not print (its photo could not be fitted) is left out, as in print.
 */
export function readerArticle(article: Article, pages: readonly number[], photoPath: string | undefined, figurePath: (ref: string) => string | undefined = () => undefined): ReaderArticle {
  const nfc = (s: string | undefined) => (s === undefined ? undefined : s.normalize('NFC'));
  const body = article.body.flatMap((block): ReaderBlock[] => {
    if (block.kind !== 'figure') return [readerTextBlock(block)];
    const path = figurePath(block.ref);
    if (!path) return [];
    const caption = nfc(block.caption);
    return [{ kind: 'figure', path, alt: caption ?? `Photo: ${article.headline.normalize('NFC')}`, ...(caption ? { caption } : {}), ...(block.credit ? { credit: nfc(block.credit) } : {}) }];
  });
  return {
    slug: article.slug,
    headline: article.headline.normalize('NFC'),
    section: article.section,
    language: article.language,
    // The reader sets the story in its direction, as the page prints it.
    ...(writtenRightToLeft(article.language) ? { direction: 'rtl' as const } : {}),
    ...(article.standfirst ? { standfirst: nfc(article.standfirst) } : {}),
    ...(article.byline ? { byline: nfc(article.byline) } : {}),
    ...(article.dateline ? { dateline: nfc(article.dateline) } : {}),
    ...(article.signOff ? { signOff: nfc(article.signOff) } : {}),
    ...(photoPath && article.image
      ? {
          photo: {
            path: photoPath,
            // The newsroom gives a caption, not alt text; the caption describes the photo, the headline says what it is about.
            alt: nfc(article.image.caption) ?? `Photo: ${article.headline.normalize('NFC')}`,
            ...(article.image.caption ? { caption: nfc(article.image.caption) } : {}),
            ...(article.image.credit ? { credit: nfc(article.image.credit) } : {}),
          },
        }
      : {}),
    body,
    pages: [...pages],
  };
}

/** A text block of the article as the reader shows it: NFC, a table's figure columns marked. */
function readerTextBlock(block: Exclude<BodyBlock, { kind: 'figure' }>): ReaderBlock {
  if (block.kind === 'crosshead') return { kind: 'crosshead', text: block.text.normalize('NFC') };
  if (block.kind === 'table') {
    const rows = block.rows.map((row) => ({ cells: row.cells.map((cell) => cell.normalize('NFC')), ...(row.header ? { header: true } : {}) }));
    return { kind: 'table', rows, figures: figureColumns(rows) };
  }
  const runs = block.runs.map((r) => ({ ...r, text: r.text.normalize('NFC') }));
  return block.kind === 'list-item' ? { kind: 'list-item', runs, ...(block.marker ? { marker: block.marker } : {}) } : { kind: block.kind, runs };
}

/**
 * Folds a term for matching: lower case, accents and tone marks removed (foldMarks: đ → d, ł → l,
 * ß → ss…), soft hyphens and joiners dropped, so that "Ha Noi" finds "Hà Nội", "Hà Nội" finds
 * "Ha Noi", and "lodz" finds "Łódź"; and Greek's final sigma as any other (toLowerCase makes a
 * word's last Σ a ς: "ΟΔΥΣ" was "οδυς", the start of no "οδυσσεας", and found nothing).
 */
export function foldTerm(term: string): string {
  return withoutFinalSigma(foldMarks(term).toLowerCase());
}

function withoutFinalSigma(lower: string): string {
  return lower.includes('ς') ? lower.replaceAll('ς', 'σ') : lower;
}

/** MiniSearch's own split, at spaces and punctuation: what Latin, Greek, Cyrillic… text is split at, as before. */
const SPACE_OR_PUNCTUATION_SPLIT: (text: string) => string[] = MiniSearch.getDefault('tokenize');
const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });

/**
 * The words of a query: split at spaces and punctuation, and a run of a script written without
 * spaces (Thai, Chinese, Japanese…) cut at its word boundaries (Intl.Segmenter, as the line breaker
 * cuts it). Such a run was one word, so "ฝนตก" found nothing in "มีฝนตก", nor "東京" in "東京の天気".
 */
export function searchTokens(text: string): string[] {
  const tokens = SPACE_OR_PUNCTUATION_SPLIT(text);
  // Text without such a script (most editions) is split as it always was, at no extra cost.
  if (!UNSPACED_SCRIPT.test(text)) return tokens;
  return tokens.flatMap((token) => (UNSPACED_SCRIPT.test(token) ? segmentWords(token.normalize('NFC')).map((word) => word.text) : [token]));
}

/**
 * The words of a text the index holds: searchTokens', and in a run without spaces also each two
 * words that follow one another there, joined. The segmenter cuts by its dictionary and the words
 * around: "ฝนตก" (rain falls) typed alone is one word, but "มีฝนตก" is cut "มี ฝน ตก", and the
 * query's word was no word of the index.
 */
export function indexTokens(text: string): string[] {
  const tokens = SPACE_OR_PUNCTUATION_SPLIT(text);
  if (!UNSPACED_SCRIPT.test(text)) return tokens;
  return tokens.flatMap((token) => {
    if (!UNSPACED_SCRIPT.test(token)) return [token];
    const words = segmentWords(token.normalize('NFC'));
    const joined: string[] = [];
    for (let first = 0; first < words.length; first++) {
      let run = words[first].text;
      for (let next = first + 1; next < words.length && next - first < SEARCH_JOINED_WORDS; next++) {
        // Only words that touch: not across a sign the segmenter left out.
        if (words[next].index !== words[next - 1].index + words[next - 1].text.length) break;
        run += words[next].text;
        joined.push(run);
      }
    }
    return [...words.map((word) => word.text), ...joined];
  });
}
/**
 * The most words of an unspaced run indexed joined (indexTokens). Two: a word typed alone is seldom
 * cut in more than two where it stands, and each more grows such an edition's index by as much
 * again (a Thai story's: 4.1 KB with its words alone, 9.5 KB with pairs, 16 KB with threes).
 */
const SEARCH_JOINED_WORDS = 2;

/** The words of a run of text (no spaces) at the segmenter's word boundaries, with their offsets in it. */
function segmentWords(run: string): { text: string; index: number }[] {
  const words: { text: string; index: number }[] = [];
  for (const { segment, index, isWordLike } of wordSegmenter.segment(run)) if (isWordLike) words.push({ text: segment, index });
  return words;
}

/**
 * The words a compound is made of, where the segmenter keeps the compound whole: "รถไฟฟ้า" (electric
 * train) is one word to it, and "ไฟฟ้า" (electricity) found nothing in it; nor "学校" in "小学校",
 * "事故" in "交通事故". A cut of the word is taken where the segmenter, shown each side between two
 * other words twice over, cuts it into those words (its dictionary knows each side: "รถ|ไฟฟ้า",
 * "รถไฟ|ฟ้า"; "สามา" is cut "สา มา", so "รถ" is no part of "สามารถ"), never after a leading vowel or before a
 * following one, a small kana or a long-vowel mark. The parts are the sides of four columns or
 * more (two Han characters, four Thai letters besides the vowels and tones above and below them):
 * a shorter side is mostly one syllable of Thai, and a compound's syllables are often words only
 * by chance: "หวัด" (a cold) found every story of a "จังหวัด" (province), "ชน" (to collide) every
 * "ประชาชน" (people). Thai, Chinese and Japanese only: the scripts whose dictionaries this was
 * tried with. The index keeps parts in a field of their own that counts for less than the words
 * themselves (SEARCH_OPTIONS).
 */
export function compoundParts(word: string): { text: string; index: number }[] {
  const known = partsMemory.get(word);
  if (known) return known;
  const parts: { text: string; index: number }[] = [];
  const neighbour = COMPOUND_NEIGHBOUR.find(([script]) => script.test(word))?.[1];
  if (neighbour !== undefined && word.length <= COMPOUND_MOST_CHARS) {
    const seen = new Set<string>();
    const keep = (text: string, index: number) => {
      if (!seen.has(`${index}:${text}`) && columnsOf(text) >= COMPOUND_PART_LEAST_COLUMNS) parts.push({ text, index }), seen.add(`${index}:${text}`);
    };
    for (let cut = 1; cut < word.length; cut++) {
      const head = word.slice(0, cut);
      const tail = word.slice(cut);
      if (HIGH_SURROGATE_AT_END.test(head) || CANNOT_END_WORD.test(head) || CANNOT_START_WORD.test(tail)) continue;
      if (!standsAlone(head, neighbour) || !standsAlone(tail, neighbour)) continue;
      keep(head, 0);
      keep(tail, cut);
    }
  }
  if (partsMemory.size >= COMPOUND_MEMORY) partsMemory.clear();
  partsMemory.set(word, parts);
  return parts;
}
/**
 * A Hebrew word without the one-letter words written onto its front: the article ה (the), ו (and),
 * ב (in), כ (as), ל (to), מ (from), ש (that), one or two of them ("והספרייה", and the library), each
 * with its points where the word carries them. "ספרייה" (library) found nothing in "הספרייה" (the
 * library): a Hebrew reader types the word, not the form a sentence gives it. Kept only where at
 * least HEBREW_BASE_LEAST_LETTERS letters are left: a shorter rest is mostly a word by chance
 * ("ים", sea, in "מים", water). The index keeps them with the compounds' parts (`parts`, which counts
 * for less than the word itself), and an excerpt marks the whole word. `index` is where the rest
 * starts in `word`.
 */
export function hebrewPrefixParts(word: string): { text: string; index: number }[] {
  if (!HEBREW_WORD.test(word)) return [];
  const parts: { text: string; index: number }[] = [];
  let index = 0;
  for (let taken = 0; taken < HEBREW_MOST_PREFIXES; taken++) {
    const prefix = HEBREW_PREFIX.exec(word.slice(index));
    if (!prefix) break;
    index += prefix[0].length;
    const rest = word.slice(index);
    if ((rest.match(HEBREW_LETTERS) ?? []).length < HEBREW_BASE_LEAST_LETTERS) break;
    parts.push({ text: rest, index });
  }
  return parts;
}
/** A word of Hebrew letters and their points (a Latin name or a number is no Hebrew word). */
const HEBREW_WORD = /^[\p{Script=Hebrew}\p{M}]+$/u;
const HEBREW_LETTERS = /\p{Script=Hebrew}(?<!\p{M})/gu;
/** One of Hebrew's prefixed words, with the points on it. */
const HEBREW_PREFIX = /^[הובכלמש]\p{M}*/u;
const HEBREW_MOST_PREFIXES = 2;
/** The fewest letters a word without its prefixes keeps (hebrewPrefixParts). */
const HEBREW_BASE_LEAST_LETTERS = 3;

/** A word of one of these scripts, and a word the segmenter knows to put beside it: Thai's "and", Japanese's "of" (Chinese and Japanese share its dictionary). */
const COMPOUND_NEIGHBOUR: readonly (readonly [RegExp, string])[] = [
  [/^\p{Script=Thai}+$/u, 'และ'],
  [/^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30fc]+$/u, 'の'],
];
/** The narrowest part of a compound indexed (compoundParts). */
const COMPOUND_PART_LEAST_COLUMNS = 4;
/** Longer runs are not words of a dictionary (and each cut costs two segmentations). */
const COMPOUND_MOST_CHARS = 24;
/** A leading vowel (Thai's เ แ โ ใ ไ) is written before the consonant it follows in speech: a word never ends on one. */
const CANNOT_END_WORD = /\p{Logical_Order_Exception}$/u;
/** Marks, Thai's following vowels ะ า ำ ๅ and its repetition and abbreviation signs, small kana, ん and the long-vowel mark never start a word. */
const CANNOT_START_WORD = /^[\p{M}\u0e30\u0e32\u0e33\u0e45\u0e46\u0e2fぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶんンー]/u;
/** Words whose parts are remembered (a warm API reads the same stories' words for every excerpt). */
const COMPOUND_MEMORY = 20_000;
const partsMemory = new Map<string, { text: string; index: number }[]>();
const ONE_HAN_CHARACTER = /^\p{Script=Han}$/u;
/** The first half of a character beyond the BMP (a rare Han character): no cut between its halves. */
const HIGH_SURROGATE_AT_END = /[\ud800-\udbff]$/;

/**
 * Whether `text` is a word of the segmenter's dictionary: written twice between two `neighbour`s, it
 * is cut into those four words. (Alone, the segmenter keeps a short run whole whatever it is, and
 * between two words it keeps a run it does not know whole too; twice over, such a run is cut
 * elsewhere or kept as one.) A Han character is a word of its own ("小" of "小学校").
 */
function standsAlone(text: string, neighbour: string): boolean {
  if (ONE_HAN_CHARACTER.test(text)) return true;
  const words = segmentWords(`${neighbour}${text}${text}${neighbour}`);
  return words.length === 4 && words[1].text === text && words[2].text === text;
}

/**
 * The one set of MiniSearch options: the index is written and read back with these. Documents are
 * folded whole before indexing (one normalisation per story, not one per word: a third of the
 * time), queries word by word.
 */
export const SEARCH_OPTIONS: Options<SearchDocument> = {
  idField: 'slug',
  fields: ['headline', 'standfirst', 'byline', 'text', 'markedHead', 'marked', 'parts'],
  storeFields: ['title', 'page'],
  tokenize: indexTokens,
  processTerm: (term) => (term === '' ? null : term),
  searchOptions: {
    tokenize: searchTokens,
    // A word inside a compound counts for less than the word itself: "หวัด" (a cold) ranks a story
    // about a cold before the stories of a "จังหวัด" (province).
    boost: { headline: 3, standfirst: 2, parts: 0.3 },
    // A word of three letters or more is also found by its start ("tha" finds Tháp); a shorter one
    // only whole ("ha" is Hà, not every word starting "ha"), as the excerpt marks them.
    prefix: (term) => foundByStart(term),
    combineWith: 'AND',
    processTerm: (term) => {
      const folded = foldTerm(term);
      return folded === '' ? null : folded;
    },
  },
};

/** The fields searched with folded words; `markedHead` and `marked` hold the words that carry accents, as written. */
const FOLDED_FIELDS = ['headline', 'standfirst', 'byline', 'text', 'parts'];
/** The fields an edition's index has when none of its words is a compound of Thai, Chinese or Japanese (SEARCH_OPTIONS' but `parts`). */
const FIELDS_WITHOUT_PARTS = SEARCH_OPTIONS.fields.filter((field) => field !== 'parts');
/**
 * A term shorter than this finds, and an excerpt marks, only whole words: "ha" is "Hà", never the
 * start of "handful".
 */
const SEARCH_PREFIX_MIN = 3;
/** Syllables written as one character each: two of them make a word found by its start too ("서울" finds 서울에서, "北京" 北京大学). */
const TWO_SYLLABLES = /^[\p{Script=Hangul}\p{Script=Han}]{2}$/u;

/**
 * Whether a (folded) term also finds, and marks, words it starts: one of SEARCH_PREFIX_MIN
 * characters or more, or of two Hangul or Han syllables (when the fold left Hangul decomposed into
 * its letters, "서울" was five of them and found "서울에서"; composed again, it found nothing).
 */
function foundByStart(term: string): boolean {
  return term.length >= SEARCH_PREFIX_MIN || TWO_SYLLABLES.test(term);
}
/**
 * A word of running text (letters with their marks, digits; not a footnote's ¹), for the search and
 * its excerpts, soft hyphens and joiners inside it included (foldTerm drops them).
 */
const SEARCH_WORD = /[\p{L}\p{M}\p{Nd}\u00ad\u200c\u200d]+/gu;

/** The words of running text (SEARCH_WORD's, a run of an unspaced script cut at its word boundaries, as searchTokens), with where they start. */
function wordsOf(text: string, most = Infinity): { text: string; index: number }[] {
  const words: { text: string; index: number }[] = [];
  const unspaced = UNSPACED_SCRIPT.test(text);
  for (const m of text.matchAll(SEARCH_WORD)) {
    if (unspaced && UNSPACED_SCRIPT.test(m[0])) for (const word of segmentWords(m[0])) words.push({ text: word.text, index: m.index + word.index });
    else words.push({ text: m[0], index: m.index });
    if (words.length >= most) return words.slice(0, most);
  }
  return words;
}

/**
 * A word as `marked` keeps it: lower case, composed (NFC), and one spelling where two are written
 * for the same word, so that the word typed either way finds it written either way: Romanian's s
 * and t with a cedilla as with a comma below ("Timişoara" is "Timișoara"), Vietnamese's tone mark
 * on the second vowel of an open oa, oe, uy as on the first ("Hóa" is "Hoá", "thủy" "thuỷ"), a
 * final sigma as any other (foldTerm). Each was another word, and where the edition had the other
 * somewhere, the search found only that one.
 */
function markedForm(word: string): string {
  return withoutFinalSigma(word.normalize('NFC').toLowerCase())
    .replace(CEDILLA_FOR_COMMA, (letter) => COMMA_BELOW[letter])
    .replace(TONE_ON_FIRST_VOWEL, (vowels) => {
      // "óa" is o, U+0301, a decomposed: the tone goes after the second vowel.
      const [first, tone, second] = vowels.normalize('NFD');
      return `${first}${second}${tone}`.normalize('NFC');
    });
}
const COMMA_BELOW: Readonly<Record<string, string>> = { ş: 'ș', ţ: 'ț' };
const CEDILLA_FOR_COMMA = /[şţ]/g;
/** Vietnamese's older placement of the tone on an open oa, oe or uy (at the word's end), lower case, NFC. */
const TONE_ON_FIRST_VOWEL = /(?:[óòỏõọ][ae]|[úùủũụ]y)$/;

/** The words of a text that carry accents, tone marks or đ, as written: what `marked` indexes. */
function markedWords(text: string): string {
  // Each once: the folded fields rank by how often a word stands; these only say it stands as written.
  const words = new Set<string>();
  // Only a word with a letter past ASCII can carry a mark: the others are not folded one by one.
  for (const { text: word } of wordsOf(text.normalize('NFC'))) {
    if (!NOT_ASCII.test(word)) continue;
    const form = markedForm(word);
    if (!words.has(form) && foldTerm(form) !== form) words.add(form);
  }
  return [...words].join(' ');
}
const NOT_ASCII = /[^\x00-\x7f]/;

interface SearchDocument {
  readonly slug: string;
  /** The headline as printed (stored for hits); `headline` is its folded form (indexed). */
  readonly title: string;
  readonly headline: string;
  readonly standfirst: string;
  readonly byline: string;
  readonly text: string;
  /** The words that carry accents, tone marks or đ, as written (lower case, each once): "Cần Thơ" is not "can tho"; the headline's and standfirst's apart, to count for more. */
  readonly markedHead: string;
  readonly marked: string;
  /** The words inside its compounds of Thai, Chinese and Japanese (compoundParts), each once; none in other text. */
  readonly parts?: string;
  /** The page the story starts on. */
  readonly page: number;
}

/** The search index of one edition, as JSON to store in the version. */
export function buildSearchIndex(articles: readonly ReaderArticle[]): string {
  const documents = articles.map((a): SearchDocument => {
    const headline = foldTerm(a.headline);
    const standfirst = foldTerm(a.standfirst ?? '');
    const byline = foldTerm(a.byline ?? '');
    const text = foldTerm([a.dateline ?? '', ...a.body.map(blockText), a.photo?.caption ?? ''].join('\n'));
    const parts = partsOfCompounds([headline, standfirst, byline, text].join('\n'));
    return {
      slug: a.slug,
      title: a.headline,
      headline,
      standfirst,
      byline,
      text,
      markedHead: markedWords(`${a.headline}\n${a.standfirst ?? ''}`),
      marked: markedWords([a.byline ?? '', a.dateline ?? '', ...a.body.map(blockText), a.photo?.caption ?? ''].join('\n')),
      ...(parts ? { parts } : {}),
      page: a.pages[0] ?? 1,
    };
  });
  // An edition without such compounds (a Latin one) writes the index it wrote before parts were
  // indexed, byte for byte; read with SEARCH_OPTIONS, its missing field finds nothing.
  const index = new MiniSearch<SearchDocument>(documents.some((d) => d.parts) ? SEARCH_OPTIONS : { ...SEARCH_OPTIONS, fields: FIELDS_WITHOUT_PARTS });
  index.addAll(documents);
  return JSON.stringify(index);
}

/**
 * The parts of the compounds in a (folded) text, and its Hebrew words without their prefixes
 * (hebrewPrefixParts), each once, a space between them; '' for text without any.
 */
function partsOfCompounds(text: string): string {
  const unspaced = UNSPACED_SCRIPT.test(text);
  const hebrew = HEBREW_IN_TEXT.test(text);
  if (!unspaced && !hebrew) return '';
  const parts = new Set<string>();
  for (const token of SPACE_OR_PUNCTUATION_SPLIT(text)) {
    if (hebrew) for (const part of hebrewPrefixParts(token)) parts.add(part.text);
    if (!unspaced || !UNSPACED_SCRIPT.test(token)) continue;
    for (const word of segmentWords(token.normalize('NFC'))) for (const part of compoundParts(word.text)) parts.add(part.text);
  }
  return [...parts].join(' ');
}
const HEBREW_IN_TEXT = /\p{Script=Hebrew}/u;

/** One search hit, as `/search` answers it. */
export interface SearchHit {
  readonly date: string;
  readonly slug: string;
  readonly headline: string;
  readonly page: number;
  readonly score: number;
}

/** A stored index read back, ready to query. */
export type LoadedSearchIndex = MiniSearch<SearchDocument>;

export function loadSearchIndex(json: string): LoadedSearchIndex {
  return MiniSearch.loadJSON<SearchDocument>(json, SEARCH_OPTIONS);
}

/**
 * A query's hits. Words typed with their accents are found as written ("Cần Thơ" is Cần Thơ, not
 * "can" and "those"), the others folded ("ha noi" finds Hà Nội); when the words as written are
 * found nowhere, the whole query is folded, so that "Hà Nội" still finds a story that wrote Ha Noi.
 * (An index written before `marked` finds nothing there, and folds.)
 */
function searchIndex(index: LoadedSearchIndex, query: string): SearchResult[] {
  const words = wordsOf(query.normalize('NFC')).map((word) => word.text);
  const folded = () => index.search(query);
  if (!words.some((word) => foldTerm(word) !== markedForm(word))) return folded();
  const queries: Query[] = words.map((word) =>
    foldTerm(word) !== markedForm(word)
      ? { queries: [markedForm(word)], fields: ['markedHead', 'marked'], boost: { markedHead: 3 }, processTerm: (term: string) => term, prefix: false }
      : { queries: [word], fields: FOLDED_FIELDS },
  );
  const asWritten = index.search({ combineWith: 'AND', queries });
  return asWritten.length > 0 ? asWritten : folded();
}

/** Hits of one edition for a query, best first. */
export function searchEdition(index: LoadedSearchIndex, date: string, query: string): SearchHit[] {
  return searchIndex(index, query).map((r: SearchResult) => ({
    date,
    slug: String(r.id),
    headline: String(r.title ?? ''),
    page: Number(r.page ?? 1),
    score: r.score,
  }));
}

/** Where a search found a story, in its own words: `text` with the found words at `marks` ([start, end) offsets). */
export interface SearchExcerpt {
  readonly text: string;
  readonly marks: readonly (readonly [number, number])[];
}

/**
 * A story's running text for excerpts: its body's text blocks in order, one line, as printed; and,
 * apart, the captions of the photos in its text (an excerpt there only when the words are nowhere else).
 */
export function excerptSource(article: { readonly body: readonly TextOfBlock[]; readonly standfirst?: string; readonly dateline?: string }): { body: string; standfirst: string; captions?: string } {
  const oneLine = (text: string) => text.replaceAll(LINE_BREAK, ' ').replace(/\s+/g, ' ').trim();
  // The dateline runs into the first paragraph, as printed: a story found by "Cần Thơ" in it shows it.
  const body = oneLine(`${article.dateline ? `${article.dateline} — ` : ''}${storyText(article.body).join(' ')}`);
  const captions = oneLine(article.body.flatMap((block) => (block.kind === 'figure' && block.caption ? [block.caption] : [])).join(' '));
  return { body, standfirst: (article.standfirst ?? '').trim(), ...(captions ? { captions } : {}) };
}

/**
 * Words of a story an excerpt is looked for in: a long story's first 3,000 (twice a long read), so
 * that a hostile 20,000-word body costs a search milliseconds, not a tenth of a second per hit.
 */
const EXCERPT_SCAN_WORDS = 3000;
/** Words an excerpt may reach further back than `excerptWordsBefore` to start with its sentence. */
const EXCERPT_SENTENCE_REACH = 4;

/**
 * The passage of a story that shows why a search found it: the words searched for, folded as the
 * index folds them ("ha noi" marks "Hà Nội"), matched as the search matches them (a word found by
 * its start too, for a term of three letters or more), in the stretch of the body where most of
 * them stand close together, whole words of about `excerptChars`, with "…" where the story goes on; a story whose body does not hold them
 * shows its standfirst, marked where they stand there, else the caption of a photo in its text that
 * holds them. A story found only by its headline or
 * byline gets its standfirst (or its opening) and no marks. Undefined for a story with no text.
 */
export function searchExcerpt(source: { body: string; standfirst: string; captions?: string }, query: string, policy: Pick<typeof READER_POLICY, 'excerptChars' | 'excerptWordsBefore'> = READER_POLICY): SearchExcerpt | undefined {
  // A word typed with its marks is matched as written ("Cần" is not "can"), as the search matched
  // it; where no passage holds it so, folded, as the search falls back to.
  const { asWritten, folded } = excerptTerms(query);
  for (const terms of asWritten.some((t) => t.written) ? [asWritten, folded] : [folded]) {
    const found = passage(source.body, terms, policy) ?? passage(source.standfirst, terms, policy) ?? (source.captions ? passage(source.captions, terms, policy) : undefined);
    if (found) return found;
  }
  const text = source.standfirst || source.body;
  return text === '' ? undefined : { text: cutAtWord(text, 0, policy.excerptChars).text, marks: [] };
}

/**
 * Where the words of `query` stand in a headline: [start, end) offsets into it, found and merged as
 * an excerpt's marks are (searchExcerpt: as written where the query's marks are, else folded; a
 * word found by its start marked whole). A story found by its headline alone showed no mark at all:
 * its excerpt is its standfirst or opening, which do not hold the words (a Hebrew story's
 * "שיפוצים", renovations, stands in its headline only).
 */
export function headlineMarks(headline: string, query: string): [number, number][] {
  const { asWritten, folded } = excerptTerms(query);
  for (const terms of asWritten.some((t) => t.written) ? [asWritten, folded] : [folded]) {
    const marks = marksOf(foundWords(headline, terms).filter((word) => word.quality > 0), 0);
    if (marks.length > 0) return marks;
  }
  return [];
}

/** The words of a query as an excerpt looks for them: as written where they carry marks, and all folded. */
function excerptTerms(query: string): { asWritten: ExcerptTerm[]; folded: ExcerptTerm[] } {
  const words = [...new Set(wordsOf(query.normalize('NFC')).map((word) => markedForm(word.text)))];
  return {
    asWritten: words.map((word): ExcerptTerm => (foldTerm(word) !== word ? { written: word } : { folded: word })),
    folded: [...new Set(words.map(foldTerm))].map((word): ExcerptTerm => ({ folded: word })),
  };
}

/** Marks of found words, their offsets less `shift`; words found one after the other (a run without spaces) one mark. */
function marksOf(found: readonly { readonly markStart: number; readonly end: number }[], shift: number): [number, number][] {
  const marks: [number, number][] = [];
  for (const word of found) {
    const mark: [number, number] = [word.markStart - shift, word.end - shift];
    const last = marks[marks.length - 1];
    if (last && mark[0] <= last[1]) last[1] = Math.max(last[1], mark[1]);
    else marks.push(mark);
  }
  return marks;
}

/** A query word as an excerpt looks for it: as written (lower case, NFC; whole words only), or folded. */
type ExcerptTerm = { readonly written: string; readonly folded?: undefined } | { readonly folded: string; readonly written?: undefined };

/**
 * Each word of `text` (its first EXCERPT_SCAN_WORDS) and which term it is: `term` the index of the
 * term, `quality` 2 for the whole word, 1 for its start (as the search's prefix match), 0 for none;
 * `markStart`..`end` what a mark covers.
 */
function foundWords(text: string, terms: readonly ExcerptTerm[]): { start: number; markStart: number; end: number; term: number; quality: number }[] {
  const scanned = wordsOf(text, EXCERPT_SCAN_WORDS);
  const unspaced = UNSPACED_SCRIPT.test(text);
  return scanned.map((m, at) => {
    // The word, and in a run without spaces the word with the one or two after it, as indexTokens
    // joins them: "ฝนตก" is found in "มีฝนตก", which the segmenter cuts "มี ฝน ตก".
    const spans = [{ text: m.text, start: m.index, end: m.index + m.text.length }];
    for (let next = at + 1; next < scanned.length && next - at < SEARCH_JOINED_WORDS && scanned[next].index === spans[spans.length - 1].end; next++) {
      spans.push({ text: spans[spans.length - 1].text + scanned[next].text, start: m.index, end: scanned[next].index + scanned[next].text.length });
    }
    // …and the words inside a compound, as the index holds them ("ไฟฟ้า" in "รถไฟฟ้า"), marked alone.
    if (unspaced) for (const part of compoundParts(m.text)) spans.push({ text: part.text, start: m.index + part.index, end: m.index + part.index + part.text.length });
    // …and a Hebrew word without its prefixes ("ספרייה" in "הספרייה"), marked whole.
    for (const part of hebrewPrefixParts(m.text)) spans.push({ text: part.text, start: m.index, end: m.index + m.text.length });
    // Which term the word is, 2 for the whole word and 1 for its start, as the search's prefix match.
    let term = -1;
    let quality = 0;
    let [markStart, end] = [spans[0].start, spans[0].end];
    for (const span of spans) {
      const folded = foldTerm(span.text);
      const written = terms.some((t) => t.written) ? markedForm(span.text) : '';
      terms.forEach((t, i) => {
        const q = t.written !== undefined ? (written === t.written ? 2 : 0) : folded === t.folded ? 2 : foundByStart(t.folded) && folded.startsWith(t.folded) ? 1 : 0;
        if (q > quality) [term, quality, markStart, end] = [i, q, span.start, span.end];
      });
    }
    return { start: m.index, markStart, end, term, quality };
  });
}

/** The passage of `text` where the terms stand (searchExcerpt), or undefined where none does. */
function passage(text: string, terms: readonly ExcerptTerm[], policy: Pick<typeof READER_POLICY, 'excerptChars' | 'excerptWordsBefore'>): SearchExcerpt | undefined {
  const words = foundWords(text, terms);
  const unspaced = UNSPACED_SCRIPT.test(text);
  const found = words.flatMap((word, index) => (word.quality > 0 ? [index] : []));
  if (found.length === 0) return undefined;
  const columnsBetween = unspaced ? columnsAlong(text, words[words.length - 1].end) : (start: number, end: number) => end - start;
  // The found word whose stretch of the excerpt's length holds the most different terms, then the
  // most whole words, then the earliest.
  // (Each stretch is walked from its own first word: a long story full of "the" stays linear.)
  let best = { at: found[0], terms: 0, whole: 0 };
  for (let a = 0; a < found.length; a++) {
    const at = found[a];
    const seen = new Set<number>();
    let whole = 0;
    for (let b = a; b < found.length; b++) {
      const index = found[b];
      if (columnsBetween(words[at].start, words[index].end) > policy.excerptChars * 0.8) break;
      seen.add(words[index].term);
      if (words[index].quality === 2) whole++;
    }
    if (seen.size > best.terms || (seen.size === best.terms && whole > best.whole)) best = { at, terms: seen.size, whole };
  }
  // A few words before it, not back past the start of its sentence, and from that start when it is
  // only a few words further back ("Until now, most stations…", not "…now, most stations…").
  const sentenceStartsAt = (index: number) => index === 0 || /[.!?。！？]["'”’)」』）]*\s*$/.test(text.slice(words[index - 1].end, words[index].start));
  let first = best.at;
  while (first > 0 && best.at - first < policy.excerptWordsBefore && !sentenceStartsAt(first)) first--;
  for (let back = first; back > 0 && first - back < EXCERPT_SENTENCE_REACH && !sentenceStartsAt(first); back--) if (sentenceStartsAt(back - 1)) first = back - 1;
  const from = words[first].start;
  const cut = cutAtWord(text, from, policy.excerptChars);
  const marks = marksOf(words.filter((word) => word.quality > 0 && word.start >= from && word.end <= from + cut.length), from - cut.offset);
  return { text: cut.text, marks };
}

/**
 * `text` from `from`, at most about `chars` long, ending after a whole word, with "…" where text is
 * left out on either side. Text of a script written without spaces is cut at the segmenter's word
 * boundaries and measured in columns (columnsOf); it was cut at the last space, and a Japanese story
 * has none: its excerpt ended wherever the 180th character fell, inside a word, or back at a space
 * between two sentences of Thai.
 */
function cutAtWord(text: string, from: number, chars: number): { text: string; offset: number; length: number } {
  let end = Math.min(text.length, from + chars);
  if (UNSPACED_SCRIPT.test(text.slice(from, end))) end = endOfWordsWithin(text, from, chars);
  else if (end < text.length) {
    const lastSpace = text.lastIndexOf(' ', end);
    if (lastSpace > from) end = lastSpace;
  }
  const after = end < text.length ? '…' : '';
  // A cut passage ends on its last word, not on the comma after it.
  const body = after ? text.slice(from, end).replace(/[\s,;:–—\-、，；：]+$/u, '') : text.slice(from, end).trim();
  const before = from > 0 ? '…' : '';
  return { text: `${before}${body}${after}`, offset: before.length, length: body.length };
}

/** Where the words of `text` from `from` that fill at most `columns` columns end (a word longer than that is cut between its characters). */
function endOfWordsWithin(text: string, from: number, columns: number): number {
  // A column is a character at least: text past `columns` characters of each width cannot fit.
  const stretch = text.slice(from, from + columns * 4);
  let filled = 0;
  let end = from;
  for (const { segment, index } of wordSegmenter.segment(stretch)) {
    const width = columnsOf(segment);
    if (filled + width > columns) {
      if (end > from) return end;
      // One word wider than the excerpt: as many of its characters as fit.
      for (const { segment: character, index: at } of graphemeSegmenter.segment(segment)) {
        if (filled + columnsOf(character) > columns) return from + index + at;
        filled += columnsOf(character);
      }
    }
    filled += width;
    end = from + index + segment.length;
  }
  return end;
}
const graphemeSegmenter = new Intl.Segmenter('und', { granularity: 'grapheme' });

/** The columns (columnsOf) between two offsets of `text`'s first `length` code units, counted once for every question. */
function columnsAlong(text: string, length: number): (start: number, end: number) => number {
  const before = new Uint32Array(length + 1);
  let at = 0;
  for (const character of text.slice(0, length)) {
    const width = columnsOf(character);
    for (let unit = 0; unit < character.length; unit++) before[at + unit + 1] = before[at] + (unit === character.length - 1 ? width : 0);
    at += character.length;
  }
  return (start, end) => before[end] - before[start];
}

/**
 * How wide `text` is next to Latin letters: a Han, kana, Hangul or full-width character takes two
 * columns (it is set on a square, a Latin letter on about half of one: East Asian Width's "wide"),
 * a combining mark or an invisible character none (Thai's vowels and tones above and below a
 * consonant), any other character one. An excerpt of `excerptChars` columns of Japanese is the
 * length on the screen of one of English.
 */
export function columnsOf(text: string): number {
  let columns = 0;
  for (const character of text) columns += WIDE.test(character) ? 2 : NO_WIDTH.test(character) ? 0 : 1;
  return columns;
}
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\u30fc\uff01-\uff60\uffe0-\uffe6]/u;
const NO_WIDTH = /[\p{M}\p{Cf}]/u;

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
