/**
 * Emits the composed pages as print HTML in which every line sits where the layout put it:
 * absolutely positioned lines with the word spacing that justifies them. Chromium only paints.
 */
import { capitalsIn, mostCommonLanguage, type Article } from '../article';
import type { Composition, ComposedPage, PlacedModule } from '../layout/compose';
import type { FittedJumpLine } from '../layout/composition';
import { toLayoutUnit, type Grid, type LayoutConfig } from '../layout/config';
import { insideTitleCapitals } from '../layout/inside';
import { columnPitch, gridBox } from '../layout/geometry';
import { featheredPitch, rowsOf } from '../layout/columns';
import { FIGURE_CAPTION_GAP_PX, figurePhotoKey, TABLE_SIZE_SHARE, type HeadPart } from '../layout/story';
import { FACE_CSS, FACE_KEYS, FALLBACK_KEYS, fallbackCss, familyList, unicodeRangeOf, type FaceKey, type FallbackKey } from '../typeset/fonts';
import { isolatedIfRightToLeft, RIGHT_TO_LEFT_LETTER, writtenRightToLeft } from '../scripts';
import { setsLigatures, TRACKING_STEP_PX, TRACKING_STEPS, type SetLine } from '../typeset/paragraph';

/** Escapes text for HTML element content and attribute values. */
/** A jump line's own size (compose.ts fitJumpLines), where it is not the body's. */
function jumpSize(line: FittedJumpLine | undefined): string {
  return line === undefined ? '' : `;font-size:${px(line.sizePx)}`;
}

export function escapeHtml(text: string): string {
  // Most text (a word, a line) has nothing to escape: tested once, returned as it is.
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIALS, escapeHtmlCharacter) : text;
}

const HTML_SPECIAL = /[&<>"']/;
const HTML_SPECIALS = /[&<>"']/g;
const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtmlCharacter = (character: string): string => HTML_ESCAPES[character];

/** Lengths in Chromium's 1/64 px layout unit, so positions on the baseline grid stay exact. */
const px = (value: number) => `${toLayoutUnit(value)}px`;
/** A shrunk line's word-spacing, rounded down so the line never comes out wider than its measure. */
const spacing = (value: number) => `${Math.floor(value * 1000) / 1000}px`;

/**
 * The class of a tracking step: `t1` = one TRACKING_STEP_PX of letter-spacing, `n1` one step
 * closed up (a tightened line).
 */
function trackingClass(letterSpacing: number): string {
  const steps = Math.round(letterSpacing / TRACKING_STEP_PX);
  return steps < 0 ? `n${-steps}` : `t${steps}`;
}

/** CSS for every tracking step the typesetter can choose, opened and closed up. */
const TRACKING_CSS = Array.from({ length: TRACKING_STEPS }, (_, i) => {
  const step = Math.round((i + 1) * TRACKING_STEP_PX * 1000) / 1000;
  return `.t${i + 1}{letter-spacing:${step}px}.n${i + 1}{letter-spacing:-${step}px}`;
}).join('');

/**
 * The end of a line whose last word is a left-to-right word broken at a hyphen ("Interoper-",
 * "Tel-"): the letter before the hyphen is no Hebrew or Arabic one.
 */
const LEFT_TO_RIGHT_WORD_BROKEN = /(?![\p{Script=Hebrew}\p{Script=Arabic}])\p{L}\p{M}*-$/u;
/** A letter written left to right (bidi's strong L): any other script's than RIGHT_TO_LEFT_LETTER's. */
const leftToRightLetter = (char: string) => /\p{L}/u.test(char) && !RIGHT_TO_LEFT_LETTER.test(char);

/**
 * A signed number ("-2.2", "+3.1", "ל־+15", "+5%"), not a hyphen between digits or in a word, with
 * the brackets around it when it has both ("(−2)", "[+5%]").
 */
const SIGNED = String.raw`[+\-\u2212\u00b1]\p{Nd}(?:[.,:\u202f]?\p{Nd})*[%\u2030\u00b0]?`;
const SIGNED_NUMBER = new RegExp(String.raw`(?<![\p{L}\p{M}\p{N}])(?:\(${SIGNED}\)|\[${SIGNED}\]|${SIGNED})`, 'gu');

/** Where a line's left-to-right isolate starts: a word, a segment of it, a letter of that. */
interface IsolateStart {
  readonly word: number;
  readonly segment: number;
  readonly at: number;
}

/**
 * Where the left-to-right words that end a line broken inside a Latin word start ("Transcontinental
 * Interoper-" after Hebrew): the first left-to-right letter after the line's last right-to-left one.
 */
function brokenLeftToRightEnd(words: SetLine['words']): IsolateStart | undefined {
  const last = words[words.length - 1];
  if (last === undefined || last.length === 0 || !LEFT_TO_RIGHT_WORD_BROKEN.test(last[last.length - 1].text)) return undefined;
  let start: IsolateStart | undefined;
  for (let w = words.length - 1; w >= 0; w--) {
    for (let s = words[w].length - 1; s >= 0; s--) {
      const chars = Array.from(words[w][s].text);
      for (let c = chars.length - 1; c >= 0; c--) {
        if (RIGHT_TO_LEFT_LETTER.test(chars[c])) return start;
        if (leftToRightLetter(chars[c])) start = { word: w, segment: s, at: chars.slice(0, c).join('').length };
      }
    }
  }
  return start;
}

/**
 * A set line's words, with face spans where they leave the base face. In a line set right to left
 * (`rightToLeft`), two runs are set in a left-to-right isolate (`<span dir="ltr">`), which prints
 * as the typesetter measured them and adds no character to the PDF's text:
 * - the Latin words that end a line broken inside one: the hyphen after them is a neutral at the
 *   line's end, which Unicode bidi sets in the line's direction, so it printed at the far left of
 *   the Latin words ("-Transcontinental Interoper"), not after "Interoper";
 * - a signed number, with its brackets: its sign, a neutral after a Hebrew word, printed at the
 *   number's right ("2.2-" for -2.2 in a Hebrew table), and its brackets, mirrored right to left,
 *   came out of the PDF's text reversed (")−2(").
 * Both were a left-to-right mark (U+200E) before, which a subscriber copying or searching the PDF
 * got inside the words ("Interoper-\u200e").
 */
function lineWordsHtml(line: SetLine, base: FaceKey, rightToLeft = false): string {
  // Plain loops and one string: the edition's longest path through the emitter (every word of
  // every line), where arrays of arrays joined twice cost a fresh process a tenth of the emit.
  let html = '';
  const words = line.words;
  const isolate = rightToLeft ? brokenLeftToRightEnd(words) : undefined;
  const segmentHtml = (text: string, face: FaceKey) => {
    const printed = rightToLeft ? printedText(text).replace(SIGNED_NUMBER, '<span dir="ltr">$&</span>') : printedText(text);
    return printed === '' ? '' : face === base ? printed : `<span class="f-${face}">${printed}</span>`;
  };
  for (let w = 0; w < words.length; w++) {
    if (w > 0) html += ' ';
    for (let s = 0; s < words[w].length; s++) {
      const segment = words[w][s];
      if (isolate !== undefined && isolate.word === w && isolate.segment === s) {
        html += `${segmentHtml(segment.text.slice(0, isolate.at), segment.face)}<span dir="ltr">${segmentHtml(segment.text.slice(isolate.at), segment.face)}`;
      } else html += segmentHtml(segment.text, segment.face);
    }
  }
  return isolate !== undefined ? `${html}</span>` : html;
}

/**
 * A set line's text as printed: escaped, and without the writer's soft hyphens, whose work ended
 * when the lines were broken (a line broken at one ends in a hyphen of its own). Left in, they
 * went into the PDF's text, where a search for "Donaudampfschiff" did not find "Donau\u00addampf…".
 */
function printedText(text: string): string {
  return escapeHtml(text.includes('\u00ad') ? text.replace(/\u00ad/g, '') : text);
}

/** A line set at its natural width with room to spare (a paragraph's last line): not justified. */
function isRagged(line: SetLine): boolean {
  return Math.abs(line.wordSpacing) <= 0.0005 && line.naturalWidth < line.width - 0.01;
}

/**
 * One set line as a block. Stretched lines are justified by Chromium across the exact width the
 * typesetter chose, which spreads the same extra space over every space as CSS word-spacing would,
 * but lays out about twice as fast; only the rare shrunk line needs a negative word-spacing.
 */
function lineHtml(line: SetLine, base: FaceKey, classes: string, style = '', rightToLeft = false): string {
  const justified = line.wordSpacing > 0.0005 && line.words.length > 1;
  const css = style + (line.wordSpacing < -0.0005 ? `word-spacing:${spacing(line.wordSpacing)};` : '');
  const tracked = line.letterSpacing !== 0 ? ` ${trackingClass(line.letterSpacing)}` : '';
  return `<div class="${classes}${justified ? ' j' : ''}${tracked}"${css ? ` style="${css}"` : ''}>${lineWordsHtml(line, base, rightToLeft)}</div>`;
}

/**
 * A paragraph's consecutive full-measure lines in one column, as one justified block with the
 * typesetter's breaks as <br>: `text-align-last: justify` justifies every line ended by a break, and
 * a shrunk line carries its negative word-spacing, a loose one its tracking class, on a span. One
 * box per run instead of one per line keeps Chromium's memory for a 100-page edition about 270 MB
 * lower (44,000 boxes to 7,700).
 */
function justifiedRunHtml(lines: readonly SetLine[], base: FaceKey, classes: string, style: string, rightToLeft: boolean): string {
  const inner = lines.map((line) => {
    const words = lineWordsHtml(line, base, rightToLeft);
    // A shrunk line's word-spacing, and the closing up of its letters (a tightened line).
    if (line.wordSpacing < -0.0005) return `<span${line.letterSpacing < 0 ? ` class="${trackingClass(line.letterSpacing)}"` : ''} style="word-spacing:${spacing(line.wordSpacing)}">${words}</span>`;
    // A loose line's tracking, justification then spreading what is left over its gaps; or a
    // tightened line with no shrunk space to carry it: a long token cut to the measure, one word
    // on its line, whose closing up was left out and the line printed 1.5 px past its column.
    if (line.letterSpacing !== 0) return `<span class="${trackingClass(line.letterSpacing)}">${words}</span>`;
    return words;
  });
  return `<div class="${classes} j"${style ? ` style="${style}"` : ''}>${inner.join('<br>')}</div>`;
}

/** Formats an edition date for the masthead, e.g. "Wednesday, December 4, 2019". */
export function longDate(date: string): string {
  // The British English long form ("Wednesday, 4 December 2019") from fixed names: the same text
  // as toLocaleDateString('en-GB', …) (a test compares them), without loading ICU's date formats,
  // which took a fresh process about 9 ms for the masthead and every folio.
  const [y, m, d] = date.split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return `${WEEKDAYS[day.getUTCDay()]}, ${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]} ${day.getUTCFullYear()}`;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export interface EmitInput {
  readonly composition: Composition;
  readonly articles: ReadonlyMap<string, Article>;
  readonly config: LayoutConfig;
  readonly grid: Grid;
  readonly date: string;
  readonly language: string;
  /** The static print stylesheet (templates/print.css). */
  readonly printCss: string;
  /** Font asset paths by face key, e.g. "assets/fonts/serif-regular.ttf". */
  readonly fontPaths: ReadonlyMap<FaceKey, string>;
  /** Fallback font asset paths (only those the edition's text needs), e.g. "assets/fonts/thai-regular.ttf". */
  readonly fallbackPaths?: ReadonlyMap<FallbackKey, string>;
  /** Fitted photo asset path by image ref (a module's photo) or figurePhotoKey (a figure of the text). */
  readonly photoPaths: ReadonlyMap<string, string>;
  /** Font size of the paper's name in the masthead, measured to fit the page width. */
  readonly mastheadSizePx?: number;
  /** The Inside box's title and section names fitted to its width (layout/inside.ts); as written when absent. */
  readonly inside?: { readonly title: string; readonly names: ReadonlyMap<string, string> };
}

/**
 * A position inside a module box, which is the containing block of everything in the module: the
 * page position minus the module's, both in whole layout units, so that every box lands on exactly
 * the layout unit it would have had placed on the page itself.
 */
interface ModuleOrigin {
  readonly left: (pageX: number) => string;
  readonly top: (pageY: number) => string;
}

function moduleOrigin(x: number, y: number): ModuleOrigin {
  const ox = toLayoutUnit(x);
  const oy = toLayoutUnit(y);
  return { left: (pageX) => px(toLayoutUnit(pageX) - ox), top: (pageY) => px(toLayoutUnit(pageY) - oy) };
}

/**
 * Where a box `offset` px into a module `moduleWidth` wide, `width` wide, stands on the page: a
 * story set right to left is the mirror image of its plan, its first column at the right, a photo
 * beside the text over its left columns.
 */
function placedX(moduleX: number, moduleWidth: number, offset: number, width: number, rightToLeft: boolean): number {
  return rightToLeft ? moduleX + moduleWidth - offset - width : moduleX + offset;
}

/**
 * A jump line's attributes. Its wording is the edition's (English by default), whatever the story's
 * language, so in a story set right to left it is set left to right: in a right-to-left line the
 * marks around its words change ends ("(Continued on Page 3)" painted as ")Continued on Page 3(",
 * a closing full stop at the left). It stands where the story's reading starts (from: at the right)
 * or ends (on: at the left).
 */
function jumpLineAttributes(kind: 'from' | 'on', rightToLeft: boolean): { dir: string; align: string } {
  if (!rightToLeft) return { dir: '', align: '' };
  return { dir: ' dir="ltr"', align: `;text-align:${kind === 'from' ? 'right' : 'left'}` };
}

function headPartHtml(part: HeadPart, moduleX: number, y: number, moduleWidth: number, at: ModuleOrigin, module: PlacedModule, photoPaths: ReadonlyMap<string, string>, article: Article, config: LayoutConfig, rightToLeft: boolean): string {
  const top = y + part.y;
  // A photo beside the text, and its caption, stand over the module's last columns (its first,
  // at the left, in a story set right to left).
  const width = part.width ?? moduleWidth;
  const x = placedX(moduleX, moduleWidth, part.x ?? 0, width, rightToLeft);
  switch (part.kind) {
    case 'rule':
      return `<div class="rule" style="left:${at.left(x)};top:${at.top(top)};width:${px(width)}"></div>`;
    case 'photo': {
      const path = photoPaths.get(part.photoRef!);
      if (!path) return '';
      const alt = escapeHtml(article.image?.caption ?? article.headline);
      return `<img class="photo" src="${escapeHtml(path)}" alt="${alt}" style="left:${at.left(x)};top:${at.top(top)};width:${px(width)};height:${px(part.height)}">`;
    }
    case 'jump-from': {
      const { dir, align } = jumpLineAttributes('from', rightToLeft);
      return `<div class="ln jump-from f-serif-italic"${dir} style="left:${at.left(x)};top:${at.top(top)};width:${px(width)}${jumpSize(module.jumpLines?.from)}${align}">${escapeHtml(module.jumpLines?.from?.text ?? config.continuedFrom.replace('{page}', String(module.continuedFrom)))}</div>`;
    }
    default:
      return part.lines
        .map((line, i) =>
          lineHtml(line, part.faces.regular, `ln ${part.kind} f-${part.faces.regular}`, `left:${at.left(x)};top:${at.top(top + i * part.lineHeight)};width:${px(width)};font-size:${px(part.sizePx)};line-height:${px(part.lineHeight)};height:${px(part.lineHeight)};`, rightToLeft),
        )
        .join('');
  }
}

function moduleHtml(module: PlacedModule, input: EmitInput): string {
  const { grid, config } = input;
  const article = input.articles.get(module.slug)!;
  const { x, y, width } = gridBox(grid, module);
  const at = moduleOrigin(x, y);
  // The module's own box (markup contract: data-kind, data-slug and the box on the grid).
  const box = `left:${px(x)};top:${px(y)};width:${px(width)};height:${px(module.rows * grid.lead)}`;
  // A story in a language set without ligatures (Turkish: typeset/paragraph.ts setsLigatures) says
  // so, in its language, as its lines were measured.
  const unligated = article !== undefined && !setsLigatures(article.language);
  const ligatures = unligated ? ';font-variant-ligatures:no-common-ligatures' : '';
  // A story in Hebrew is set right to left (core/scripts.ts): every line of it inherits dir="rtl",
  // so Chromium justifies it to both edges, ends a paragraph flush right, indents its first line
  // on the right and keeps a Latin name or a number inside it in its own order (Unicode bidi).
  const rightToLeft = article !== undefined && writtenRightToLeft(article.language);
  const language = unligated || rightToLeft ? ` lang="${escapeHtml(article.language)}"` : '';
  const direction = rightToLeft ? ' dir="rtl"' : '';
  const out: string[] = [`<article class="module" data-kind="${module.kind ?? 'article'}" data-slug="${escapeHtml(module.slug)}" style="${box}${ligatures}"${language}${direction}>`];
  for (const part of module.head.parts) out.push(headPartHtml(part, x, y, width, at, module, input.photoPaths, article, config, rightToLeft));
  const textTop = y + module.head.rows * grid.lead;
  // Body columns flow: one positioned box per column, its lines plain blocks on the grid (line-height
  // is one grid row). No per-line positioning or inline style lets Chromium share one computed style
  // among thousands of lines, which keeps a 100-page edition's page load fast and its memory small.
  module.columns.forEach((column, c) => {
    const cx = placedX(x, width, c * columnPitch(grid), grid.columnWidth, rightToLeft);
    const pitch = featheredPitch(column, grid.lead);
    out.push(`<div class="col${pitch === undefined ? '' : ' fe'}" style="left:${at.left(cx)};top:${at.top(textTop)};width:${px(grid.columnWidth)}${pitch === undefined ? '' : `;line-height:${px(pitch)}`}">`);
    // Full-measure body lines of one paragraph gather into a run, printed as one block.
    let run: SetLine[] = [];
    let runParagraph: number | undefined;
    let runBase: FaceKey = 'serif-regular';
    let runInset = 0;
    // An indented quotation's lines sit `inset` in from both sides of the column (class qt).
    const insetCss = (inset: number | undefined) => (inset ? `margin:0 ${px(inset)};` : '');
    const flushRun = () => {
      if (run.length > 0) out.push(justifiedRunHtml(run, runBase, runInset ? 'fl qt' : 'fl', (run[0].indent > 0 ? `text-indent:${px(run[0].indent)};` : '') + insetCss(runInset), rightToLeft));
      run = [];
    };
    for (const unit of column) {
      // The planner's blank rows are not printed as such: featheredPitch spread them over the lines.
      if (unit.kind === 'space') continue;
      if (unit.kind === 'photo-room') {
        // The rows under the photo beside the text (a head part): the column's text starts below.
        flushRun();
        out.push(`<div style="height:${px(unit.rows * grid.lead)}"></div>`);
        continue;
      }
      if (unit.kind === 'quote') {
        flushRun();
        const textHeight = unit.lines.length * unit.lineHeight;
        // Its margins (a quarter row each, in whole layout units) and the box add up to whole rows exactly.
        const boxHeight = unit.rows * grid.lead - 2 * toLayoutUnit(grid.lead * 0.25);
        out.push(`<div class="pq" style="height:${px(boxHeight)};padding-top:${px((boxHeight - textHeight) / 2)}">`);
        for (const line of unit.lines) out.push(lineHtml(line, unit.faces.regular, `pql f-${unit.faces.regular}`, `font-size:${px(unit.sizePx)};line-height:${px(unit.lineHeight)};height:${px(unit.lineHeight)};`, rightToLeft));
        out.push('</div>');
        continue;
      }
      if (unit.kind === 'figure' && unit.photo) {
        flushRun();
        // Its rows exactly: the photo a column wide, the caption under it, the air below inside the box.
        const path = input.photoPaths.get(figurePhotoKey(module.slug, unit.photo.ref));
        const photo = path ? `<img class="fp" src="${escapeHtml(path)}" alt="${escapeHtml(unit.photo.alt)}" style="margin-top:${px(unit.photo.top)};height:${px(unit.photo.height)}">` : `<div style="height:${px(unit.photo.top + unit.photo.height)}"></div>`;
        const caption = unit.lines.map((line) => lineHtml(line, unit.faces.regular, `fcl f-${unit.faces.regular}`, `font-size:${px(unit.sizePx)};line-height:${px(unit.lineHeight)};height:${px(unit.lineHeight)};`, rightToLeft));
        out.push(`<figure class="fig" style="height:${px(unit.rows * grid.lead)}">${photo}${caption.length > 0 ? `<figcaption class="fc">${caption.join('')}</figcaption>` : ''}</figure>`);
        continue;
      }
      if (unit.kind === 'table-row') {
        flushRun();
        // One grid row; each cell at its place in the column, set on the row's baseline.
        // A table of a story set right to left reads from the right: its first cell at the column's right.
        const cells = unit.lines.map((line) => lineHtml(line, unit.faces.regular, 'tc', `${rightToLeft ? 'right' : 'left'}:${px(line.indent)};`, rightToLeft));
        const header = unit.faces.regular === 'sans-bold' ? ' th' : '';
        out.push(`<div class="fl tr${header} f-${unit.faces.regular}">${cells.join('')}</div>`);
        continue;
      }
      unit.lines.forEach((line, i) => {
        if (unit.kind === 'line' && !isRagged(line)) {
          if (run.length > 0 && (runParagraph !== unit.paragraph || line.indent > 0 || runBase !== unit.faces.regular)) flushRun();
          runParagraph = unit.paragraph;
          runBase = unit.faces.regular;
          runInset = unit.inset ?? 0;
          run.push(line);
          return;
        }
        flushRun();
        const classes = ['fl'];
        if (unit.kind === 'crosshead') classes.push('f-serif-bold');
        if (unit.kind === 'byline') classes.push('by', 'f-sans-regular');
        if (i === 0 && unit.rows > 1) classes.push('xh');
        if (unit.inset) classes.push('qt');
        out.push(lineHtml(line, unit.faces.regular, classes.join(' '), (line.indent > 0 ? `text-indent:${px(line.indent)};` : '') + insetCss(unit.inset), rightToLeft));
      });
    }
    flushRun();
    out.push('</div>');
  });
  if (module.continuedOn !== undefined) {
    const lastColumn = module.columns.length - 1;
    const cx = placedX(x, width, lastColumn * columnPitch(grid), grid.columnWidth, rightToLeft);
    const rows = module.rows - module.head.rows;
    const top = textTop + Math.max(rowsOf(module.columns[lastColumn]), rows - 1) * grid.lead;
    const { dir, align } = jumpLineAttributes('on', rightToLeft);
    out.push(`<div class="ln jump-on f-serif-bolditalic"${dir} style="left:${at.left(cx)};top:${at.top(top)};width:${px(grid.columnWidth)}${jumpSize(module.jumpLines?.on)}${align}">${escapeHtml(module.jumpLines?.on?.text ?? config.continuedOn.replace('{page}', String(module.continuedOn)))}</div>`);
  }
  out.push('</article>');
  return out.join('');
}

function blockHtml(block: ComposedPage['blocks'][number], page: ComposedPage, input: EmitInput): string {
  const { grid, config } = input;
  const { x, y, width, height } = gridBox(grid, block);
  const box = `left:${px(x)};top:${px(y)};width:${px(width)};height:${px(height)}`;
  if (block.kind === 'masthead') {
    // The date line is set in capitals here rather than by print.css, which followed <html lang>:
    // the date and "No." are English whatever most stories are written in (a Turkish-majority
    // edition printed "FRİDAY"), the edition's name and price the edition's language.
    const details = [config.issue ? capitalsIn(`No. ${config.issue}`, 'en') : '', capitalsIn(config.edition, input.language), capitalsIn(config.price ?? '', input.language)].filter(Boolean).map(escapeHtml).join(' · ');
    return `<header class="masthead" data-kind="masthead" style="${box}"><div class="paper f-display-black">${escapeHtml(config.paper)}</div><div class="dateline f-sans-regular"><span>${escapeHtml(capitalsIn(longDate(input.date), 'en'))}</span><span>${details}</span></div></header>`;
  }
  if (block.kind === 'section-header') {
    // In the capitals of the section's own language (that of most of its stories), set here: print.css
    // capitalised it in <html lang>'s, the edition's, and "Κόσμος" printed "ΚΌΣΜΟΣ" in an English
    // edition, "Bilim" "BILIM" (Turkish: "BİLİM").
    const section = block.label ?? page.section;
    const language = sectionLanguage(section, input);
    return `<header class="section-header f-sans-bold" data-kind="section-band" style="${box}"${language === input.language ? '' : ` lang="${escapeHtml(language)}"`}>${escapeHtml(capitalsIn(section, language))}</header>`;
  }
  if (block.kind === 'house-ad') {
    const ad = block.houseAd;
    if (!ad) return `<aside class="house-ad" data-kind="house-ad" style="${box}"></aside>`;
    // The notice is centred in its box: a measure of 80% of the width, the set lines centred on it.
    const measure = width * 0.8;
    const left = x + (width - measure) / 2;
    let top = y + (height - ad.height) / 2;
    const lines: string[] = [];
    const place = (line: SetLine, face: FaceKey, sizePx: number, lineHeight: number) => {
      lines.push(lineHtml(line, face, `ln house-ad-line f-${face}`, `left:${px(left)};top:${px(top)};width:${px(measure)};font-size:${px(sizePx)};line-height:${px(lineHeight)};height:${px(lineHeight)};`));
      top += lineHeight;
    };
    for (const line of ad.headline) place(line, 'display-bold', ad.headlineSizePx, ad.headlineLineHeight);
    if (ad.text.length > 0) top += ad.gap;
    for (const line of ad.text) place(line, 'serif-italic', ad.textSizePx, ad.textLineHeight);
    top += ad.gap;
    for (const line of ad.signature) place(line, 'display-black', ad.signatureSizePx, ad.signatureSizePx * 1.1);
    return `<aside class="house-ad" data-kind="house-ad" style="${box}"></aside>${lines.join('')}`;
  }
  const rows = input.composition.sections
    .map((s) => `<li><span>${escapeHtml(input.inside?.names.get(s.name) ?? s.name)}</span><span>${s.page}</span></li>`)
    .join('');
  const title = `<h2 class="f-sans-bold">${escapeHtml(input.inside?.title ?? insideTitleCapitals(config.insideTitle, input.language))}</h2>`;
  if (block.span > 1) {
    // The strip under the masthead (layout/plan.ts): the title and each section in a cell a column
    // wide, on the page's columns, so that a name fitted to the box's column fits its cell.
    const cells = `grid-template-columns:repeat(${block.span},minmax(0,1fr));column-gap:${px(grid.gutter)}`;
    return `<aside class="inside strip" data-kind="inside" style="${box};${cells}">${title}<ul class="f-serif-regular">${rows}</ul></aside>`;
  }
  return `<aside class="inside" data-kind="inside" style="${box}">${title}<ul class="f-serif-regular">${rows}</ul></aside>`;
}

/** The language most of a section's stories are written in; the edition's for a section without any. */
function sectionLanguage(section: string, input: EmitInput): string {
  return mostCommonLanguage([...input.articles.values()].filter((article) => article.section === section)) ?? input.language;
}

/** The folio's box: its rule, padding and one line of 7.5 pt type fit in it (print.css makes it border-box). */
const FOLIO_HEIGHT_ROWS = 1.25;

function folioHtml(page: ComposedPage, input: EmitInput): string {
  const { grid, config } = input;
  const width = grid.pageWidth - 2 * grid.margin;
  const left = page.number % 2 === 0;
  const parts = [`<span class="folio-page f-sans-bold">Page ${page.number}</span>`, `<span>${escapeHtml(config.paper)} · ${escapeHtml(longDate(input.date))}</span>`, `<span class="folio-section f-sans-bold">${page.sections.map(folioSectionName).join(' · ')}</span>`];
  if (!left) parts.reverse();
  return `<footer class="folio f-sans-regular" data-kind="folio" style="left:${px(grid.margin)};top:${px(grid.folioTop)};width:${px(width)};height:${px(FOLIO_HEIGHT_ROWS * grid.lead)}">${parts.join('')}</footer>`;
}

/**
 * A section's name in the running foot, escaped; one holding right-to-left letters isolated
 * (<bdi>): two such names side by side, each from its own stories, were one right-to-left run,
 * "חדשות · ספורט" printed with the second section first. Other names print as before.
 */
function folioSectionName(name: string): string {
  return RIGHT_TO_LEFT_LETTER.test(name) ? `<bdi>${escapeHtml(name)}</bdi>` : escapeHtml(name);
}

/** The whole edition as one HTML document. */
export function emitEditionHtml(input: EmitInput): string {
  return editionHtmlOf(emitEditionDocument(input));
}

/**
 * An edition's HTML in pieces: what comes before the pages, each page's section, what comes after.
 * A part printed on its own is the same head and tail around a run of the pages (editionHtmlOf):
 * a long edition's parts are cut from the one emission instead of emitting each part again.
 */
export interface EditionDocument {
  readonly head: string;
  readonly pages: readonly string[];
  readonly tail: string;
}

/** The document's HTML with pages [from, to) of it (all by default). */
export function editionHtmlOf(document: EditionDocument, from = 0, to = document.pages.length): string {
  return document.head + document.pages.slice(from, to).join('\n') + document.tail;
}

export function emitEditionDocument(input: EmitInput): EditionDocument {
  const { grid, config } = input;
  const fontFaces = FACE_KEYS.map((key) => {
    const css = FACE_CSS[key];
    const unicodeRange = unicodeRangeOf(key);
    const range = unicodeRange ? `;unicode-range:${unicodeRange}` : '';
    return `@font-face{font-family:${css.family};src:url("${input.fontPaths.get(key)}") format("truetype");font-weight:${css.weight};font-style:${css.style};font-display:block${range}}`;
  }).join('\n');
  // Each fallback in its own family, tried in order after a face's own font: the measure's order.
  const fallbackFaces = FALLBACK_KEYS.filter((key) => input.fallbackPaths?.has(key)).map((key) => {
    const css = fallbackCss(key);
    return `\n@font-face{font-family:${css.family};src:url("${input.fallbackPaths!.get(key)}") format("truetype");font-weight:${css.weight};font-style:normal;font-display:block}`;
  }).join('');
  const hasFallbacks = fallbackFaces !== '';
  // Every face is asked for as the head is read, beside the parsing and layout of the pages, rather
  // than when the layout first meets it (the renderer waits for all of them before it prints): the
  // 30-article edition loads 25–90 ms sooner.
  const fontFiles = [...FACE_KEYS.map((key) => input.fontPaths.get(key)), ...FALLBACK_KEYS.map((key) => input.fallbackPaths?.get(key))].filter((path): path is string => path !== undefined);
  const preloads = fontFiles.map((path) => `<link rel="preload" href="${escapeHtml(path)}" as="font" type="font/ttf" crossorigin>`).join('\n');
  const faceClasses = FACE_KEYS.map((key) => {
    const css = FACE_CSS[key];
    return `.f-${key}{font-family:${familyList(key, hasFallbacks)};font-weight:${css.weight};font-style:${css.style}}`;
  }).join('\n') + (hasFallbacks ? `\n.col{font-family:${familyList('serif-regular')}}` : '');
  const dynamic = `@page{size:${config.widthMm}mm ${config.heightMm}mm;margin:0}
.page{width:${px(grid.pageWidth)};height:${px(grid.pageHeight)}}
.ln{height:${px(grid.lead)};line-height:${px(grid.lead)};font-size:${px(grid.bodySize)}}
.fl{line-height:${px(grid.lead)};font-size:${px(grid.bodySize)}}
.fl.xh{margin-top:${px(grid.lead)}}
.fe>.fl{line-height:inherit}
.fe>.fl.tr{line-height:${px(grid.lead)}}
.fl.by{font-size:${px(grid.bodySize * 0.95)}}
.fl.tr{position:relative;height:${px(grid.lead)};font-size:${px(grid.bodySize * TABLE_SIZE_SHARE)}}
.fl.tr.th{box-sizing:border-box;border-bottom:0.75px solid #555}
.tc{position:absolute;top:0;white-space:pre}
.pq{margin:${px(grid.lead * 0.25)} 0}
.fc{padding-top:${px(FIGURE_CAPTION_GAP_PX)}}
.inside h2{height:${px(grid.lead * 1.5)};line-height:${px(grid.lead * 1.5)}}
.masthead .paper{font-size:${px(input.mastheadSizePx ?? 64 * (96 / 72) * grid.displayScale)}}
.inside li{height:${px(grid.lead)};line-height:${px(grid.lead)};font-size:${px(grid.bodySize)}}
.inside.strip h2{height:${px(grid.lead)};line-height:${px(grid.lead)}}
${TRACKING_CSS}`;
  const pages = input.composition.pages.map((page) => {
    const body = [...page.blocks.map((b) => blockHtml(b, page, input)), ...page.modules.map((m) => moduleHtml(m, input)), folioHtml(page, input)];
    return `<section class="page" data-page="${page.number}" data-section="${escapeHtml(page.section)}">${body.join('')}</section>`;
  });
  const head = `<!doctype html>
<html lang="${escapeHtml(input.language)}">
<head>
<meta charset="utf-8">
${preloads}
<title>${escapeHtml(isolatedIfRightToLeft(config.paper))} — ${escapeHtml(input.date)}</title>
<style>
${fontFaces}${fallbackFaces}
${input.printCss}
${faceClasses}
${dynamic}
</style>
</head>
<body>
`;
  return { head, pages, tail: '\n</body>\n</html>\n' };
}
