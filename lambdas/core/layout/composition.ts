/**
 * What composing produces: pages of placed modules and fixed blocks on the column grid. Its own
 * module, so that the steps that read a composition (check, measure, layout version, emit) do not
 * import the composer that makes it.
 */
import type { ColumnUnit, HeadBlock, HouseAdContent } from './story';

/** A story module placed on a page. Rows are baseline-grid rows from the top of the type area. */
export interface PlacedModule {
  readonly slug: string;
  /** What the module is to a reader (edition.html's `data-kind`): a story, or a brief; default 'article'. */
  readonly kind?: 'article' | 'brief';
  readonly column: number;
  readonly span: number;
  readonly top: number;
  readonly rows: number;
  readonly head: HeadBlock;
  readonly columns: readonly (readonly ColumnUnit[])[];
  /** Set when the story continues: the page it continues on. */
  readonly continuedOn?: number;
  /** Set on a continuation: the page it came from. */
  readonly continuedFrom?: number;
  /**
   * The "Continued on/from Page N" lines as set where the body's size would not fit their measure
   * (a 22 mm column, or a long wording in edition.yaml): compose.ts fitJumpLines. Unset: the
   * body's size and edition.yaml's wording.
   */
  readonly jumpLines?: { readonly on?: FittedJumpLine; readonly from?: FittedJumpLine };
  /** Photo box in px when the head carries a photo. */
  readonly photo?: { readonly ref: string; readonly widthPx: number; readonly heightPx: number };
}

/** A jump line set smaller, and, where even that did not fit, in its short form (`text`). */
export interface FittedJumpLine {
  readonly sizePx: number;
  readonly text?: string;
}

/** A module that ends its story (not cut to jump) across two columns or more: the ones whose columns should end level. */
export function endsStoryInColumns(module: PlacedModule): boolean {
  return module.continuedOn === undefined && module.span >= 2;
}

/** A module whose photo stands beside its text: columns under it open with its room ('photo-room'). */
export function hasPhotoBeside(module: PlacedModule): boolean {
  return module.columns.some((column) => column[0]?.kind === 'photo-room');
}

/** A fixed block: masthead, section band, inside box, house ad. */
export interface FixedBlock {
  readonly kind: 'masthead' | 'section-header' | 'inside' | 'house-ad';
  readonly column: number;
  readonly span: number;
  readonly top: number;
  readonly rows: number;
  /** The section a band names (pages can carry more than one section). */
  readonly label?: string;
  /** A house ad's set text. */
  readonly houseAd?: HouseAdContent;
}

export interface ComposedPage {
  readonly number: number;
  /** The page's running head: its first section ("Front" for page 1). */
  readonly section: string;
  /** Every section on the page, in order. */
  readonly sections: readonly string[];
  readonly sectionStart: boolean;
  readonly sectionEnd: boolean;
  readonly modules: readonly PlacedModule[];
  readonly blocks: readonly FixedBlock[];
}

export interface Composition {
  readonly pages: readonly ComposedPage[];
  /** Sections in page order with their first page, for the Inside box and the PDF outline. */
  readonly sections: readonly { readonly name: string; readonly page: number }[];
  /** The edition's copy is less than a page: the front page was composed for it alone. */
  readonly short: boolean;
  /** Slugs of stories left out because their section's pages (`pages:`) were full. */
  readonly leftOut: readonly string[];
  /** Problems found by the composer's own checks (a story that could not be placed, overflow). */
  readonly problems: readonly string[];
  /**
   * Milliseconds per step when composePages was given a clock: setting every story's material
   * (bodies on the grid), planning the edition (the page planner's search, heads it tries
   * included), and packing the chosen modules plus the steps after it.
   */
  readonly stepMs?: { readonly material: number; readonly plan: number; readonly pack: number };
  /**
   * The planner's work counted, with stepMs: stack searches run, the nodes they visited, and how
   * many stopped at the policy's node cap (`stackSearchNodes`). Unlike the times, these do not
   * depend on the machine.
   */
  readonly planCounts?: { readonly stacks: number; readonly nodes: number; readonly capped: number };
}

