import { NARROW_PAGE_MM, PAGE_SIZES, pageFormat, validateEditionSettings } from '../edition-schema';

/**
 * Edition settings (from an optional `edition.yaml`) resolved into page geometry in CSS pixels.
 * Defaults follow ARCHITECTURE.md's page rules: a Berliner page, 5 columns, 9 pt body on 11 pt leading.
 */
import { typographicQuotes } from '../parse/quotes';
import { sectionKey } from '../sections';

/** The Inside box's title when edition.yaml names none: English, whatever the edition's language. */
export const DEFAULT_INSIDE_TITLE = 'Inside';

export const MM = 96 / 25.4;
export const PT = 96 / 72;

/** Page formats and their limits live with the edition.yaml schema; re-exported for the layout. */
export { PAGE_SIZES } from '../edition-schema';

export const DEFAULT_SECTIONS = ['National', 'World', 'Business', 'Sport', 'Life', 'Opinion'];

/**
 * A house advertisement: the paper's own notice (subscribe, send us your news, the newsletter). A
 * section that ends part-way down its last page gets one in the space left at the foot, as printed
 * papers do, instead of a hole.
 */
export interface HouseAd {
  readonly headline: string;
  readonly text: string;
}

const MAX_HOUSE_AD_HEADLINE = 120;
const MAX_HOUSE_AD_TEXT = 400;

/** The paper's default notice when edition.yaml names none. */
function defaultHouseAds(paper: string): HouseAd[] {
  // Each prints at most once an edition, so a paper has a few to hand for the white the stories leave.
  return [
    { headline: `Read ${paper} every morning`, text: 'Every edition, and the archive, in the e-paper reader.' },
    { headline: 'Seen something we should report?', text: 'Tell the newsroom: every tip is read.' },
    { headline: 'The week in one email', text: 'The stories that mattered, every Sunday morning.' },
    { headline: 'Every edition since the first', text: 'The archive is open to every subscriber in the reader.' },
    { headline: 'Write to the editor', text: 'Letters are read, and the best are printed.' },
  ];
}

/** edition.yaml's `houseAds`: a list of { headline, text }; an empty list turns them off. */
function houseAdsFrom(value: unknown, paper: string, warnings: string[]): HouseAd[] {
  if (value === undefined) return defaultHouseAds(paper);
  // The schema (edition-schema.ts) has checked the shape; this only keeps the lengths in bounds.
  if (!Array.isArray(value)) return defaultHouseAds(paper);
  return (value as Record<string, unknown>[]).map((item) => {
    const headline = text(item.headline)!;
    const body = text(item.text) ?? '';
    const cutHeadline = firstCharacters(headline, MAX_HOUSE_AD_HEADLINE);
    const cutText = firstCharacters(body, MAX_HOUSE_AD_TEXT);
    if (cutHeadline !== headline || cutText !== body) {
      warnings.push(`edition.yaml: house ad "${firstCharacters(headline, 40)}" is cut to ${MAX_HOUSE_AD_HEADLINE} characters of headline and ${MAX_HOUSE_AD_TEXT} of text`);
    }
    return { headline: cutHeadline, text: cutText };
  });
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * The first `most` characters of `text` as a reader counts them (graphemes: an emoji and its
 * modifiers, a letter and its accents): a cut by UTF-16 units split an emoji's surrogate pair and
 * printed half of it as an empty box.
 */
function firstCharacters(text: string, most: number): string {
  if (text.length <= most) return text;
  let kept = '';
  let count = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (count++ === most) break;
    kept += segment;
  }
  return kept;
}

/**
 * The sections as listed, each once: a name listed again (by sectionKey, so "Life", " life" and a
 * decomposed "Lífe" are one) is dropped with a warning. Listed twice, a section's stories printed
 * twice, under two bands (an adversarial review).
 */
function sectionsListedOnce(listed: readonly string[], warnings: string[]): string[] {
  const seen = new Set<string>();
  return listed.filter((name) => {
    const key = sectionKey(name);
    if (!seen.has(key)) return seen.add(key), true;
    warnings.push(`edition.yaml: \`sections\` lists "${name}" again; it prints where it is first listed`);
    return false;
  });
}

/** Everything the composer needs to know about the paper, resolved and validated. */
export interface LayoutConfig {
  readonly paper: string;
  readonly edition: string;
  readonly issue?: string;
  readonly price?: string;
  readonly sections: readonly string[];
  readonly pageSize: string;
  readonly widthMm: number;
  readonly heightMm: number;
  readonly columns: number;
  readonly marginMm: number;
  readonly gutterMm: number;
  readonly bodySizePt: number;
  readonly leadingPt: number;
  /** Jump-line wording, configurable for other languages. "{page}" is replaced by the number. */
  readonly continuedOn: string;
  readonly continuedFrom: string;
  readonly insideTitle: string;
  /** Notices that fill the foot of a section's last page, in turn; empty leaves the space blank. */
  readonly houseAds: readonly HouseAd[];
  /** Photos are downsampled to at most this many pixels per inch at printed size. */
  readonly maxPhotoPpi: number;
  /** What the desk decided in edition.yaml (the articles' own `page:` pins travel with them). */
  readonly editorial: EditorialChoices;
}

/** edition.yaml's editorial control, validated; the planner reports what it could not honour. */
export interface EditorialChoices {
  /** The slug of the story to lead the front page (`lead:`). */
  readonly lead?: string;
  /** Slugs of the front page's stories, in order (`front:`); with no `lead:`, the first leads. */
  readonly front: readonly string[];
  /** Whole pages a section is given (`pages: { National: 3 }`): it starts on a fresh page and ends with them. */
  readonly sectionPages: ReadonlyMap<string, number>;
}

/** Page geometry derived from a LayoutConfig, in CSS px. */
export interface Grid {
  readonly pageWidth: number;
  readonly pageHeight: number;
  readonly margin: number;
  readonly columns: number;
  readonly columnWidth: number;
  readonly gutter: number;
  /** Body leading: the baseline grid step. Every block's height is a whole number of these. */
  readonly lead: number;
  readonly bodySize: number;
  /**
   * Display sizes relative to a Berliner page: headlines and the masthead shrink on a tabloid or
   * A4 page and grow a little on a broadsheet, so that a lead headline still fits in 3–4 lines.
   */
  readonly displayScale: number;
  /** Rows of the baseline grid in the type area (above the folio). */
  readonly rows: number;
  readonly top: number;
  readonly folioTop: number;
}

/** A text setting; printed words (masthead, house ads, jump lines) get typographic quotes like copy. */
function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim()) return typographicQuotes(value.trim());
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Reads edition.yaml's values over the defaults, through the one schema (edition-schema.ts);
 * problems come back as readable warnings and the defaults apply.
 */
export function resolveLayoutConfig(raw: Readonly<Record<string, unknown>> | undefined): { config: LayoutConfig; warnings: string[] } {
  const { settings, problems } = validateEditionSettings(raw ?? {});
  const warnings = problems.map((problem) => `edition.yaml: ${problem}`);
  const pageSize = settings.pageSize ?? 'berliner';
  const size = pageFormat(pageSize);
  const columns = settings.columns ?? size.columns;
  const narrow = size.widthMm < NARROW_PAGE_MM;
  const paper = text(settings.paper) ?? 'The Daily Edition';
  const houseAds = houseAdsFrom(settings.houseAds, paper, warnings);
  return {
    config: {
      paper,
      edition: text(settings.edition) ?? 'E-paper edition',
      issue: settings.issue === undefined ? undefined : String(settings.issue),
      price: text(settings.price),
      // Curled like the articles' `section` fields, so that "Editor's picks" matches either way.
      sections: sectionsListedOnce(settings.sections?.map((section) => typographicQuotes(section.trim())) ?? DEFAULT_SECTIONS, warnings),
      pageSize: typeof pageSize === 'string' && PAGE_SIZES[pageSize] ? pageSize : 'custom',
      widthMm: size.widthMm,
      heightMm: size.heightMm,
      columns,
      marginMm: size.marginMm,
      gutterMm: size.gutterMm,
      bodySizePt: narrow ? 8.5 : 9,
      leadingPt: narrow ? 10.5 : 11,
      continuedOn: text(settings.continuedOn) ?? 'Continued on Page {page}',
      continuedFrom: text(settings.continuedFrom) ?? 'Continued from Page {page}',
      insideTitle: text(settings.insideTitle) ?? DEFAULT_INSIDE_TITLE,
      houseAds,
      maxPhotoPpi: 200,
      editorial: {
        ...(settings.lead !== undefined ? { lead: settings.lead } : {}),
        front: settings.front ?? [],
        sectionPages: new Map(Object.entries(settings.pages ?? {}).map(([section, count]) => [typographicQuotes(section.trim()), count])),
      },
    },
    warnings,
  };
}

/**
 * Chromium lays out in 1/64 px units. A lead or margin between two of them is rounded at every line
 * box, and the error grows down a column, so two columns that start on different rows drift a pixel
 * apart; on whole units every line of every column lands exactly on the grid.
 */
export function toLayoutUnit(px: number): number {
  return Math.round(px * 64) / 64;
}

/**
 * How far display sizes follow the page: a broadsheet's grow a little, and a small page's shrink
 * with it (below 0.6, an A5 page's: its lead headline at a Berliner's 0.6 took 38 of its 49 rows
 * with its photo, so the lead did not fit on the front, and at 120 × 160 mm no start fitted a page
 * and its text was lost), down to where a headline is still display type over 8.5 pt body text.
 */
const DISPLAY_SCALE = { min: 0.3, max: 1.15 };
/**
 * A page's height shrinks its display sizes only where it is much shorter than its width says: by
 * height, an A4 page's type area is 0.61 of a Berliner's and its width 0.65, and its headlines
 * (at 0.65) fit; a page as wide but much shorter (200 × 160 mm) needs smaller ones.
 */
const DISPLAY_HEIGHT_ALLOWANCE = 0.9;

/** Rows of the baseline grid in a page's type area: its height within the margins, less two rows for the folio. */
function typeRows(pageHeight: number, margin: number, lead: number): number {
  return Math.floor((pageHeight - 2 * margin - 2 * lead) / lead);
}

/** The column grid of a page. */
export function gridFor(config: LayoutConfig): Grid {
  const pageWidth = config.widthMm * MM;
  const pageHeight = config.heightMm * MM;
  const margin = toLayoutUnit(config.marginMm * MM);
  const gutter = config.gutterMm * MM;
  const lead = toLayoutUnit(config.leadingPt * PT);
  const columnWidth = (pageWidth - 2 * margin - (config.columns - 1) * gutter) / config.columns;
  const rows = typeRows(pageHeight, margin, lead);
  // Display sizes are relative to a Berliner page's type area (its default leading, 11 pt).
  const berliner = PAGE_SIZES.berliner;
  const berlinerLead = toLayoutUnit(11 * PT);
  const berlinerTypeWidth = (berliner.widthMm - 2 * berliner.marginMm) * MM;
  const berlinerTypeHeight = typeRows(berliner.heightMm * MM, toLayoutUnit(berliner.marginMm * MM), berlinerLead) * berlinerLead;
  const byWidth = (pageWidth - 2 * margin) / berlinerTypeWidth;
  const byHeight = (rows * lead) / berlinerTypeHeight / DISPLAY_HEIGHT_ALLOWANCE;
  return {
    displayScale: Math.min(DISPLAY_SCALE.max, Math.max(DISPLAY_SCALE.min, Math.min(byWidth, byHeight))),
    pageWidth,
    pageHeight,
    margin,
    columns: config.columns,
    columnWidth,
    gutter,
    lead,
    bodySize: config.bodySizePt * PT,
    rows,
    top: margin,
    folioTop: margin + rows * lead + lead * 0.5,
  };
}
