/**
 * Step 1 of composing, "measure": every story's material on the column grid, and the shapes it can
 * take. A story never changes a word; it offers modules of different spans, headline steps, with or
 * without its standfirst, and its photo cropped to a range of whole rows (or, for a start that jumps
 * where its photo leaves its text no room, run with the jump). The planner chooses among
 * them by height. Everything is computed on demand and cached for the compose call.
 */
import type { Article } from '../article';
import type { FontBook } from '../typeset/fonts';
import { SERIF } from '../typeset/paragraph';
import { blankRowsAllowed, blanksAndLines, type ColumnFill, cutFillKeepingQuoteInside, fillBalanced, fillBeside, fillBesideLevel, fillFull, paragraphBreaksIn, remainingRows, rowsBetween, rowsOf, tallest, type ColumnShape, type PhotoBeside } from './columns';
import type { Grid } from './config';
import { columnPitch, spanWidth } from './geometry';
import { quoteDepthOf, SHORT_START_ROWS, START_MIN_DEPTH_SHARE, START_MIN_STORY_SHARE } from './measure';
import type { LayoutPolicy } from './policy';
import { minPhotoWidthPx } from './printable-photos';
import { editionJumpHeads, jumpHeadColumnLines, setHead, setJumpHead, setPhotoBeside, setStoryBody, wordCount, type ColumnUnit, type HeadBlock, type HeadRole } from './story';

/** Photo facts the composer needs: the source pixel size, to shape the box. */
export interface PhotoFacts {
  readonly widthPx: number;
  readonly heightPx: number;
}

/** A story's material: its body set at column width, its photo, its size. */
export interface StoryMaterial {
  /** Position in the edition's article list: a stable identity for caches and tie-breaks. */
  readonly index: number;
  readonly article: Article;
  readonly units: readonly ColumnUnit[];
  readonly photo?: PhotoFacts & { readonly ref: string };
  readonly words: number;
  /** A short story: set as a brief (small head, one column) when it goes in one column. */
  readonly brief: boolean;
  /** Body rows at column width. */
  readonly bodyRows: number;
  /** The heads over its continuation, the widest first, unlike every other story's in the edition (story.ts editionJumpHeads). */
  readonly jumpHeads: readonly string[];
}

/** What is left of a story to place: all of it, or the rest after a cut. */
export interface Piece {
  readonly story: StoryMaterial;
  /** First body unit not yet placed; 0 for a story not yet started. */
  readonly from: number;
  /** The page the story was cut on, for a continuation; a continuation is never cut again. */
  readonly continuedFromPage?: number;
  /** A continuation that carries the story's photo: its start was cut without it (Shape.photoOnJump). */
  readonly photoOnJump?: boolean;
}

/** A piece's name in the search's keys: its story, where its rest begins, and whether its photo runs with it. */
export function pieceKey(piece: Piece): string {
  return `${piece.story.index}/${piece.from}${piece.photoOnJump ? 'p' : ''}`;
}

/** Where a module sits in its region, which decides the size of its headline. */
export type ModulePosition = 'lead' | 'top' | 'body';

/** The shape a module takes: everything that changes its height but not its words. */
export interface Shape {
  readonly role: HeadRole;
  readonly headlineScale: number;
  readonly standfirst: boolean;
  /** Photo rows, 0 without a photo (or for a continuation). */
  readonly photoRows: number;
  /** A rule row above the module (any module not at the top of the type area). */
  readonly gap: number;
  /**
   * A start cut without its photo, which runs with the continuation under its jump head: where the
   * head and the photo, even cropped, leave no room for the text a cut start needs (a section
   * starting in the rows under the last story of the section before), as an editor runs a photo
   * with the jump. The policy's `photoOnJumpCost` prices it.
   */
  readonly photoOnJump?: boolean;
  /**
   * The photo stands beside the text over the module's last this many columns, under the
   * headline and `photoRows` deep at that width, the text running down the other columns and on
   * under the photo; 0 or absent: the photo spans the module under its head. Offered where a
   * photo across the module could only be shown cropped past the policy's range (a portrait
   * across a page, cut to the page's photo share, showed 44% of its height), as an editor sets a
   * tall photo narrower than its story; and, at any width, for a start cut to jump whose photo
   * across would stand over too few lines (cutBesideShapes, layout-38). The policy's
   * `photoBesideCost` prices it.
   */
  readonly photoSide?: number;
}

/** One way to place a piece: a module of `span` columns, `rows` tall, finished or cut. */
export interface ModuleOption {
  readonly piece: Piece;
  readonly span: number;
  readonly rows: number;
  readonly shape: Shape;
  /** Cost of the shape (a smaller headline, no standfirst, a cropped photo, too narrow). */
  readonly cost: number;
  /** For a cut module: the first body unit of its continuation. */
  readonly cutAt?: number;
  /** Blank rows asked for between paragraphs (see Material.feathered), and the depth they added. */
  readonly feathered?: number;
  /**
   * How far above the module's foot its shortest column of text ends (a whole module's columns
   * are level within a line or two; a kept table or a paragraph's kept lines can leave more). White
   * below the module adds to it: see search.ts shortColumnCost.
   */
  readonly shortRows?: number;
  /**
   * Set by `Material.balancedAcross` (a section's one short tail across the page's top, policy
   * fullWidthShortTail), not `balanced`: the compose step sets its columns the same way.
   */
  readonly across?: boolean;
}

/** The layout policy's column shape: what fillBalanced and the shape step weigh a story's columns by. */
export function columnShapeOf(policy: LayoutPolicy): ColumnShape {
  return { insideWhiteWeight: policy.columnInsideWhiteWeight, shortLegRows: policy.columnShortLegRows, minRows: policy.minLinesPerColumn, levelByHyphensRows: policy.levelByHyphensRows };
}

export function isContinuation(piece: Piece): boolean {
  return piece.from > 0;
}

/** Whether the piece prints its story's photo: a start with one, or a rest that carries it (photoOnJump). */
export function carriesPhoto(piece: Piece): boolean {
  return piece.story.photo !== undefined && (!isContinuation(piece) || piece.photoOnJump === true);
}

/**
 * A piece's rest filled level in columns, with each column's depth in rows, counted once with the
 * fill: wholeOptions reads the depths for every shape the piece takes at a span, and summing a long
 * story's lines again each time was about a tenth of a warm planning in a CPU profile of the
 * process edition (its composes 3–5% quicker since, six alternated processes; the same pages).
 */
export interface LevelColumns {
  readonly columns: ColumnUnit[][];
  readonly rows: number;
  readonly depths: readonly number[];
}

/** A level fill's columns with their depths (not compose.ts's levelColumns, the page step that sets finished stories level). */
function withDepths(columns: ColumnUnit[][]): LevelColumns {
  const depths = columns.map(rowsOf);
  return { columns, rows: Math.max(0, ...depths), depths };
}

/** Columns a story's rest wants, from how much text is left: long stories read badly in one column. */
export function desiredSpan(piece: Piece, columns: number): number {
  const rows = remainingRows(piece.story.units, piece.from);
  const span = rows >= 260 ? 4 : rows >= 130 ? 3 : rows >= 45 ? 2 : 1;
  return Math.min(span, columns);
}

const POSITION_CODE: Readonly<Record<ModulePosition, number>> = { lead: 0, top: 1, body: 2 };

/** A number naming a span, a position and a gap, for the per-piece caches. */
function placeKey(span: number, position: ModulePosition, gap: number): number {
  return span * 8 + POSITION_CODE[position] * 2 + gap;
}

/** Added to a placeKey for a section tail's shapes across the page (wholeOptions `acrossShort`): above every placeKey. */
const ACROSS_SHORT_KEY = 1 << 16;

/**
 * A head's role, which sets its headline's size: by where the module stands, how wide it is and how
 * much the story weighs. A brief (a few lines) takes a small head at any width: at a page's top
 * across three columns it was given a second story's 35-point headline, three lines over its two
 * lines of text (the sample's page 3), where an editor sets a brief's head in proportion to it.
 */
function roleFor(story: StoryMaterial, span: number, position: ModulePosition): HeadRole {
  if (position === 'lead') return 'lead';
  if (story.brief) return span === 1 ? 'brief' : 'small';
  if (position === 'top' && span >= 3) return 'second';
  if (span >= 3) return 'normal';
  if (span === 2) return story.article.priority <= 2 ? 'normal' : 'small';
  return story.article.priority >= 5 ? 'brief' : 'small';
}

/** A headline's role as a digit of Material's head keys. */
const HEAD_ROLE_KEYS: Readonly<Record<HeadRole, number>> = { lead: 0, second: 1, normal: 2, small: 3, brief: 4 };

/** Measures stories and answers, for a piece and a span, the heights it can take. Cached per compose. */
export class Material {
  /** Set heads, keyed by everything that shapes them (headKey): one map serves a first plan and its second. */
  private readonly heads: Map<number | string, HeadBlock>;
  /** The one piece for each story's rest (see `piece`): a second plan's pieces are the first's. */
  private readonly pieces: Map<string, Piece>;
  private readonly headRowCache: Map<number | string, number>;
  /** Rows of a story's rest from a unit filled across the page (fitsOnAPage), by story and unit: every material's. */
  private readonly restRows: Map<string, number>;
  /** Caches per piece and table, with numeric keys: the search asks these millions of times. */
  private readonly memos: Map<Piece, Map<string, Map<number, unknown>>>;
  /**
   * The same for what reads a piece's text and no shape (its columns filled level or cut, its
   * paragraph breaks, a photo's room beside them): one set for every material of a compose, the
   * first plan's and every second plan's, where the shape caches are one set per photo share.
   * Shared only between twins, they were filled again for each share: the bench's 30-article
   * process edition, whose first plan leaves a last page 45% full and whose eleventh compact try
   * takes it away, filled the same columns for the first plan and again for each of the three
   * photo shares it tried. With plainMemos below: the same
   * plans (the three sweeps and the holdout measure the same on all 166 editions, fourteen
   * compositions hash the same), their warm compose 8–20% less.
   */
  private readonly textMemos: Map<Piece, Map<string, Map<number, unknown>>>;
  /**
   * Shape caches (shapes, whole and cut options) for pieces without a photo, which read no photo
   * share: a rest's jump head is the same in every material, and a start's headlines differ only
   * between compact materials and the others (a roomy material differs from the first only in its
   * photos). One set for the first plan's shapes, one for the compact ones, every material's.
   */
  private readonly plainMemos: { readonly first: Map<Piece, Map<string, Map<number, unknown>>>; readonly compact: Map<Piece, Map<string, Map<number, unknown>>> };
  /** Shapes are compared by identity (a compact shape is its own object), so one map serves both plans. */
  private readonly headRowsByShape: Map<Shape, number>;
  /** Region searches of queues with a photo: this photo share's, shared only between twins. */
  private readonly regionSearches: Map<string, unknown>;
  /**
   * Region searches of queues without a photo, which read only plainMemos' shapes: one set for
   * the first plan's shapes, one for the compact ones, every material's (as plainMemos are).
   */
  private readonly plainRegionSearches: { readonly first: Map<string, unknown>; readonly compact: Map<string, unknown> };

  constructor(
    readonly grid: Grid,
    readonly fonts: FontBook,
    readonly policy: LayoutPolicy,
    /**
     * For a second plan, when the first left the edition's last page mostly white or a page with
     * a hole (compose.ts planFitted): the first plan's material, and the page from which this one
     * plans. The planner
     * (plan.ts) plans the pages before it, the front page among them, with the first material, so
     * they are the first plan's pages, answered from its caches; from that page on (to `toPage`, if
     * given, after which the first material plans again), stories take
     * compact shapes: the smallest crop of a photo, capped at `photoMaxShare` (one of the policy's
     * `compactPhotoMaxShares`), is its own size, and a headline's step is free. A `roomy` second
     * plan does the opposite, for a last page left mostly white that no compact plan took away:
     * from that page on its stories take the first plan's shapes but never a photo beside the
     * text (which takes fewer rows than the same photo across the module), so the copy runs on
     * further down the last page.
     */
    readonly second?: { readonly first: Material; readonly fromPage: number; readonly toPage?: number; readonly photoMaxShare: number; readonly roomy?: boolean },
    /**
     * Another second plan's material with the same first material and photo share: on its own
     * pages it sets every story exactly as this one does (only which pages are its own differs), so
     * the two share every cache, and a later try reuses what an earlier one set and searched.
     */
    twin?: Material,
  ) {
    if (twin && !(second && twin.second?.first === second.first && twin.second.photoMaxShare === second.photoMaxShare && !twin.second.roomy === !second.roomy)) throw new Error('a twin material must be a second plan of the same first material and photo share');
    this.pieces = second?.first.pieces ?? new Map();
    this.heads = second?.first.heads ?? new Map();
    this.headRowsByShape = second?.first.headRowsByShape ?? new Map();
    this.headRowCache = twin?.headRowCache ?? new Map();
    this.restRows = second?.first.restRows ?? new Map();
    this.textMemos = second?.first.textMemos ?? new Map();
    this.plainMemos = second?.first.plainMemos ?? { first: new Map(), compact: new Map() };
    this.memos = twin?.memos ?? new Map();
    this.regionSearches = twin?.regionSearches ?? new Map();
    this.plainRegionSearches = second?.first.plainRegionSearches ?? { first: new Map(), compact: new Map() };
    this.columnShape = columnShapeOf(policy);
  }

  /** Stories take compact shapes in a second plan's material, unless it is a roomy one. */
  private get compact(): boolean {
    return this.second !== undefined && !this.second.roomy;
  }

  /** The material the planner plans page `page` with: this one, or the first plan's outside a second plan's pages. */
  forPage(page: number): Material {
    return this.second && (page < this.second.fromPage || page > (this.second.toPage ?? Infinity)) ? this.second.first : this;
  }

  private memo<T>(piece: Piece, table: string, key: number, compute: () => T, memos = this.memos): T {
    let tables = memos.get(piece);
    if (!tables) memos.set(piece, (tables = new Map()));
    let entries = tables.get(table);
    if (!entries) tables.set(table, (entries = new Map()));
    const known = entries.get(key);
    if (known !== undefined || entries.has(key)) return known as T;
    const value = compute();
    entries.set(key, value);
    return value;
  }

  /**
   * Which shape caches a piece reads in this material: this photo share's for a piece with a
   * photo, else plainMemos' compact set (a start in a compact material) or its first set. The
   * shapes and the region searches (searchesFor) are both kept by it.
   */
  private shapeCaches(piece: Piece): 'share' | 'compact' | 'first' {
    return carriesPhoto(piece) ? 'share' : !isContinuation(piece) && this.compact ? 'compact' : 'first';
  }

  /** A cache of the piece's shapes or options, in the caches it reads (shapeCaches). */
  private shapeMemo<T>(piece: Piece, table: string, key: number, compute: () => T): T {
    const caches = this.shapeCaches(piece);
    return this.memo(piece, table, key, compute, caches === 'share' ? this.memos : this.plainMemos[caches]);
  }

  /** A cache of what reads the piece's text and no shape (textMemos): every material's. */
  private textMemo<T>(piece: Piece, table: string, key: number, compute: () => T): T {
    return this.memo(piece, table, key, compute, this.textMemos);
  }

  /**
   * The one piece for a story's rest from `from`: pieces are compared by identity in the search, and
   * cached options carry them, so the same rest is always the same object.
   */
  piece(story: StoryMaterial, from: number, continuedFromPage?: number, photoOnJump = false): Piece {
    const withPhoto = photoOnJump && from > 0 && story.photo !== undefined;
    const key = `${story.index}:${from}${withPhoto ? 'p' : ''}`;
    let piece = this.pieces.get(key);
    if (!piece) {
      piece = from === 0 ? { story, from } : withPhoto ? { story, from, continuedFromPage, photoOnJump: true } : { story, from, continuedFromPage };
      this.pieces.set(key, piece);
    }
    return piece;
  }

  /**
   * The piece for `piece`'s rest, cut on page `page`: `piece` itself where it names that page, else
   * one object per rest and page. piece() keeps the page of the first plan that cut the story
   * there (every plan tried shares its pieces), so a plan that cut it on another page holds a rest
   * naming the wrong one (rest-pages.ts).
   */
  restCutOn(piece: Piece, page: number): Piece {
    if (piece.continuedFromPage === undefined || piece.continuedFromPage === page) return piece;
    const key = `${piece.story.index}:${piece.from}${piece.photoOnJump ? 'p' : ''}@${page}`;
    let named = this.pieces.get(key);
    if (!named) this.pieces.set(key, (named = { ...piece, continuedFromPage: page }));
    return named;
  }

  /** What the stack searches of this compose did (search.ts): the planner's work, counted rather than timed. */
  readonly searchCounts = { stacks: 0, nodes: 0, capped: 0 };
  /** How a finished story's columns may look, for balancing them (the policy's numbers). */
  private readonly columnShape: ColumnShape;

  /**
   * A region search's answer, kept for the compose call (search.ts names it by everything it
   * reads). The search reads the queue's shapes and options and nothing else of the material, so
   * a queue whose pieces all take them from plainMemos is answered the same in every material
   * that shares those: its answer is kept with them (shapeMemo's choice, for the whole queue).
   * A compact try at another share, or a rest's region in any try, is then answered from the
   * searches before it (the three sweeps and the holdout measure the same on all 166 editions,
   * their compose 8–9% less in two alternated pairs; the process edition's compact tries, two of
   * them sixteen pages deep, search less where a section's stories have no photo).
   */
  regionSearch<T>(queue: readonly Piece[], key: string, compute: () => T): T {
    const searches = this.searchesFor(queue);
    if (searches.has(key)) return searches.get(key) as T;
    const value = compute();
    searches.set(key, value);
    return value;
  }

  /** Where a region search of `queue` is kept: with this photo share's if any piece reads those, else with the plain caches its pieces read. */
  private searchesFor(queue: readonly Piece[]): Map<string, unknown> {
    let plain: 'compact' | 'first' = 'first';
    for (const piece of queue) {
      const caches = this.shapeCaches(piece);
      if (caches === 'share') return this.regionSearches;
      if (caches === 'compact') plain = 'compact';
    }
    return this.plainRegionSearches[plain];
  }

  /** A cached estimate of a piece's area (computed by the planner, kept with the piece). */
  estimate(piece: Piece, columns: number, compute: () => number): number {
    return this.textMemo(piece, 'area', columns, compute);
  }

  /** The material of every article, in the order given. */
  measure(articles: readonly Article[], photos: ReadonlyMap<string, PhotoFacts>): StoryMaterial[] {
    const jumpHeads = editionJumpHeads(articles, jumpHeadColumnLines(this.grid, this.fonts));
    return articles.map((article, index) => {
      const photo = article.image && photos.get(article.image.ref);
      const units = setStoryBody(article, this.grid, this.fonts, (ref) => photos.get(ref));
      const words = wordCount(article);
      return { index, article, units, words, photo: photo ? { ...photo, ref: article.image!.ref } : undefined, brief: words <= this.policy.briefWords, bodyRows: rowsOf(units), jumpHeads: jumpHeads[index] };
    });
  }

  /**
   * A head's key in `heads` and `headRowCache`: the story, whether its rest, and the shape, as one
   * whole number (below 2^53, each field within its range), since the planner asks for heads
   * hundreds of thousands of times in an edition and a key of text was built and hashed for every
   * ask; as text where a field is out of those ranges (never in an edition seen so far).
   */
  private headKey(piece: Piece, span: number, shape: Shape, photoRows: number, photoSide: number, measureOnly: boolean): number | string {
    const scale = shape.headlineScale === 1 ? 0 : shape.headlineScale === this.policy.headlineStep ? 1 : -1;
    const { index } = piece.story;
    const continuation = isContinuation(piece);
    if (scale < 0 || index >= 65536 || span >= 32 || shape.gap >= 32 || photoSide >= 64 || photoRows >= 4096) {
      return `${index}:${continuation}:${span}:${shape.role}:${shape.headlineScale}:${shape.standfirst}:${shape.gap}:${photoRows}:${photoSide}:${measureOnly}`;
    }
    let key = index * 2 + (continuation ? 1 : 0);
    key = key * 8 + HEAD_ROLE_KEYS[shape.role];
    key = key * 2 + scale;
    key = key * 2 + (shape.standfirst ? 1 : 0);
    key = key * 32 + span;
    key = key * 32 + shape.gap;
    key = key * 2 + (measureOnly ? 1 : 0);
    key = key * 64 + photoSide;
    return key * 4096 + photoRows;
  }

  /** The head of a module: a story's headline, standfirst, photo and caption, or a continuation's jump head. */
  head(piece: Piece, span: number, shape: Shape, measureOnly = false): HeadBlock {
    const key = this.headKey(piece, span, shape, shape.photoRows, shape.photoSide ?? 0, measureOnly);
    let head = this.heads.get(key);
    if (!head && shape.photoSide && piece.story.photo) {
      // The head across the module without the photo; the photo and caption beside the text below it.
      const across = this.head(piece, span, { ...shape, photoRows: 0, photoSide: undefined }, measureOnly);
      const beside = this.besidePhoto(piece.story, span, shape.photoSide, shape.photoRows, across.rows);
      head = { ...across, parts: [...across.parts, ...beside.parts] };
      this.heads.set(key, head);
    }
    if (!head) {
      const width = spanWidth(this.grid, span);
      const { story } = piece;
      head = isContinuation(piece)
        ? setJumpHead(story.article, story.jumpHeads, width, shape.gap, this.grid, this.fonts, shape.photoRows > 0 && story.photo ? { ...story.photo, rows: shape.photoRows } : undefined)
        : setHead(
            story.article,
            {
              role: shape.role,
              width,
              photo: shape.photoRows > 0 && story.photo ? { ref: story.photo.ref, widthPx: story.photo.widthPx, heightPx: story.photo.heightPx } : undefined,
              photoRows: shape.photoRows,
              maxPhotoHeight: shape.photoRows * this.grid.lead,
              headlineScale: shape.headlineScale,
              withStandfirst: shape.standfirst,
              topGapRows: shape.gap,
              measureOnly,
            },
            this.grid,
            this.fonts,
          );
      this.heads.set(key, head);
    }
    return head;
  }

  /**
   * The piece's rest in `span` level columns, or undefined if it cannot be balanced at all. A rest
   * too short for the span's columns (only the lead is set so: it spans the front's region however
   * short it is) fills as many columns as take the policy's lines each, from the left, and leaves
   * the others empty: three lines in one column read, three columns of one line do not.
   */
  balanced(piece: Piece, span: number): LevelColumns | undefined {
    return this.textMemo(piece, 'balanced', span, () => this.balancedAt(piece, span, this.policy.minLinesPerColumn));
  }

  /**
   * The piece's rest across the page's whole width at `minColumnRows` lines a column (policy
   * fullWidthShortTail): a section's one short tail piece at a page's top, where a column left
   * empty beside it took a house notice that headed the page. The same as `balanced` wherever the
   * rest gives every column `minLinesPerColumn` lines.
   */
  balancedAcross(piece: Piece, span: number): LevelColumns | undefined {
    return this.textMemo(piece, 'balanced-across', span, () => this.balancedAt(piece, span, this.policy.minColumnRows));
  }

  /** The level columns that `balanced` and `balancedAcross` set: as many used as take `perColumn` lines each. */
  private balancedAt(piece: Piece, span: number, perColumn: number): LevelColumns | undefined {
    const used = Math.min(span, Math.max(1, Math.floor(remainingRows(piece.story.units, piece.from) / perColumn)));
    const fill = fillBalanced(piece.story.units, piece.from, used, Number.MAX_SAFE_INTEGER / 2, this.columnShape);
    return fill ? withDepths([...fill.columns, ...Array.from({ length: span - used }, (): ColumnUnit[] => [])]) : undefined;
  }

  /** The depth `feathered` gives, cached: the search asks it for every span; columns are kept only for what is printed. */
  featheredRows(piece: Piece, span: number, extra: number): number | undefined {
    // Counted, not set: a blank line between paragraphs adds a row to every column. Packing sets
    // the columns and never takes more rows than this (packModule).
    const base = this.balanced(piece, span);
    if (!base) return undefined;
    return this.featherable(piece, span, extra, base.rows) ? base.rows + extra : undefined;
  }

  /** Whether `extra` blank rows may go into the piece's rest at `span` columns `rows` deep: breaks enough for them, and its leading opened by no more than `featherMaxShare`. */
  private featherable(piece: Piece, span: number, extra: number, rows: number): boolean {
    return this.paragraphBreaks(piece) >= extra * span * this.policy.featherBreaksPerRow && extra <= rows * this.policy.featherMaxShare;
  }

  /** Paragraph breaks in the piece's rest: where a blank line may go. */
  private paragraphBreaks(piece: Piece): number {
    return this.textMemo(piece, 'breaks', 0, () => paragraphBreaksIn(piece.story.units, piece.from).length);
  }

  /**
   * The piece's rest in `span` level columns made `extra` rows deeper by blank rows between
   * paragraphs (vertical justification): how a story with no photo to crop still fills a stack to
   * its foot. Undefined when the story has too few paragraph breaks to spread them, or when they
   * would open its leading by more than `featherMaxShare`.
   *
   * The search counts a blank row a column (featheredRows), and the fill must come to that depth
   * with every column ending there: a module printed shallower than planned, or with a column
   * short, leaves white the plan did not see, a hole with the white below it (30 articles, seeds 4
   * and 7). Two fills are tried and the one nearest the depth, its shortest column nearest the
   * foot, kept. First, each column of the level fill keeps its lines and takes blank rows at the
   * paragraph breaks inside it, spread evenly, as many as bring it to the depth (two or more at a
   * break where it has fewer breaks than that, as long as its leading opens by no more than
   * `featherMaxShare`): the columns end level unless one has too few breaks or lines for them.
   * Then, where one had, the blank rows spread through the whole text and the columns filled
   * again, with one blank row fewer at a time down to a column's worth fewer: a fill of the full
   * count can fail the column rules where the level columns had no slack. A blank row never opens
   * or closes a column (white at its top or foot).
   */
  feathered(piece: Piece, span: number, extra: number): { columns: ColumnUnit[][]; rows: number } | undefined {
    const base = this.balanced(piece, span);
    if (!base || !this.featherable(piece, span, extra, base.rows)) return undefined;
    const target = base.rows + extra;
    const space: ColumnUnit = { kind: 'space', rows: 1, lines: [], sizePx: this.grid.bodySize, lineHeight: this.grid.lead, faces: piece.story.units[0].faces };
    const withBlanks = (units: readonly ColumnUnit[], blanks: number): ColumnUnit[] => {
      const breaks = paragraphBreaksIn(units);
      // One to a break, or more where its lines' leading opens by no more than featherMaxShare
      // (printed alike: a feathered column's blank rows become its pitch, wherever they stand).
      const count = Math.min(blanks, blankRowsAllowed(breaks.length, blanksAndLines(units).lines, this.policy.featherMaxShare));
      if (count <= 0 || breaks.length === 0) return [...units];
      const chosen = new Map<number, number>();
      for (let k = 0; k < count; k++) {
        const at = breaks[Math.floor(((k + 0.5) * breaks.length) / count)];
        chosen.set(at, (chosen.get(at) ?? 0) + 1);
      }
      const out: ColumnUnit[] = [];
      units.forEach((unit, i) => {
        for (let n = chosen.get(i) ?? 0; n > 0; n--) out.push(space);
        out.push(unit);
      });
      return out;
    };
    let best: { columns: ColumnUnit[][]; rows: number; lowest: number } | undefined;
    const offer = (columns: ColumnUnit[][]) => {
      const rows = tallest(columns);
      const lowest = Math.min(...columns.map(rowsOf).filter((depth) => depth > 0));
      if (rows <= base.rows || rows > target || (best && (rows < best.rows || (rows === best.rows && lowest <= best.lowest)))) return;
      best = { columns, rows, lowest };
    };
    offer(base.columns.map((column) => withBlanks(column, target - rowsOf(column))));
    const level = () => best !== undefined && best.rows === target && best.lowest >= target - 1;
    const rest = piece.story.units.slice(piece.from);
    const most = extra * span;
    for (let blanks = most; blanks > Math.max(0, most - span) && !level(); blanks--) {
      const fill = fillBalanced(withBlanks(rest, blanks), 0, span, target, this.columnShape);
      if (fill) offer(fill.columns.map((column) => column.slice(column[0]?.kind === 'space' ? 1 : 0, column.at(-1)?.kind === 'space' ? -1 : column.length)));
    }
    return best ? { columns: best.columns, rows: best.rows } : undefined;
  }

  /** A story's photo at `span` columns wide, in rows (not whole ones) at its own proportions; 0 without a photo. */
  private naturalPhotoRows(story: StoryMaterial, span: number): number {
    if (!story.photo) return 0;
    return (spanWidth(this.grid, span) * story.photo.heightPx) / story.photo.widthPx / this.grid.lead;
  }

  /** Photo heights in whole rows the piece may take at `span`: its natural height, cropped within the policy's range. */
  photoRowRange(piece: Piece, span: number): number[] {
    const { story } = piece;
    const { policy } = this;
    if (!carriesPhoto(piece)) return [0];
    // A photo on the jump goes with text already begun: it may be cropped as shallow as a cut start's.
    return this.cropRange(story, span, isContinuation(piece) ? policy.cutPhotoMinShare : 1 - policy.photoCrop);
  }

  /**
   * The front page's lead's photo heights at `span`: its range, and where even its smallest crop is
   * deeper than the page allows (a portrait photo across the front, held at `photoMaxShare`), the
   * range's share below that cap too, and the crops from `leadPhotoMinShare` of its natural height
   * to the range's low end, deeper than the cap, which the lead's rows may or may not hold
   * (shapesUncached prices the crops under that share). Held at the cap alone, the lead had one
   * depth: twelve portrait photo stories on A4 left 25 rows under it, where each needed 28, and the
   * front printed its lead over white; cropped to the cap and below at no more than a crop's cost,
   * a portrait lead with a short text printed a third of its height.
   */
  private leadPhotoRowRange(piece: Piece, span: number, range: readonly number[]): readonly number[] {
    const { policy } = this;
    const cap = range[range.length - 1];
    const natural = this.naturalPhotoRows(piece.story, span);
    if (range.length !== 1 || cap === 0 || Math.ceil(natural * (1 - policy.photoCrop)) <= cap) return range;
    const rows: number[] = [];
    for (let r = Math.max(policy.photoMinRows, Math.ceil(cap * (1 - policy.photoCrop))); r <= cap; r++) rows.push(r);
    for (let r = Math.max(cap + 1, this.leadPhotoLeastRows(piece, span)); r <= Math.ceil(natural * (1 - policy.photoCrop)); r++) rows.push(r);
    return rows;
  }

  /** Whether a lead's module shows its photo to `leadPhotoMinShare` of its height: beside its text (within its range there), across at that share or more, or without a photo. */
  keepsLeadPhotoFloor(option: ModuleOption): boolean {
    const { piece, span, shape } = option;
    return shape.photoRows === 0 || shape.photoSide !== undefined || !carriesPhoto(piece) || shape.photoRows >= this.leadPhotoLeastRows(piece, span);
  }

  /** The fewest rows of the lead's photo at `span` that show `leadPhotoMinShare` of its height. */
  private leadPhotoLeastRows(piece: Piece, span: number): number {
    return Math.max(this.policy.photoMinRows, Math.ceil(this.naturalPhotoRows(piece.story, span) * this.policy.leadPhotoMinShare));
  }

  /** Photo heights in whole rows a story's photo may take at `span`: its natural height, cropped to `lowShare` of it at most and within the policy's range. */
  private cropRange(story: StoryMaterial, span: number, lowShare = 1 - this.policy.photoCrop): number[] {
    const { grid, policy } = this;
    const natural = this.naturalPhotoRows(story, span);
    const cap = Math.max(policy.photoMinRows, Math.floor(grid.rows * Math.min(policy.photoMaxShare, this.second?.photoMaxShare ?? Infinity)));
    const low = Math.min(cap, Math.max(policy.photoMinRows, Math.ceil(natural * lowShare)));
    const high = Math.min(cap, Math.max(low, Math.floor(natural * (1 + policy.photoCrop))));
    const rows: number[] = [];
    for (let r = low; r <= high; r++) rows.push(r);
    return rows;
  }

  /** Shapes of a piece at a span and position, each with its cost: cheapest first. */
  shapes(piece: Piece, span: number, position: ModulePosition, gap: number): readonly { shape: Shape; cost: number }[] {
    return this.shapeMemo(piece, 'shapes', placeKey(span, position, gap), () => this.shapesUncached(piece, span, position, gap));
  }

  private shapesUncached(piece: Piece, span: number, position: ModulePosition, gap: number): { shape: Shape; cost: number }[] {
    const { policy } = this;
    const { story } = piece;
    const role = roleFor(story, span, position);
    const natural = this.naturalPhotoRows(story, span);
    if (isContinuation(piece)) {
      // A continuation's head is its jump line; one that carries the story's photo takes it cropped within the range.
      return this.photoRowRange(piece, span)
        .map((photoRows) => ({ shape: { role, headlineScale: 1, standfirst: false, photoRows, gap }, cost: photoRows > 0 ? Math.abs(photoRows - natural) * policy.photoCropCost : 0 }))
        .sort((a, b) => a.cost - b.cost);
    }
    const out: { shape: Shape; cost: number }[] = [];
    const photoRange = this.photoRowRange(piece, span);
    const from = out.length;
    this.shapesWith(out, piece, span, position, gap, position === 'lead' ? this.leadPhotoRowRange(piece, span, photoRange) : photoRange, this.compact ? photoRange[0] : natural, this.lowResCost(story, span));
    // A lead's photo cut past its range is a last resort against white: each row less costs as a
    // row of white across the module (cheaper, it took the photo beside a lead's text away), and
    // so does each row under `leadPhotoMinShare` of its height: a picture desk's floor, which the
    // lead goes under only where that leaves less white (a portrait cut to a third at the price of
    // a crop took the text's rows).
    const least = position === 'lead' && carriesPhoto(piece) ? Math.max(photoRange[0], this.leadPhotoLeastRows(piece, span)) : photoRange[0];
    for (let i = from; i < out.length; i++) {
      const short = least - out[i].shape.photoRows;
      if (short > 0) out[i] = { ...out[i], cost: out[i].cost + short * policy.whiteCost * span };
    }
    // The photo beside the text, where across the module it would be cropped past its range.
    const photoSide = this.besideColumns(piece, span);
    if (photoSide > 0) {
      const sideRange = this.cropRange(story, photoSide);
      this.shapesWith(out, piece, span, position, gap, sideRange, this.compact ? sideRange[0] : this.naturalPhotoRows(story, photoSide), this.lowResCost(story, photoSide) + policy.photoBesideCost, photoSide);
    }
    return out.sort((a, b) => a.cost - b.cost);
  }

  /** A photo stretched past the least resolution a printed photo needs at `photoSpan` columns: a narrower span is better. */
  private lowResCost(story: StoryMaterial, photoSpan: number): number {
    return story.photo && story.photo.widthPx < minPhotoWidthPx(spanWidth(this.grid, photoSpan), this.policy) ? this.policy.photoLowResCost : 0;
  }

  /**
   * Adds to `out` every headline and standfirst of a start with every crop of its photo in
   * `photoRange`, across the module or (`photoSide`) beside the text; `fixedCost` is what the
   * placement costs whatever the crop, `photoBase` the crop that costs nothing. A headline and
   * standfirst's head is set once for every crop of the photo: the crop adds whole rows to it
   * (headRows) and leaves its headline's lines as they are (headlineHole). Asked per crop, the same
   * head was looked up again for each of a photo's ten or twenty crops.
   */
  private shapesWith(out: { shape: Shape; cost: number }[], piece: Piece, span: number, position: ModulePosition, gap: number, photoRange: readonly number[], photoBase: number, fixedCost: number, photoSide?: number): void {
    const { policy, compact } = this;
    const { story } = piece;
    const role = roleFor(story, span, position);
    const scales = role === 'brief' ? [1] : compact ? [policy.headlineStep, 1] : [1, policy.headlineStep];
    const small = role === 'small' || role === 'brief' || (role === 'normal' && story.article.priority >= 3);
    const standfirsts = story.article.standfirst ? (small ? [true, false] : [true]) : [false];
    // Compact shapes (a second plan, when the first left the last page mostly white): the smallest
    // crop is the photo's own size and a headline's step is free.
    const stepCost = compact ? 0 : policy.headlineStepCost;
    const heads = scales.map((headlineScale) => standfirsts.map((standfirst) => this.measuredHead(piece, span, { role, headlineScale, standfirst, photoRows: photoRange[0], gap, ...(photoSide ? { photoSide } : {}) })));
    for (const photoRows of photoRange) {
      for (let s = 0; s < scales.length; s++) {
        const headlineScale = scales[s];
        for (let f = 0; f < standfirsts.length; f++) {
          const standfirst = standfirsts[f];
          const head = heads[s][f];
          const shape: Shape = { role, headlineScale, standfirst, photoRows, gap, ...(photoSide ? { photoSide } : {}) };
          this.headRowsByShape.set(shape, head.baseRows + (photoSide ? 0 : photoRows));
          const cost =
            fixedCost +
            (head.hole ? policy.headlineHoleCost : 0) +
            (headlineScale !== 1 ? stepCost : 0) +
            (story.article.standfirst && !standfirst ? policy.standfirstOffCost : 0) +
            (photoRows > 0 ? Math.abs(photoRows - photoBase) * policy.photoCropCost : 0);
          out.push({ shape, cost });
        }
      }
    }
  }

  /**
   * Columns a story's photo may take beside its text at `span` (Shape.photoSide), 0 for none:
   * offered for a start whose photo across the module would show less than its range (its smallest
   * crop taller than the page allows), as the widest span, two columns of text beside it at least,
   * at which it shows within its range.
   */
  private besideColumns(piece: Piece, span: number): number {
    const { story } = piece;
    if (!story.photo || isContinuation(piece) || span < 3 || !Number.isFinite(this.policy.photoBesideCost) || this.second?.roomy) return 0;
    // Its smallest crop at `columns` wide shows at least the range's share of its height.
    const withinRange = (columns: number) => this.cropRange(story, columns)[0] >= Math.ceil(this.naturalPhotoRows(story, columns) * (1 - this.policy.photoCrop));
    if (withinRange(span)) return 0;
    for (let side = span - 2; side >= 1; side--) if (withinRange(side)) return side;
    return 0;
  }

  /** The photo and caption beside the text of a module `span` wide (head parts), and the rows they take below `headRows`. */
  private besidePhoto(story: StoryMaterial, span: number, side: number, photoRows: number, headRows: number): { parts: HeadBlock['parts']; rows: number } {
    const x = columnPitch(this.grid) * (span - side);
    return setPhotoBeside(story.article, story.photo!.ref, photoRows, headRows * this.grid.lead, x, spanWidth(this.grid, side), this.grid, this.fonts);
  }

  /** What the columns under a shape's photo beside the text keep for it (fillBeside). */
  private beside(piece: Piece, span: number, shape: Shape): PhotoBeside {
    const side = shape.photoSide!;
    return this.textMemo(piece, 'beside', (span * 8 + side) * 4096 + shape.photoRows, () => {
      const rows = this.besidePhoto(piece.story, span, side, shape.photoRows, 0).rows;
      const room: ColumnUnit = { kind: 'photo-room', rows, lines: [], sizePx: this.grid.bodySize, lineHeight: this.grid.lead, faces: SERIF };
      return { columns: side, rows, room };
    });
  }

  /** A finished piece's columns around its photo beside the text, at the least depth that holds them. */
  besideLevel(piece: Piece, span: number, shape: Shape): LevelColumns | undefined {
    const beside = this.beside(piece, span, shape);
    return this.textMemo(piece, 'besideLevel', (span * 8 + beside.columns) * 4096 + beside.rows, () => {
      const level = fillBesideLevel(piece.story.units, piece.from, span, beside);
      return level ? withDepths(level.columns) : undefined;
    });
  }

  /**
   * Whether a head's headline leaves white beside its lines as deep as a hole, at every size tried:
   * read from the head `headRows` measures (a photo at its smallest crop), which the photo's rows
   * do not change.
   */
  private headlineHole(piece: Piece, span: number, shape: Shape): boolean {
    const reference = shape.photoRows > 0 && !shape.photoSide ? this.photoRowRange(piece, span)[0] : 0;
    return this.head(piece, span, { ...shape, photoRows: reference, photoSide: undefined }, true).headlineHole === true;
  }

  /**
   * What headlineHole and headRows read from a shape's head, for every crop of its photo: whether
   * its headline leaves a hole, and its rows less the photo's (a photo beside the text adds none).
   */
  private measuredHead(piece: Piece, span: number, shape: Shape): { readonly hole: boolean; readonly baseRows: number } {
    return { hole: this.headlineHole(piece, span, shape), baseRows: this.headRowsUncached(piece, span, shape) - (shape.photoSide ? 0 : shape.photoRows) };
  }

  /** Rows of a module's head in a shape (photo rows add whole rows, so one setting serves every crop). */
  headRows(piece: Piece, span: number, shape: Shape): number {
    const known = this.headRowsByShape.get(shape);
    if (known !== undefined) return known;
    const rows = this.headRowsUncached(piece, span, shape);
    this.headRowsByShape.set(shape, rows);
    return rows;
  }

  private headRowsUncached(piece: Piece, span: number, shape: Shape): number {
    // A photo beside the text is not in the head: the body's columns keep room for it.
    if (shape.photoSide) return this.headRowsUncached(piece, span, { ...shape, photoRows: 0, photoSide: undefined });
    const key = this.headKey(piece, span, shape, shape.photoRows > 0 ? 1 : 0, 0, false);
    let base = this.headRowCache.get(key);
    if (base === undefined) {
      const reference = shape.photoRows > 0 ? this.photoRowRange(piece, span)[0] : 0;
      base = this.head(piece, span, { ...shape, photoRows: reference }, true).rows - reference;
      this.headRowCache.set(key, base);
    }
    return base + shape.photoRows;
  }

  /**
   * The finished modules a piece can make at `span`: one per distinct height, the cheapest shape
   * for each, lowest first. Empty when the span does not suit the text (columns of a line or two).
   *
   * `acrossShort`: the region is a section's tail at a page's top (plan.ts planSectionArea, the
   * section taking the top of the area), where a short piece across the page's whole width may
   * take `minColumnRows` lines a column (policy fullWidthShortTail): narrower, the column it left
   * white beside it took a notice that headed the page. Elsewhere a brief strung across the top
   * would stand over the section's more important stories.
   */
  wholeOptions(piece: Piece, span: number, position: ModulePosition, gap: number, acrossShort = false): readonly ModuleOption[] {
    // Under three columns a page's top story is set like any other: one list serves both.
    if (position === 'top' && span < 3) position = 'body';
    const across = acrossShort && this.policy.fullWidthShortTail && position === 'top' && span === this.grid.columns;
    return this.shapeMemo(piece, 'whole', placeKey(span, position, gap) + (across ? ACROSS_SHORT_KEY : 0), () => this.wholeOptionsUncached(piece, span, position, gap, across));
  }

  private wholeOptionsUncached(piece: Piece, span: number, position: ModulePosition, gap: number, acrossThePageTop: boolean): readonly ModuleOption[] {
    let options: ModuleOption[] = [];
    const rest = remainingRows(piece.story.units, piece.from);
    // The lead opens the front across its width however short it is; a section's short tail at a
    // page's top across its whole width takes fewer lines a column (see wholeOptions).
    const useful = span === 1 || position === 'lead' || rest >= span * (acrossThePageTop ? this.policy.minColumnRows : this.policy.minLinesPerColumn);
    const filled = useful ? (acrossThePageTop ? this.balancedAcross(piece, span) : this.balanced(piece, span)) : undefined;
    // A column left empty (a brief of a few lines and three photos at five columns: each photo
    // takes a column, and there is nothing for the fifth) is white down the module: not a shape.
    // A story of only a headline (a picture item without its photo, a body that was all left out)
    // is a head and no columns: at any width its head fits, never an empty column beside text.
    const headOnly = piece.story.units.length === 0;
    // Nor is a column of a single line beside the others (a wire story's table kept with the line
    // that introduces it, at four columns, left one line in the second column and its sign-off
    // alone in the fourth): the span does not suit the text (policy `minColumnRows`).
    const columnsHold = (level: LevelColumns, column: number) => level.columns[column].length > 0 && (span === 1 || level.depths[column] >= this.policy.minColumnRows);
    const allHold = (level: LevelColumns, columns: number) => {
      for (let column = 0; column < Math.min(columns, level.columns.length); column++) if (!columnsHold(level, column)) return false;
      return true;
    };
    // Nor is one whose column ends a stack foot's white (maxWhiteRows) or more above the module's
    // foot: a short story beside a figure at four columns set 11/13/7/7 on an A4 page's foot, its
    // two last columns over six rows of white inside the module and five under it, a hole the
    // search priced as 60 (the spread) and took.
    const endsOverWhite = (level: LevelColumns) => level.depths.some((depth) => level.rows - depth >= this.policy.maxWhiteRows);
    const body = filled && (position === 'lead' || headOnly || (allHold(filled, filled.columns.length) && !endsOverWhite(filled))) ? filled : undefined;
    const byRows = new Map<number, ModuleOption>();
    const wanted = desiredSpan(piece, this.grid.columns);
    const narrow = Math.max(0, wanted - span) * this.policy.narrowCost + (position === 'body' ? Math.max(0, span - Math.max(2, wanted + 1)) * this.policy.wideCost : 0);
    if (body) {
      // Columns that end more than a line apart leave white inside the module: shun that span.
      const { depths } = body;
      const uneven = Math.max(0, Math.max(...depths) - Math.min(...depths) - 1) * this.policy.whiteCost * 4;
      const set = depths.filter((depth) => depth > 0);
      const shortRows = set.length > 0 ? body.rows - Math.min(...set) : 0;
      for (const { shape, cost } of this.shapes(piece, span, position, gap)) {
        if (shape.photoSide) continue;
        const head = this.headRows(piece, span, shape);
        const rows = head + body.rows;
        const known = byRows.get(rows);
        if (!known || known.cost > cost + narrow + uneven) byRows.set(rows, { piece, span, rows, shape, cost: cost + narrow + uneven, shortRows, ...(acrossThePageTop ? { across: true } : {}) });
      }
      // Deeper by blank rows between paragraphs, from the cheapest shape.
      const cheapest = [...byRows.values()].reduce((a, b) => (b.cost < a.cost ? b : a));
      // Only a module of some depth takes blank lines: in a short one they would show.
      // (Nor a strip across the page's top: `feathered` deepens the `balanced` columns, not its.)
      const extras = body.rows >= this.policy.featherMinRows && !acrossThePageTop ? this.policy.featherBodyRows : 0;
      for (let extra = 1; extra <= extras; extra++) {
        const deeperRows = this.featheredRows(piece, span, extra);
        if (deeperRows === undefined) break;
        const rows = cheapest.rows - body.rows + deeperRows;
        const cost = cheapest.cost + (deeperRows - body.rows) * span * this.policy.featherCost;
        const known = byRows.get(rows);
        if (!known || known.cost > cost) byRows.set(rows, { ...cheapest, rows, cost, feathered: extra });
      }
    }
    // The photo beside the text: its columns filled around it, each shape at its own depth.
    for (const { shape, cost } of this.shapes(piece, span, position, gap)) {
      if (!shape.photoSide) continue;
      const around = this.besideLevel(piece, span, shape);
      // The text's columns hold some lines each; one under the photo holds none or a few.
      if (!around || !allHold(around, span - shape.photoSide)) continue;
      const { depths } = around;
      const uneven = Math.max(0, around.rows - Math.min(...depths) - 1) * this.policy.whiteCost * 4;
      const rows = this.headRows(piece, span, shape) + around.rows;
      const total = cost + narrow + uneven;
      const known = byRows.get(rows);
      if (!known || known.cost > total) byRows.set(rows, { piece, span, rows, shape, cost: total, shortRows: around.rows - Math.min(...depths) });
    }
    if (byRows.size > 0) options = [...byRows.values()].sort((a, b) => a.rows - b.rows);
    return options;
  }

  /**
   * A module of exactly `rows` that cuts the piece at the foot: its columns full, a row kept in the
   * last for the jump line, the continuation left a few lines at least. Undefined when the piece
   * cannot be cut there (too little room under the head, or it would fit whole).
   */
  cutOption(piece: Piece, span: number, rows: number, position: ModulePosition, gap: number, anyRest = false, taster = false): ModuleOption | undefined {
    const key = ((placeKey(span, position, gap) * 2 + (anyRest ? 1 : 0)) * 2 + (taster ? 1 : 0)) * 4096 + rows;
    const option = this.shapeMemo(piece, 'cut', key, () => this.cutOptionUncached(piece, span, rows, position, gap, anyRest, taster));
    if (option || anyRest || !Number.isFinite(this.policy.restOverPageCost)) return option;
    // No cut here leaves a rest that fits one page: one that runs on over the next pages, priced
    // (policy restOverPageCost), where the page would otherwise keep white under what it holds.
    const over = this.cutOption(piece, span, rows, position, gap, true, taster);
    return over && { ...over, cost: over.cost + this.policy.restOverPageCost };
  }

  /**
   * A shape for a story that starts here and jumps: its photo cropped shallower where its head would
   * otherwise be more than twice as deep as its text (measure.ts topHeavyStarts: a five-column photo
   * of 44 rows over eight lines and the jump line). The module keeps its rows and the text takes
   * the rows the photo gives up, down to the policy's `cutPhotoMinShare` of the photo's natural
   * height; each row costs as a crop does.
   */
  private cutPhotoCrop(piece: Piece, span: number, rows: number, shaped: { shape: Shape; cost: number }, headRows: number): { shape: Shape; cost: number; headRows: number } {
    const { shape, cost } = shaped;
    const { policy } = this;
    const kept = { shape, cost, headRows };
    // A photo beside the text is within its range already, and gives the text no rows by a crop.
    if (shape.photoRows === 0 || shape.photoSide || piece.story.photo === undefined || isContinuation(piece)) return kept;
    const textRows = rows - headRows;
    if (headRows <= 2 * textRows) return kept;
    const floor = Math.max(policy.photoMinRows, Math.ceil(this.naturalPhotoRows(piece.story, span) * policy.cutPhotoMinShare));
    // Each row the photo gives up is a row of text: head − d ≤ 2 × (text + d).
    const give = Math.min(Math.ceil((headRows - 2 * textRows) / 3), shape.photoRows - floor);
    if (give <= 0) return kept;
    // Photo rows add whole rows to a head (headRows), so the cropped head is `give` rows shallower.
    return { shape: { ...shape, photoRows: shape.photoRows - give }, cost: cost + give * policy.photoCropCost, headRows: headRows - give };
  }

  private cutOptionUncached(piece: Piece, span: number, rows: number, position: ModulePosition, gap: number, anyRest: boolean, taster: boolean): ModuleOption | undefined {
    const option = this.cutOptionShaped(piece, span, rows, position, gap, anyRest, taster);
    // A story started at a page's foot as a strip of a dozen lines over its jump line (tabloid: a
    // continuation of 79 rows, then five columns of 17 lines, a sixth of the story, and "Continued
    // on Page 8") cost only its jump, and the search always took it: priced as an editor sees it
    // (policy shortStartCost). The front's lead and tasters send the reader inside with a few lines.
    const price = this.policy.shortStartCost;
    if (!option || price === 0 || taster || position === 'lead' || isContinuation(piece) || !this.isShortStart(option)) return option;
    return Number.isFinite(price) ? { ...option, cost: option.cost + price } : undefined;
  }

  /** Whether a start cut as `option` is a stub at the page's foot as measure.ts shortStarts counts it: shallow, and little of its story. */
  isShortStart(option: ModuleOption): boolean {
    const { piece, rows, shape } = option;
    const textRows = rows - this.headRows(piece, option.span, shape);
    // Its pull quote, where the start holds it, is display type, as measure.ts counts it: not text.
    const quote = option.cutAt === undefined ? NO_QUOTE_IN_START : this.startQuote(piece, option.span, shape, textRows);
    // Fewer rows of text than a start's least beside its quote, as the measure counts any such start.
    if (quote.depth > 0 && textRows - quote.depth < SHORT_START_ROWS) return true;
    if (textRows - quote.depth >= Math.ceil(START_MIN_DEPTH_SHARE * this.grid.rows)) return false;
    return rowsBetween(piece.story.units, piece.from, option.cutAt ?? piece.story.units.length) - quote.rows < START_MIN_STORY_SHARE * (piece.story.bodyRows - this.quoteRowsOf(piece.story));
  }

  /**
   * What a start cut after `textRows` of text in `shape` holds of its story's pull quote: the rows
   * the quote takes (`rows`) and those it adds to the module's depth (measure.ts quoteDepthOf);
   * none where the quote stands in its rest, or without policy `quoteRowsAsDisplay`. A start that
   * is mostly quote passed as deep enough and as a share of its story, which the measures, since
   * layout-80, count without it (readingRowsOf).
   */
  private startQuote(piece: Piece, span: number, shape: Shape, textRows: number): { readonly depth: number; readonly rows: number } {
    if (!this.policy.quoteRowsAsDisplay) return NO_QUOTE_IN_START;
    const at = pullQuoteIndex(piece.story);
    if (at < piece.from) return NO_QUOTE_IN_START;
    const beside = shape.photoSide ? this.beside(piece, span, shape) : undefined;
    const next = this.cutNext(piece, span, textRows, beside);
    if (next === undefined || next <= at) return NO_QUOTE_IN_START;
    const key = beside ? ((span * 8 + beside.columns) * 4096 + beside.rows) * 4096 + textRows : span * 4096 + textRows;
    return this.textMemo(piece, beside ? 'quoteBeside' : 'quote', key, () => {
      const fill = this.cutFill(piece, span, textRows, beside);
      return fill ? { depth: quoteDepthOf({ columns: fill.columns, continuedOn: 0 }), rows: piece.story.units[at].rows } : NO_QUOTE_IN_START;
    });
  }

  /** Rows of the story's pull quote, 0 without one or without policy `quoteRowsAsDisplay`: display type, not its text (measure.ts readingRowsOf). */
  private quoteRowsOf(story: StoryMaterial): number {
    const at = this.policy.quoteRowsAsDisplay ? pullQuoteIndex(story) : -1;
    return at < 0 ? 0 : story.units[at].rows;
  }

  /**
   * A rest that fits one page cut again at the foot, so that it runs on to the next page
   * (restCutAgain); undefined for a start, a rest cutOption cuts already, or where it cannot be
   * cut there. Priced as a rest run on over a page (policy `restOverPageCost`) on top of its jump.
   */
  restCutAgain(piece: Piece, span: number, rows: number, position: ModulePosition, gap: number): ModuleOption | undefined {
    if (piece.continuedFromPage === undefined || !Number.isFinite(this.policy.restOverPageCost)) return undefined;
    if (!this.fitsOnAPage(piece, piece.from, piece.photoOnJump ? this.jumpPhotoRows(piece.story) : 0)) return undefined;
    return this.shapeMemo(piece, 'cutAgain', placeKey(span, position, gap) * 4096 + rows, () => {
      const option = this.cutOptionShaped(piece, span, rows, position, gap, false, false, true);
      return option && { ...option, cost: option.cost + this.policy.restOverPageCost };
    });
  }

  private cutOptionShaped(piece: Piece, span: number, rows: number, position: ModulePosition, gap: number, anyRest: boolean, taster: boolean, restAgain = false): ModuleOption | undefined {
    // A continuation is not cut again, unless even a whole page cannot hold it (or the planner
    // asks for it to run on: restCutAgain); a brief is never cut.
    if (!restAgain && piece.continuedFromPage !== undefined && this.fitsOnAPage(piece, piece.from, piece.photoOnJump ? this.jumpPhotoRows(piece.story) : 0)) return undefined;
    if (piece.story.brief || piece.story.bodyRows < this.policy.minCutBodyRows) return undefined;
    const { policy } = this;
    // Whether every shape was too deep for the rows (then the photo may go with the jump, below).
    let tooDeep = true;
    // The front's lead and tasters are cut to send the reader inside: there a photo over a few
    // lines is the point, and they keep their crop.
    const sendsInside = taster || position === 'lead';
    // Shapes whose head, cropped as far as a cut start's may be, is still deeper than the policy's
    // `cutHeadMaxShare` of the rows: tried after every other, and after the photo beside the text.
    const topHeavy: { shape: Shape; cost: number; textRows: number }[] = [];
    for (const shaped of this.shapes(piece, span, position, gap)) {
      const uncropped = this.headRows(piece, span, shaped.shape);
      const { shape, cost, headRows } = sendsInside ? { ...shaped, headRows: uncropped } : this.cutPhotoCrop(piece, span, rows, shaped, uncropped);
      const textRows = rows - headRows;
      if (textRows < this.cutTextRowsNeeded(piece, span, shape)) continue;
      tooDeep = false;
      if (!sendsInside && headRows > (rows - this.startQuote(piece, span, shape, textRows).depth) * policy.cutHeadMaxShare) {
        topHeavy.push({ shape, cost, textRows });
        continue;
      }
      const option = this.cutWith(piece, span, rows, shape, cost, textRows, anyRest);
      if (option) return option;
    }
    if (topHeavy.length > 0) {
      const beside = this.cutBeside(piece, span, rows, position, gap, anyRest);
      if (beside) return beside;
      for (const { shape, cost, textRows } of topHeavy) {
        const option = this.cutWith(piece, span, rows, shape, cost, textRows, anyRest);
        if (option) return option;
      }
    }
    return tooDeep && !sendsInside ? this.photoOnJumpCut(piece, span, rows, position, gap, anyRest) : undefined;
  }

  /**
   * Text rows a cut start needs under its head: the policy's least, more under a photo; beside the
   * text, the photo and caption stand in the body, and the last column, under them, holds two
   * lines and the jump line.
   */
  private cutTextRowsNeeded(piece: Piece, span: number, shape: Shape): number {
    const { policy } = this;
    if (shape.photoSide) return Math.max(policy.minCutTextRows, this.beside(piece, span, shape).rows + 3);
    return Math.max(policy.minCutTextRows, shape.photoRows > 0 ? policy.minTextRowsUnderPhoto : 0);
  }

  /**
   * A cut start's shapes with its photo beside the text (Shape.photoSide), for where across the
   * module it would stand over too little text (cutOption): every width from the widest that
   * leaves two columns of text, the photo within its crop range at that width as every photo
   * beside its text is (the range's low end or the policy's cut share chose the same crops on
   * the first sweep and the holdout), cheapest first.
   */
  private cutBesideShapes(piece: Piece, span: number, position: ModulePosition, gap: number): readonly { shape: Shape; cost: number }[] {
    return this.memo(piece, 'cutBesideShapes', placeKey(span, position, gap), () => {
      const { story } = piece;
      const out: { shape: Shape; cost: number }[] = [];
      if (!story.photo || isContinuation(piece) || span < 3 || !Number.isFinite(this.policy.photoBesideCost) || this.second?.roomy) return out;
      // Its crops cost from the photo's natural height at that width, in a compact material too
      // (shapesUncached's beside shapes cost from the range's low end there): as measured.
      for (let side = span - 2; side >= 1; side--) {
        const range = this.cropRange(story, side);
        this.shapesWith(out, piece, span, position, gap, range, this.naturalPhotoRows(story, side), this.lowResCost(story, side) + this.policy.photoBesideCost, side);
      }
      return out.sort((a, b) => a.cost - b.cost);
    });
  }

  /**
   * The front's lead cut `rows` deep on a page too small for any of its cuts (search.ts's last
   * tries, after cutOption): no shape leaves the least text under its photo at its own crop (at
   * 140 × 200 mm its head and photo took 30 of the front's 37 rows, and the front printed no lead
   * at all), so its photo is cropped as any cut start's may be, or, cropped as far as it may be
   * and still too deep (a page of 35 rows), stands beside the text.
   */
  leadCutSmallPage(piece: Piece, span: number, rows: number, gap: number): ModuleOption | undefined {
    const position: ModulePosition = 'lead';
    for (const shaped of this.shapes(piece, span, position, gap)) {
      const { shape, cost, headRows } = this.cutPhotoCrop(piece, span, rows, shaped, this.headRows(piece, span, shaped.shape));
      const textRows = rows - headRows;
      if (textRows < this.cutTextRowsNeeded(piece, span, shape)) continue;
      const option = this.cutWith(piece, span, rows, shape, cost, textRows, true);
      if (option) return option;
    }
    return this.cutBeside(piece, span, rows, position, gap, true);
  }

  /** The first of a start's cuts `rows` deep with its photo beside the text (cutBesideShapes) that leaves its text the rows it needs. */
  private cutBeside(piece: Piece, span: number, rows: number, position: ModulePosition, gap: number, anyRest: boolean): ModuleOption | undefined {
    for (const { shape, cost } of this.cutBesideShapes(piece, span, position, gap)) {
      const textRows = rows - this.headRows(piece, span, shape);
      if (textRows < this.cutTextRowsNeeded(piece, span, shape)) continue;
      const option = this.cutWith(piece, span, rows, shape, cost, textRows, anyRest);
      if (option) return option;
    }
    return undefined;
  }

  /**
   * The front's lead cut with its photo on the jump, `rows` deep: search.ts's last resort, where no
   * depth of the front takes the lead with its photo (a page of 35 rows, two columns), so that the
   * front still opens with its lead.
   */
  leadCutWithPhotoOnJump(piece: Piece, span: number, rows: number, gap: number): ModuleOption | undefined {
    return this.photoOnJumpCut(piece, span, rows, 'lead', gap, true);
  }

  /**
   * A start cut with its photo on the jump (Shape.photoOnJump), where no shape with the photo can
   * be cut at `rows`: its head without the photo, the photo and caption under the continuation's
   * jump head, which must then fit a page with the photo at its smallest crop across the page.
   */
  private photoOnJumpCut(piece: Piece, span: number, rows: number, position: ModulePosition, gap: number, anyRest: boolean): ModuleOption | undefined {
    const { policy } = this;
    if (isContinuation(piece) || !piece.story.photo || !Number.isFinite(policy.photoOnJumpCost)) return undefined;
    const shaped = this.photoOnJumpShapes(piece, span, position, gap)[0];
    const headRows = this.headRows(piece, span, shaped.shape);
    const textRows = rows - headRows;
    if (textRows < policy.minCutTextRows) return undefined;
    return this.cutWith(piece, span, rows, shaped.shape, shaped.cost + policy.photoOnJumpCost, textRows, anyRest, this.jumpPhotoRows(piece.story));
  }

  /**
   * The module of `rows` in `shape` that cuts the piece after `textRows` of text, or undefined
   * where it cannot be cut there; `restPhotoRows`: the photo its continuation carries, if any.
   */
  private cutWith(piece: Piece, span: number, rows: number, shape: Shape, cost: number, textRows: number, anyRest: boolean, restPhotoRows = 0): ModuleOption | undefined {
    const beside = shape.photoSide ? this.beside(piece, span, shape) : undefined;
    const next = this.cutNext(piece, span, textRows, beside);
    if (next === undefined) return undefined;
    // Its continuation must fit whole on a page, so that the story jumps once; a story longer
    // than two pages cannot, and is cut wherever it must.
    if (!anyRest && piece.continuedFromPage === undefined && !this.fitsOnAPage(piece, next, restPhotoRows) && this.fitsInTwoPages(piece)) return undefined;
    // A cut story's columns read as full down to its jump line. Where what comes next cannot
    // start at the foot (a paragraph kept with the table it introduces), the white it leaves is
    // priced as white, past a row a column that keeping paragraphs together takes anyway.
    const white = span * textRows - 1 - (beside ? beside.columns * beside.rows : 0) - rowsBetween(piece.story.units, piece.from, next);
    return { piece, span, rows, shape, cost: cost + this.policy.whiteCost * Math.max(0, white - span), cutAt: next };
  }

  /** A start's shapes without its photo (photoOnJump), cheapest first: one object per shape, as headRows keys them. */
  private photoOnJumpShapes(piece: Piece, span: number, position: ModulePosition, gap: number): readonly { shape: Shape; cost: number }[] {
    return this.memo(piece, 'jumpPhotoShapes', placeKey(span, position, gap), () => {
      const seen = new Set<string>();
      const out: { shape: Shape; cost: number }[] = [];
      for (const { shape, cost } of this.shapes(piece, span, position, gap)) {
        const name = `${shape.headlineScale}:${shape.standfirst}`;
        if (seen.has(name) || shape.photoSide) continue;
        seen.add(name);
        // The crop's cost is the photo's, which the jump's shapes price again.
        const cropCost = Math.abs(shape.photoRows - this.naturalPhotoRows(piece.story, span)) * this.policy.photoCropCost;
        out.push({ shape: { ...shape, photoRows: 0, photoOnJump: true }, cost: cost - cropCost });
      }
      return out.sort((a, b) => a.cost - b.cost);
    });
  }

  /** Rows the story's photo and caption add to a continuation across the page, at the photo's smallest crop. */
  private jumpPhotoRows(story: StoryMaterial): number {
    return this.cropRange(story, this.grid.columns, this.policy.cutPhotoMinShare)[0] + this.policy.jumpPhotoCaptionRows;
  }

  /**
   * Whether the story's rest from `from`, under a jump head, fits across a whole page. Near the
   * page's depth the rows are counted as the columns will be filled (a paragraph's lines kept
   * together, no crosshead at a foot), not estimated: a continuation estimated to fit is never cut
   * again, and one that did not fit once filled could be placed nowhere, its lines lost.
   * `photoRows`: rows a photo on the jump takes above the text (jumpPhotoRows).
   */
  fitsOnAPage(piece: Piece, from: number, photoRows = 0): boolean {
    const { grid, policy } = this;
    const room = grid.rows - policy.sectionBandRows - 4 - photoRows;
    const estimate = Math.ceil(remainingRows(piece.story.units, from) / grid.columns);
    if (estimate > room) return false;
    if (estimate + 4 <= room) return true;
    // Asked for every cut weighed; the same rest is filled once.
    const key = `${piece.story.index}:${from}`;
    let rows = this.restRows.get(key);
    if (rows === undefined) {
      const fill = fillBalanced(piece.story.units, from, grid.columns, Number.MAX_SAFE_INTEGER / 2);
      rows = fill ? tallest(fill.columns) : Number.POSITIVE_INFINITY;
      this.restRows.set(key, rows);
    }
    return rows <= room;
  }

  private fitsInTwoPages(piece: Piece): boolean {
    const { grid, policy } = this;
    return Math.ceil(piece.story.bodyRows / grid.columns) + 2 * (policy.sectionBandRows + 4) <= 2 * grid.rows;
  }

  /** Where a cut leaves the story (the first unit of its continuation), cached: columns are kept only for what is printed. */
  cutNext(piece: Piece, span: number, textRows: number, beside?: PhotoBeside): number | undefined {
    const key = beside ? ((span * 8 + beside.columns) * 4096 + beside.rows) * 4096 + textRows : span * 4096 + textRows;
    return this.textMemo(piece, beside ? 'cutBeside' : 'cutFill', key, () => this.cutFill(piece, span, textRows, beside)?.next);
  }

  /**
   * The columns of a cut module: full to `textRows`, the last a row short for the jump line;
   * with a photo beside the text, those under it open with its room.
   */
  cutFill(piece: Piece, span: number, textRows: number, beside?: PhotoBeside): { columns: ColumnUnit[][]; next: number } | undefined {
    const { units } = piece.story;
    const fillWith = (reserve: number) => (beside ? fillBeside(units, piece.from, span, textRows, beside, reserve) : fillFull(units, piece.from, span, textRows, reserve));
    let fill = fillWith(1);
    let reserve = 1;
    while (fill.next < units.length && remainingRows(units, fill.next) < this.policy.minContinuationRows && reserve < textRows - 1) {
      reserve++;
      fill = fillWith(reserve);
    }
    // A fill that can end the cut: a rest long enough, every column of at least two lines (a lone
    // line looks like a mistake), and none ending a stack foot's white (maxWhiteRows) or more above
    // where it is filled to: a photo in the text too deep for the last column's foot stays where it
    // stands (it cannot float past the jump), and the front's lead cut so printed 13/13/12/13/2
    // over its jump line, a hole inside the story.
    const last = span - 1;
    const ends = (f: ColumnFill) =>
      f.next < units.length &&
      f.next !== piece.from &&
      remainingRows(units, f.next) >= this.policy.minContinuationRows &&
      !f.columns.some((column) => rowsOf(column) - (beside && column[0] === beside.room ? beside.rows : 0) < 2) &&
      !f.columns.some((column, c) => textRows - (c === last ? reserve : 0) - rowsOf(column) >= this.policy.maxWhiteRows);
    if (!ends(fill)) return undefined;
    // Its pull quote, where the cut holds it, between lines of a column rather than at a top or foot.
    return cutFillKeepingQuoteInside(units, piece.from, fill, (stream) => (beside ? fillBeside(stream, piece.from, span, textRows, beside, reserve) : fillFull(stream, piece.from, span, textRows, reserve)), ends);
  }

  /** The columns of a cut module as the plan counted them (packModule). */
  cutColumns(piece: Piece, span: number, shape: Shape, textRows: number): { columns: ColumnUnit[][]; next: number } | undefined {
    return this.cutFill(piece, span, textRows, shape.photoSide ? this.beside(piece, span, shape) : undefined);
  }
}

/** A start that holds none of its story's pull quote (Material.startQuote). */
const NO_QUOTE_IN_START = { depth: 0, rows: 0 } as const;

/** The index of a story's display pull quote among its units, -1 for none; found once a story. */
function pullQuoteIndex(story: StoryMaterial): number {
  let at = pullQuoteIndices.get(story);
  if (at === undefined) pullQuoteIndices.set(story, (at = story.units.findIndex((unit) => unit.kind === 'quote')));
  return at;
}
const pullQuoteIndices = new WeakMap<StoryMaterial, number>();
