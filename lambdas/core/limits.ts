/**
 * Input limits. Anyone who can write to the content bucket (or compromise a wire feed) decides what
 * the ingest and render functions chew on, so every dimension that costs memory or time is bounded
 * here, and each breach becomes a rejection an editor can act on.
 */
import { UNSPACED_SCRIPT } from './scripts';

/** Largest article text file we parse; real articles are a few tens of KiB. */
export const MAX_TEXT_FILE_BYTES = 1024 * 1024;
/** Longest body we set; beyond this it is a dump, not an article. */
export const MAX_BODY_WORDS = 20_000;
/**
 * Longest body in characters, whatever its words: 20,000 words of copy are 110,000–150,000. Words
 * of a thousand characters each (within MAX_WORD_CHARS) filled a 1 MiB file under the word limit
 * and cost 38 s and 1.1 GB to set, each of its lines broken by force (an adversarial review).
 */
export const MAX_BODY_CHARS = 200_000;
/** Longest headline, in characters (code points, after NFC). */
export const MAX_HEADLINE_CHARS = 300;
/** Largest photo file. */
export const MAX_PHOTO_BYTES = 25 * 1024 * 1024;
/**
 * Most bytes of input one render holds: its articles, edition.yaml and the photos its stories name,
 * together. A quarter of the render function's 2,048 MB (lib/render-memory.ts; a test in
 * test/handlers/publish-inputs.test.ts holds the two together): the 96-page reference edition
 * peaks at 974 MB photos included, and a photo's bytes stay in memory from their fetch until the
 * version is written. Past it, what comes last (articles
 * in name order, then photos by their story's importance) is not read, with the reason in its
 * report, and the edition builds with the rest. Unbounded, a shoot of 100 photos of 24 MiB beside
 * the articles (each within MAX_PHOTO_BYTES) took the function's memory, and five killed attempts
 * held the date's renders for 2.5 hours before its message was dead-lettered.
 */
export const MAX_RENDER_INPUT_BYTES = 512 * 1024 * 1024;

/** Why an input was not read for a render: with what came before it, it passed the budget (MAX_RENDER_INPUT_BYTES). */
export function renderBudgetReason(kind: 'article' | 'photo', bytes: number, budgetBytes = MAX_RENDER_INPUT_BYTES): string {
  const over = `not read: with it, the inputs one render holds would pass ${formatBytes(budgetBytes)}`;
  return kind === 'photo'
    ? `${over} (this photo is ${formatBytes(bytes)}; the articles and the photos of the more important stories came first): upload the date's photos smaller (a page prints a photo from a few MiB)`
    : `${over} (this file is ${formatBytes(bytes)}; the articles before it by name came first): move some of the date's articles to another date, or make them smaller`;
}

/**
 * Most articles one render reads for a date, in name order; the rest are not read, with the reason
 * in their reports, and the edition builds with these. The bytes' budget above let 500,000 files of
 * a line each through, and every story costs its place on a page: one-line stories, each in a
 * section of its own, made 89 pages of 800 and 267 of 2,400, composed in 21 s and 70 s before
 * Chromium printed a page (an adversarial review), while the bench's 600 articles (189 pages)
 * already take the render function to about 900 MB of its 2,048 MB. A paper of 96 pages prints
 * about 300 stories; this is three times that.
 */
export const MAX_EDITION_ARTICLES = 1000;

/** Why an article past MAX_EDITION_ARTICLES was not read for a render. */
export function articleCountReason(most = MAX_EDITION_ARTICLES): string {
  return `not read: the date has more than ${most.toLocaleString('en-US')} articles, the most one edition reads (the first ${most.toLocaleString('en-US')} by name were read): move some of the date's articles to another date`;
}

/** Largest photo by header dimensions: bounds the memory a decode can take (decompression bombs). */
export const MAX_PHOTO_PIXELS = 50_000_000;
/**
 * Most memory the photos being decoded at once may take, by the image processor's estimate of each
 * (`lambdas/adapters/sharp-images.ts`, `wholeDecodeBytes`); a decode that would pass it waits for
 * the others, and one larger than it runs alone. Most photos are decoded a strip at a time and cost
 * next to nothing here, but a progressive JPEG or an interlaced PNG is held whole: a 49-megapixel
 * 16-bit interlaced PNG took 475 MB to decode, and four of them (600 KB files, within every other
 * limit) decoded at once in sharp's four threads took the build to 1.8 GB (an adversarial review),
 * with Chromium printing beside it in a render function of 2,048 MB. A quarter of that memory, as
 * MAX_RENDER_INPUT_BYTES.
 */
export const PHOTO_DECODE_BUDGET_BYTES = 512 * 1024 * 1024;
/** Deepest JSON nesting we hand to JSON.parse. */
export const MAX_JSON_DEPTH = 64;
/** Most YAML aliases a front matter may expand ("billion laughs" needs far more). */
export const MAX_YAML_ALIASES = 100;
/**
 * Most footnote markers (`[^` and `^[`) a Markdown body's footnotes are read from; past it they
 * print as written. The footnote rule's work grows with the square of the notes (markdown-it-footnote
 * copies its token list once per note: 20,000 notes took 21 s), and a news story has a handful.
 */
export const MAX_FOOTNOTE_MARKERS = 1000;

/** S3's longest object key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/**
 * Longest input name (the path under `articles/<date>/`), in UTF-8 bytes. Each upload's name goes
 * into keys of its own: `normalized/<date>/<name>.json`, the longest, 27 bytes more than the name,
 * `rejected/…` and `reports/…`. A longer name can still be uploaded (its own key is 20 bytes more),
 * but none of those keys written: the ingest function failed on it until its message went to the
 * dead letters, and the render, whose per-file reports failed alike, never published the edition.
 * Such a name is refused by its listing line, as a name with a backslash is.
 */
export const MAX_INPUT_NAME_BYTES = MAX_KEY_BYTES - 'normalized/YYYY-MM-DD/'.length - '.json'.length;

/** A check either passes or says, in words, what is wrong. */
export type LimitCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Decoded text or the reason the bytes are not usable article text. */
export type DecodedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly reason: string };

const OK: LimitCheck = { ok: true };

/** Formats a byte count the way an editor reads it ("1.3 MiB", "640 KiB"). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** The length of `text` in UTF-8 bytes, as S3 counts a key's. */
export function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** Whether S3 takes `key`: at most MAX_KEY_BYTES in UTF-8. */
export function keyFits(key: string): boolean {
  return utf8Length(key) <= MAX_KEY_BYTES;
}

/** Whether an input's name is short enough for every key the pipeline makes from it. */
export function checkInputName(name: string): LimitCheck {
  const bytes = utf8Length(name);
  if (bytes <= MAX_INPUT_NAME_BYTES) return OK;
  return { ok: false, reason: `the file name is ${bytes.toLocaleString('en-US')} bytes long; the limit is ${MAX_INPUT_NAME_BYTES} (the bucket's keys end at ${MAX_KEY_BYTES.toLocaleString('en-US')} bytes, and this file's report needs a key of its own): upload it under a shorter name` };
}

/** Refuses a text file larger than MAX_TEXT_FILE_BYTES (checked from the listed size, before reading). */
export function checkTextFileSize(bytes: number, kind = 'an article file'): LimitCheck {
  return bytes > MAX_TEXT_FILE_BYTES
    ? { ok: false, reason: `the file is ${formatBytes(bytes)}; the limit for ${kind} is 1 MiB` }
    : OK;
}

/**
 * What a text file is, as the reasons for refusing it name it: `limitOf` in "the limit for … is
 * 1 MiB", `saved` in "save … as UTF-8".
 */
export interface TextFileKind {
  readonly limitOf: string;
  readonly saved: string;
}

/** An article (the default of decodeArticleText). */
export const ARTICLE_TEXT: TextFileKind = { limitOf: 'an article file', saved: 'the article' };

/**
 * The edition's settings file, by its name (`edition.yaml`, `edition.yml`): an edition.yaml saved
 * as Latin-1 or binary was told "save the article as UTF-8 text", and the newsroom looked for an
 * article.
 */
export function settingsText(name: string): TextFileKind {
  return { limitOf: 'the settings file', saved: name };
}

/**
 * Turns file bytes into NFC text with LF line ends, or says why they are not UTF-8 text, naming
 * what the file is (`kind`: an article unless told).
 * Strict decoding: a lenient decoder would silently print mojibake for Latin-1 files.
 */
export function decodeArticleText(bytes: Uint8Array, kind: TextFileKind = ARTICLE_TEXT): DecodedText {
  const size = checkTextFileSize(bytes.byteLength, kind.limitOf);
  if (!size.ok) return size;
  if (bytes.byteLength === 0) return { ok: false, reason: 'the file is empty' };
  // Word's "Unicode text" and Notepad's "Unicode" are UTF-16 with a byte order mark: as certain
  // as UTF-8, and read as such (they were refused with "save it as UTF-8").
  const utf16 = bytes.byteLength >= 2 ? (bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined) : undefined;
  if (!utf16 && bytes.includes(0)) {
    return { ok: false, reason: `the file contains NUL bytes: it looks binary, not text; save ${kind.saved} as UTF-8 text` };
  }
  let text: string;
  try {
    text = new TextDecoder(utf16 ?? 'utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    // An article's reasons keep their words ("save it"); another file is named.
    const it = kind === ARTICLE_TEXT ? 'it' : kind.saved;
    return {
      ok: false,
      reason: utf16 ? `the file is UTF-16 text ("Unicode text") cut or damaged; save ${it} again, as UTF-8` : `the file is not UTF-8 text (saved as Latin-1 or Windows-1252?); save ${it} as UTF-8`,
    };
  }
  if (utf16 && text.includes('\u0000')) {
    return { ok: false, reason: `the file contains NUL characters: it looks binary, not text; save ${kind.saved} as UTF-8 text` };
  }
  text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC');
  // Looks for one visible character rather than building the text without its blank space.
  if (!/[^\s\u00a0\u200b\ufeff]/.test(text)) {
    return { ok: false, reason: 'the file is empty (it holds only blank space)' };
  }
  return { ok: true, text };
}

/** Refuses a headline longer than MAX_HEADLINE_CHARS. */
export function checkHeadline(headline: string): LimitCheck {
  const length = [...headline].length;
  return length > MAX_HEADLINE_CHARS
    ? { ok: false, reason: `the headline is ${length} characters long; the limit is ${MAX_HEADLINE_CHARS}` }
    : OK;
}

/**
 * No word (a run of text without a space) is longer than this many characters. A longer one is
 * pasted data (base64, a tracking address), not copy, and the typesetter may break it between any
 * two letters: a 200,000-character word ran the build out of memory and took the edition with it.
 * The longest addresses a paper prints are a few hundred characters.
 */
export const MAX_WORD_CHARS = 1000;

/**
 * A run without spaces in a script written without them (Thai, Chinese, Japanese…: scripts.ts
 * UNSPACED_SCRIPT) is a sentence or a paragraph, not a word: its words are the ones the line breaker
 * breaks it between (Intl.Segmenter, typeset/paragraph.ts segmentBreaks), and its longest is what the
 * limit is about. A Thai or Chinese paragraph of more than 1,000 characters was refused as "a word
 * 1,200 characters long"; pasted data stays one word (base64 or an address is Latin to the
 * segmenter), so it is refused as before, beside Thai letters or not.
 */
function longestSegmentedWord(run: string): string {
  let longest = '';
  for (const { segment } of wordSegmenter.segment(run)) if (segment.length > longest.length) longest = segment;
  return longest;
}
const wordSegmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** Refuses texts holding a word longer than MAX_WORD_CHARS, saying where and how long. */
export function checkWordLengths(texts: readonly { readonly where: string; readonly text: string }[]): LimitCheck {
  for (const { where, text } of texts) {
    if (text.length <= MAX_WORD_CHARS) continue;
    for (const run of text.split(/\s+/)) {
      if (run.length <= MAX_WORD_CHARS) continue;
      const word = UNSPACED_SCRIPT.test(run) ? longestSegmentedWord(run) : run;
      const characters = [...word];
      if (characters.length <= MAX_WORD_CHARS) continue;
      return {
        ok: false,
        reason: `${where} holds a word ${characters.length.toLocaleString('en-US')} characters long ("${characters.slice(0, 12).join('')}…", pasted data?); no word may be longer than ${MAX_WORD_CHARS.toLocaleString('en-US')} characters`,
      };
    }
  }
  return OK;
}

/**
 * A caption or credit printed under a photo is at most this many characters: a longer one is cut
 * at a word, with "…", and the editor told. A caption is a line or three; pasted copy thousands of
 * words long made the photo's block deeper than a page, and the story could not be placed at all.
 */
export const MAX_CAPTION_CHARS = 600;

/** `text` within MAX_CAPTION_CHARS (cut at the last space before it, "…" added), and whether it was cut. */
export function limitCaption(text: string): { text: string; cut: boolean } {
  const chars = [...text];
  if (chars.length <= MAX_CAPTION_CHARS) return { text, cut: false };
  const kept = chars.slice(0, MAX_CAPTION_CHARS - 1).join('');
  const space = kept.lastIndexOf(' ');
  return { text: `${(space > MAX_CAPTION_CHARS / 2 ? kept.slice(0, space) : kept).trimEnd()}…`, cut: true };
}

/** Counts words as runs of non-space characters (so an unbreakable token is one word). */
export function countWords(text: string): number {
  const matches = text.match(/[^\s\u00a0]+/g);
  return matches ? matches.length : 0;
}

/** Refuses a body of more than MAX_BODY_WORDS words. */
export function checkBodyWords(words: number): LimitCheck {
  return words > MAX_BODY_WORDS
    ? { ok: false, reason: `the body has ${words.toLocaleString('en-US')} words; the limit is ${MAX_BODY_WORDS.toLocaleString('en-US')} words` }
    : OK;
}

/**
 * Most pieces an article file may hold to be read at all: its words (runs without a space, as
 * countWords counts them) and the cells, tags and links of its markup (each `|`, `<` and `[`: a
 * thousand-character word of `[a](` costs no fewer links), three times what
 * the longest body (MAX_BODY_WORDS) needs. The parsers' work grows with a file's blocks, not its
 * bytes: 1 MiB of one-letter paragraphs, list items or table rows (350,000 of them) took 9–22 s each
 * to read before the body's word count refused them, so that ten of them in one ingest batch passed
 * the ingest function's 60 s and fifteen the render's 300 s, the rest of the edition with them (an
 * attacker's pass over the inputs, round 77). A story at the word limit, in HTML full of tags and
 * links or in tables, holds well under it; counting takes milliseconds.
 */
export const MAX_TEXT_PIECES = 3 * MAX_BODY_WORDS;

/** Refuses an article file's text of more than MAX_TEXT_PIECES pieces, before any parser reads it. */
export function checkTextPieces(text: string): LimitCheck {
  let pieces = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Whitespace as countWords' \s and U+00A0 (the BMP's: an astral code unit is never a space).
    const space = c <= 0x20 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff || c === 0x85;
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      pieces++;
    }
    // A run of `[` is one (a nesting thousands deep is refused by the YAML or JSON reader, saying so).
    if (c === 0x7c /* | */ || c === 0x3c /* < */ || (c === 0x5b /* [ */ && text.charCodeAt(i - 1) !== 0x5b)) pieces++;
    if (pieces > MAX_TEXT_PIECES) {
      return {
        ok: false,
        reason: `the file holds more than ${MAX_TEXT_PIECES.toLocaleString('en-US')} words, table cells and tags, far more than a body of at most ${MAX_BODY_WORDS.toLocaleString('en-US')} words needs; it was not read (split it into stories, or upload the data as a table of its own)`,
      };
    }
  }
  return OK;
}

/** Refuses a body of more than MAX_BODY_CHARS characters. */
export function checkBodyCharacters(characters: number): LimitCheck {
  return characters > MAX_BODY_CHARS
    ? { ok: false, reason: `the body has ${characters.toLocaleString('en-US')} characters; the limit is ${MAX_BODY_CHARS.toLocaleString('en-US')} (pasted data?)` }
    : OK;
}

/**
 * Scans JSON text for its deepest nesting without parsing it, so that a hostile file cannot drive
 * JSON.parse (or our walk over its result) into deep recursion. Stops early past `stopAbove`.
 */
export function jsonNestingDepth(text: string, stopAbove = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return deepest;
}

/** Refuses JSON nested deeper than MAX_JSON_DEPTH. */
export function checkJsonDepth(text: string): LimitCheck {
  const depth = jsonNestingDepth(text);
  return depth > MAX_JSON_DEPTH
    ? { ok: false, reason: `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep; the limit is ${MAX_JSON_DEPTH}` }
    : OK;
}

/** Refuses a photo file larger than MAX_PHOTO_BYTES. */
export function checkPhotoBytes(bytes: number): LimitCheck {
  return bytes > MAX_PHOTO_BYTES
    ? { ok: false, reason: `the photo is ${formatBytes(bytes)}; the limit is 25 MiB` }
    : OK;
}

/** Refuses a photo whose header declares more than MAX_PHOTO_PIXELS, before anything decodes it. */
export function checkPhotoPixels(widthPx: number, heightPx: number): LimitCheck {
  if (!(widthPx > 0 && heightPx > 0)) return { ok: false, reason: `the photo has no usable size (${widthPx}×${heightPx})` };
  const pixels = widthPx * heightPx;
  return pixels > MAX_PHOTO_PIXELS
    ? {
        ok: false,
        reason: `the photo is ${widthPx}×${heightPx} pixels (${Math.round(pixels / 1e6)} megapixels); the limit is 50 megapixels`,
      }
    : OK;
}

/**
 * Most scans a JPEG may hold. libjpeg decodes every scan of a progressive JPEG over every block of
 * the picture, however little data the scan carries: a scan of one "end of band" run costs 40
 * bytes of file and, at 48 megapixels, about 5 ms of CPU, so a 312 KB file of 3,000 such scans held
 * a probe for 15 s of CPU (60 s on a busy machine), and one of 25 MiB would have held it for half
 * an hour, past any render's time (an adversarial review; libjpeg-turbo leaves the limit to the
 * application, as its `djpeg -maxscans` shows). Encoders write 1 (baseline) to 10 (libjpeg's
 * progressive script; mozjpeg 8–10); 100 leaves ten times that, and costs a 48-megapixel probe
 * about a second.
 */
export const MAX_JPEG_SCANS = 100;

/** Refuses a JPEG with more than MAX_JPEG_SCANS scans (counted from its markers, before any decode). */
export function checkJpegScans(scans: number): LimitCheck {
  return scans > MAX_JPEG_SCANS
    ? { ok: false, reason: `the JPEG is written in more than ${MAX_JPEG_SCANS} scans (a camera or an editor writes at most about ten), and decoding each costs as much as the whole picture: save it again as an ordinary JPEG` }
    : OK;
}

/** Photos printed from one story's text (figures); past this they are left out with a warning. */
export const MAX_FIGURES = 8;
