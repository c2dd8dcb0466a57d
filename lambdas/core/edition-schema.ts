/**
 * The one schema of `edition.yaml`: every setting, its type and the limits the composer really
 * supports. Reading the file (inputs.ts) and resolving the page geometry (layout/config.ts) both
 * go through it, so what is accepted is what can be laid out. A bad value is dropped with a
 * warning that says what is allowed, and the default applies: a setting never stops a build.
 */
// zod/mini: the same validation as zod's classic API in functions esbuild can leave out when
// unused, 52 KB bundled instead of 756 KB (about 26 ms less to load the command, cold).
import * as z from 'zod/mini';
import { cleanCharacters, heldControls } from './text-controls';

/**
 * Page limits, found by building the sample edition at decreasing sizes: below 160 mm of height or
 * 20 mm of column the composer loses text ("could not place … on an empty page") or finds no line
 * breaks at all (60 × 60 mm crashed the build); more than 8 columns gives columns narrower than a
 * headline's widest letters.
 */
export const EDITION_LIMITS = {
  minWidthMm: 120,
  minHeightMm: 160,
  maxSideMm: 2000,
  minColumns: 2,
  maxColumns: 8,
  minColumnWidthMm: 20,
  maxSections: 40,
  maxTextLength: 200,
  /** Stories a `front:` list may name: more than a front page holds. */
  maxFrontStories: 12,
  /** Pages `pages:` may give one section. */
  maxSectionPages: 100,
} as const;

/**
 * A story's slug as the desk writes it in `lead:` and `front:` (the article's `slug`, or its file
 * name), without the characters every other text of the file is cleaned of (a bidi override, a
 * control character): kept, they made a slug no story has, and the warning that named it printed
 * the rest of its line reversed.
 */
const slugText = z.pipe(
  z.pipe(z.string(), z.transform((v: string) => cleanCharacters(v))),
  z.string().check(z.trim(), z.toLowerCase(), z.minLength(1), z.maxLength(EDITION_LIMITS.maxTextLength)),
);

/** Customary page sizes, in millimetres, with their usual column count and margin. */
export const PAGE_SIZES: Readonly<Record<string, { widthMm: number; heightMm: number; columns: number; marginMm: number }>> = {
  berliner: { widthMm: 315, heightMm: 470, columns: 5, marginMm: 12 },
  tabloid: { widthMm: 280, heightMm: 430, columns: 5, marginMm: 11 },
  broadsheet: { widthMm: 381, heightMm: 578, columns: 6, marginMm: 14 },
  a3: { widthMm: 297, heightMm: 420, columns: 5, marginMm: 12 },
  a4: { widthMm: 210, heightMm: 297, columns: 4, marginMm: 10 },
};

/** "an A4 page", "a Berliner page", "a 148 × 210 mm page": a page size as a warning names it. */
function aPage(pageSize: string | { widthMm: number; heightMm: number }): string {
  if (typeof pageSize !== 'string') return `a ${pageSize.widthMm} × ${pageSize.heightMm} mm page`;
  const name = /^a\d$/.test(pageSize) ? pageSize.toUpperCase() : pageSize.charAt(0).toUpperCase() + pageSize.slice(1);
  return `${/^A\d/.test(name) ? 'an' : 'a'} ${name} page`;
}

/** Columns narrower than this (and more than the page's own) are allowed with a warning: about 28 characters a line. */
const NARROW_COLUMN_MM = 30;

/** Pages narrower than this take the A4 column count, margin and type sizes; wider ones the Berliner's. */
export const NARROW_PAGE_MM = 250;

/**
 * Margin, gutter and default columns of a page of this width. A custom size borrows a named
 * format's margin and type (A4's under NARROW_PAGE_MM, the Berliner's above), and takes as many
 * columns as keep that format's column width: A4's four 44.5 mm columns made 29 mm ones on an A5
 * page and 22 mm ones at 120 mm, where a justified line holds three or four words (the grid's
 * rule is 35–45 characters a line); there it takes three and two.
 */
export function pageFormat(pageSize: string | { widthMm: number; heightMm: number }): { widthMm: number; heightMm: number; columns: number; marginMm: number; gutterMm: number } {
  const named = typeof pageSize === 'string' ? PAGE_SIZES[pageSize] : undefined;
  if (named) return { ...named, gutterMm: named.widthMm < NARROW_PAGE_MM ? 4 : 4.5 };
  const custom = typeof pageSize === 'object' ? pageSize : PAGE_SIZES.berliner;
  const format = custom.widthMm < NARROW_PAGE_MM ? PAGE_SIZES.a4 : PAGE_SIZES.berliner;
  const gutterMm = custom.widthMm < NARROW_PAGE_MM ? 4 : 4.5;
  const columnMm = (format.widthMm - 2 * format.marginMm - (format.columns - 1) * gutterMm) / format.columns;
  const fitting = Math.round((custom.widthMm - 2 * format.marginMm + gutterMm) / (columnMm + gutterMm));
  const columns = Math.min(EDITION_LIMITS.maxColumns, Math.max(EDITION_LIMITS.minColumns, fitting));
  return { ...format, widthMm: custom.widthMm, heightMm: custom.heightMm, columns, gutterMm };
}

/** Column width in mm of a page with `columns` columns. */
export function columnWidthMm(pageSize: string | { widthMm: number; heightMm: number }, columns?: number): number {
  const format = pageFormat(pageSize);
  const count = columns ?? format.columns;
  return (format.widthMm - 2 * format.marginMm - (count - 1) * format.gutterMm) / count;
}

/** Text; numbers are text too where a number is a natural value (a price, an issue). */
const text = (max: number = EDITION_LIMITS.maxTextLength, numbers = false) =>
  z.pipe(
    z.pipe(numbers ? z.union([z.string(), z.number()]) : z.string(), z.transform((v: string | number) => cleanCharacters(String(v)).trim().normalize('NFC'))),
    z.string().check(z.minLength(1), z.maxLength(max)),
  );

/**
 * A number as it is, or text of any length cleaned as `text` cleans it (a house ad's, which the
 * layout cuts with a warning rather than refuse); `required`: text not empty once cleaned.
 */
const numberOrCleanedText = (required: boolean) =>
  z.union([
    z.number(),
    z.pipe(z.pipe(z.string(), z.transform((v: string) => cleanCharacters(v).trim().normalize('NFC'))), z.string().check(z.minLength(required ? 1 : 0))),
  ]);

/**
 * How a proof becomes the published edition (issue 13): `publish: auto` publishes every new proof at
 * once (the behaviour before proofs existed); `proof` (the default in the cloud and `epaper dev`)
 * waits for an editor or for `publishAt`, a moment with its UTC offset, e.g. 2026-11-28T05:00:00+07:00,
 * kept as the ISO instant in UTC. YAML may hand over an unquoted timestamp as a Date.
 */
const PUBLISHING_SETTINGS = {
  publish: { schema: z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(['auto', 'proof'])), expected: '"auto" (every new proof is published at once) or "proof" (an editor or publishAt publishes)' },
  publishAt: {
    schema: z.pipe(
      z.union([
        z.pipe(z.date(), z.transform((d: Date) => d.toISOString())),
        z.pipe(z.pipe(z.string().check(z.trim()), z.iso.datetime({ offset: true })), z.transform((s: string) => new Date(s).toISOString())),
      ]),
      z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)))),
    ),
    expected: 'a moment with its time zone, such as 2026-11-28T05:00:00+07:00',
  },
} as const;

const SETTINGS = {
  paper: { schema: text(120), expected: 'text of 1 to 120 characters' },
  edition: { schema: text(), expected: 'text' },
  issue: { schema: z.union([z.int().check(z.positive()), text(40)]), expected: 'a positive whole number or text' },
  price: { schema: text(40, true), expected: 'text' },
  insideTitle: { schema: text(80), expected: 'text' },
  continuedOn: { schema: z.pipe(text(80), z.string().check(z.includes('{page}'))), expected: 'text with {page} where the page number goes' },
  continuedFrom: { schema: z.pipe(text(80), z.string().check(z.includes('{page}'))), expected: 'text with {page} where the page number goes' },
  sections: {
    schema: z.array(text()).check(z.minLength(1), z.maxLength(EDITION_LIMITS.maxSections)),
    expected: `a list of 1 to ${EDITION_LIMITS.maxSections} section names`,
  },
  pageSize: {
    schema: z.union([
      z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(Object.keys(PAGE_SIZES) as [string, ...string[]])),
      z.strictObject({
        widthMm: z.number().check(z.gte(EDITION_LIMITS.minWidthMm), z.lte(EDITION_LIMITS.maxSideMm)),
        heightMm: z.number().check(z.gte(EDITION_LIMITS.minHeightMm), z.lte(EDITION_LIMITS.maxSideMm)),
      }),
    ]),
    expected: `a page format name (${Object.keys(PAGE_SIZES).join(', ')}) or { widthMm, heightMm } of at least ${EDITION_LIMITS.minWidthMm} × ${EDITION_LIMITS.minHeightMm} mm and at most ${EDITION_LIMITS.maxSideMm} mm a side (smaller pages cannot be laid out)`,
  },
  columns: {
    schema: z.int().check(z.gte(EDITION_LIMITS.minColumns), z.lte(EDITION_LIMITS.maxColumns)),
    expected: `a whole number of columns from ${EDITION_LIMITS.minColumns} to ${EDITION_LIMITS.maxColumns}`,
  },
  houseAds: {
    schema: z.array(z.object({ headline: numberOrCleanedText(true), text: z.optional(numberOrCleanedText(false)) })),
    expected: 'a list of entries with a headline (and optionally text)',
  },
  // Editorial control (docs/ARCHITECTURE.md, "Editorial control"): the planner honours these and
  // reports, as warnings, whatever it could not.
  lead: { schema: slugText, expected: 'the slug of the story to lead the front page' },
  front: {
    schema: z.array(slugText).check(z.minLength(1), z.maxLength(EDITION_LIMITS.maxFrontStories)),
    expected: `a list of 1 to ${EDITION_LIMITS.maxFrontStories} story slugs, in the order the front page should carry them`,
  },
  pages: {
    schema: z.record(
      text(),
      z.int().check(z.gte(1), z.lte(EDITION_LIMITS.maxSectionPages)),
    ),
    expected: `a map of section name to its number of pages (1 to ${EDITION_LIMITS.maxSectionPages}), e.g. { National: 3 }`,
  },
  ...PUBLISHING_SETTINGS,
} as const;

export type EditionSettingKey = keyof typeof SETTINGS;
/** Validated settings: each present key holds a value its schema accepted. */
export type EditionSettings = { -readonly [K in EditionSettingKey]?: z.output<(typeof SETTINGS)[K]['schema']> };

/** Unknown keys named one by one; past this, they are counted. */
const MAX_UNKNOWN_LISTED = 10;

/**
 * The warning for a setting whose text held characters every text of the edition is cleaned of
 * (text-controls.ts: bidi embeddings, overrides and isolates, control characters, half a surrogate
 * pair), naming them, or undefined. An article's text loses them as the settings' does; a setting
 * is one line the newsroom typed, and one that prints otherwise than it reads should say why.
 */
function controlsLeftOut(key: string, value: unknown): string | undefined {
  const held = heldControls(value);
  if (held.length === 0) return undefined;
  const kindOf = (ch: string) => (/[\u202A-\u202E\u2066-\u2069]/.test(ch) ? 'bidi control' : /[\ud800-\udfff]/.test(ch) ? 'half a character' : 'control character');
  const counts = new Map<string, number>();
  for (const ch of held) counts.set(kindOf(ch), (counts.get(kindOf(ch)) ?? 0) + 1);
  const kind = [...counts].map(([name, count]) => (name === 'half a character' ? name : count === 1 ? `a ${name}` : `${name}s`)).join(' and ');
  const named = held.slice(0, 3).map((ch) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join(', ') + (held.length > 3 ? ` and ${held.length - 3} more` : '');
  return `\`${key}\` held ${named} (${kind}); ${held.length === 1 ? 'it was' : 'they were'} left out, as from every text of the edition`;
}

/**
 * Checks every setting of a parsed edition.yaml. Returns the settings that passed and, for each
 * that did not, a sentence saying what it should be ("… it was ignored").
 */
export function validateEditionSettings(raw: Readonly<Record<string, unknown>>): { settings: EditionSettings; problems: string[] } {
  const settings: Record<string, unknown> = {};
  const problems: string[] = [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!Object.hasOwn(SETTINGS, key)) {
      unknown.push(key);
      continue;
    }
    const { schema, expected } = SETTINGS[key as EditionSettingKey];
    const parsed = (schema as z.ZodMiniType).safeParse(value);
    if (parsed.success) {
      settings[key] = parsed.data;
      const controls = controlsLeftOut(key, value);
      if (controls) problems.push(controls);
    }
    else if (key === 'pageSize' && typeof value === 'string') problems.push(`unknown pageSize "${value.slice(0, 40)}": use ${Object.keys(PAGE_SIZES).join(', ')} or { widthMm, heightMm }; it was ignored`);
    else problems.push(`\`${key}\` should be ${expected}; it was ignored`);
  }
  for (const key of unknown.slice(0, MAX_UNKNOWN_LISTED)) problems.push(`unknown setting \`${key.slice(0, 60)}\` was ignored`);
  if (unknown.length > MAX_UNKNOWN_LISTED) problems.push(`and ${unknown.length - MAX_UNKNOWN_LISTED} more unknown settings were ignored`);

  // Page size and columns together: the columns must be wide enough to set type in.
  const pageSize = (settings.pageSize as EditionSettings['pageSize']) ?? 'berliner';
  const columns = settings.columns as number | undefined;
  const width = columnWidthMm(pageSize, columns);
  if (width < EDITION_LIMITS.minColumnWidthMm) {
    const count = columns ?? pageFormat(pageSize).columns;
    problems.push(
      `\`columns\`: ${count} columns on ${aPage(pageSize)} are ${width.toFixed(1)} mm wide, and the composer needs at least ${EDITION_LIMITS.minColumnWidthMm} mm; ${columns !== undefined ? 'the page format\'s usual column count is used' : 'use fewer columns or a wider page'}`,
    );
    if (columns !== undefined) delete settings.columns;
    if (columnWidthMm(pageSize, settings.columns as number | undefined) < EDITION_LIMITS.minColumnWidthMm) delete settings.pageSize;
  } else if (columns !== undefined && width < NARROW_COLUMN_MM && columns > pageFormat(pageSize).columns) {
    // Allowed, but a newsroom that changed only the page size (the sample's `columns: 5` on an A5
    // page: 22 mm) should hear what its lines will look like, and what the page takes by itself.
    const usual = pageFormat(pageSize);
    problems.push(
      `\`columns\`: ${columns} columns on ${aPage(pageSize)} are ${width.toFixed(1)} mm wide, lines of four or five words, many hyphenated or spaced out; the page's own ${usual.columns} are ${columnWidthMm(pageSize, usual.columns).toFixed(1)} mm (leave \`columns\` out to have them)`,
    );
  }
  return { settings: settings as EditionSettings, problems };
}
