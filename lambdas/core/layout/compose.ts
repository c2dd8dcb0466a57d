/**
 * Page composition: stories become rectangular modules on the column grid, packed page by page
 * (skyline packing: always fill the highest open slot first), the front page led by the day's
 * main story, each section opening a new page, and stories that do not fit cut at a line and
 * continued on a later page with matching jump lines.
 */
import type { Article } from '../article';
import type { FontBook } from '../typeset/fonts';
import { checkPages } from './check';
import { fillBalanced, fillFull, remainingRows, rowsOf, tallest } from './columns';
import type { Grid, LayoutConfig } from './config';
import { setHead, setHouseAd, setJumpHead, setStoryBody, wordCount, type ColumnUnit, type HeadBlock, type HeadRole, type HouseAdContent } from './story';

/** Photo facts the composer needs: the source pixel size, to shape the box. */
export interface PhotoFacts {
  readonly widthPx: number;
  readonly heightPx: number;
}

/** A story module placed on a page. Rows are baseline-grid rows from the top of the type area. */
export interface PlacedModule {
  readonly slug: string;
  readonly column: number;
  readonly span: number;
  readonly top: number;
  readonly rows: number;
  readonly head: HeadBlock;
  readonly columns: readonly (readonly ColumnUnit[])[];
  /** Set when the story continues: the page it continues on (filled in after pagination). */
  continuedOn?: number;
  /** Set on a continuation: the page it came from. */
  readonly continuedFrom?: number;
  /** Photo box in px when the head carries a photo. */
  readonly photo?: { readonly ref: string; readonly widthPx: number; readonly heightPx: number };
  /** What the module is to a reader (edition.html's `data-kind`): a story, or an "In brief" column; default 'article'. */
  readonly kind?: 'article' | 'brief';
}

/** A fixed block: masthead, section header, inside box, house ad. */
export interface FixedBlock {
  readonly kind: 'masthead' | 'section-header' | 'inside' | 'house-ad';
  readonly column: number;
  readonly span: number;
  readonly top: number;
  readonly rows: number;
  /** A house ad's set text. */
  readonly houseAd?: HouseAdContent;
  /** A section band's text when it is not the page's section (two sections sharing a page). */
  readonly label?: string;
}

export interface ComposedPage {
  readonly number: number;
  readonly section: string;
  readonly sectionStart: boolean;
  sectionEnd: boolean;
  readonly modules: PlacedModule[];
  readonly blocks: FixedBlock[];
  /** Covered share of the type area, from the placed geometry. */
  fill: number;
}

export interface Composition {
  readonly pages: ComposedPage[];
  /** Sections in page order with their first page, for the Inside box and the PDF outline. */
  readonly sections: readonly { readonly name: string; readonly page: number }[];
  /** Problems found by the composer's own checks (a story that could not be placed, overflow). */
  readonly problems: readonly string[];
}

interface Story {
  readonly article: Article;
  readonly units: ColumnUnit[];
  next: number;
  /** Pages where the story's parts were placed, in order. */
  readonly placements: PlacedModule[];
  readonly photo?: PhotoFacts & { ref: string };
  readonly words: number;
}

const MASTHEAD_ROWS = 9;
const SECTION_HEADER_ROWS = 3;
const MIN_TEXT_ROWS_UNDER_HEAD = 3;
const MIN_CONTINUATION_ROWS = 3;
const FRONT_STORY_LIMIT = 7;
const FRONT_MODULE_SHARE = 0.3;
const MIN_FRONT_SLOT_ROWS = 16;
/** Space at a section's foot smaller than this stays white: a house ad needs room to be read. */
const MIN_HOUSE_AD_ROWS = 10;
const MAX_HOUSE_ADS_PER_PAGE = 2;

function sectionOrder(articles: readonly Article[], configured: readonly string[]): string[] {
  const present = new Set(articles.map((a) => a.section));
  const known = configured.filter((s) => present.has(s));
  const others = [...present].filter((s) => !configured.includes(s)).sort((a, b) => a.localeCompare(b));
  return [...known, ...others];
}

function byImportance(a: Story, b: Story): number {
  return a.article.priority - b.article.priority || b.words - a.words || (a.article.slug < b.article.slug ? -1 : 1);
}

/** No more columns than the text can fill with a few lines each: empty columns are holes. */
function widestUseful(story: Story): number {
  return Math.max(1, Math.floor(remainingRows(story.units, story.next) / 4));
}

/** Columns a story wants, from how much text is left. */
function desiredSpan(story: Story, columns: number): number {
  const rows = remainingRows(story.units, story.next);
  let span = rows >= 260 ? 4 : rows >= 130 ? 3 : rows >= 45 ? 2 : 1;
  if (story.article.priority <= 2 && span < 2 && rows >= 20) span = 2;
  // Each column of a finished module should hold a few lines, not one or two.
  span = Math.max(1, Math.min(span, Math.floor(rows / 4) || 1));
  return Math.min(span, Math.max(1, columns - 1));
}

function roleFor(story: Story, span: number, front: boolean, firstOnPage: boolean): HeadRole {
  if (front && story.article.priority === 1 && firstOnPage) return 'lead';
  if (firstOnPage && span >= 3) return 'second';
  if (story.article.priority >= 5 || span === 1) return story.words < 120 ? 'brief' : 'small';
  if (span >= 3) return 'normal';
  return story.article.priority <= 2 ? 'normal' : 'small';
}

interface PageBuilder {
  readonly page: ComposedPage;
  readonly skyline: number[];
}

function newPage(pages: ComposedPage[], section: string, sectionStart: boolean, grid: Grid): PageBuilder {
  const page: ComposedPage = { number: pages.length + 1, section, sectionStart, sectionEnd: false, modules: [], blocks: [], fill: 0 };
  pages.push(page);
  return { page, skyline: new Array(grid.columns).fill(0) };
}

function addBlock(builder: PageBuilder, block: FixedBlock): void {
  builder.page.blocks.push(block);
  for (let c = block.column; c < block.column + block.span; c++) builder.skyline[c] = Math.max(builder.skyline[c], block.top + block.rows);
}

/** Open slots: runs of adjacent columns whose skyline stands at the same height, lowest first. */
function openSlots(skyline: readonly number[], rows: number): { column: number; width: number; top: number }[] {
  const slots: { column: number; width: number; top: number }[] = [];
  for (let c = 0; c < skyline.length; ) {
    let width = 1;
    while (c + width < skyline.length && skyline[c + width] === skyline[c]) width++;
    if (skyline[c] < rows) slots.push({ column: c, width, top: skyline[c] });
    c += width;
  }
  return slots.sort((a, b) => a.top - b.top || a.column - b.column);
}

interface Placement {
  readonly module: PlacedModule;
  readonly complete: boolean;
}

/** Tries to place (part of) a story in a slot; undefined if it cannot start there. */
function tryPlace(
  story: Story,
  slot: { column: number; span: number; top: number; available: number },
  options: { front: boolean; firstOnPage: boolean; mustComplete: boolean; maxRows?: number },
  grid: Grid,
  fonts: FontBook,
): Placement | undefined {
  const continuation = story.next > 0;
  const available = Math.min(slot.available, options.maxRows ?? slot.available);
  const wantsPhoto = !continuation && story.photo !== undefined;
  // A photo may shrink, or give way, so that the story still gets a fair start under it.
  // An important story keeps its photo when it is placed whole; it may lose it only when cut.
  // A photo shrinks to make room, but is never dropped: it is part of the story.
  const shares = !wantsPhoto ? [0] : story.article.priority <= 2 && options.mustComplete ? [1, 0.6] : [1, 0.6, 0.45];
  for (const photoShare of shares) {
    const placement = tryPlaceWith(story, slot, options, grid, fonts, available, photoShare);
    if (placement) return placement;
  }
  return undefined;
}

function tryPlaceWith(
  story: Story,
  slot: { column: number; span: number; top: number; available: number },
  options: { front: boolean; firstOnPage: boolean; mustComplete: boolean; maxRows?: number },
  grid: Grid,
  fonts: FontBook,
  available: number,
  photoShare: number,
): Placement | undefined {
  const width = slot.span * grid.columnWidth + (slot.span - 1) * grid.gutter;
  const topGapRows = slot.top > 0 ? 1 : 0;
  const continuation = story.next > 0;
  const usePhoto = photoShare > 0;
  const head = continuation
    ? setJumpHead(story.article, width, topGapRows, grid, fonts)
    : setHead(
        story.article,
        {
          role: roleFor(story, slot.span, options.front, options.firstOnPage),
          width,
          photo: usePhoto ? { ref: story.photo!.ref, widthPx: story.photo!.widthPx, heightPx: story.photo!.heightPx } : undefined,
          maxPhotoHeight: Math.min(grid.rows * (options.front ? 0.33 : 0.36), available * 0.55) * grid.lead * photoShare,
          withStandfirst: true,
          topGapRows,
        },
        grid,
        fonts,
      );
  const textRows = available - head.rows;
  if (textRows < MIN_TEXT_ROWS_UNDER_HEAD || (usePhoto && textRows < 8)) return undefined;
  const balanced = fillBalanced(story.units, story.next, slot.span, textRows);
  const photoPart = head.parts.find((p) => p.kind === 'photo');
  const photo = photoPart ? { ref: photoPart.photoRef!, widthPx: width, heightPx: photoPart.height } : undefined;
  if (balanced) {
    const rows = head.rows + tallest(balanced.columns);
    return {
      module: { slug: story.article.slug, column: slot.column, span: slot.span, top: slot.top, rows, head, columns: balanced.columns, photo, continuedFrom: continuation ? -1 : undefined },
      complete: true,
    };
  }
  if (options.mustComplete) return undefined;
  // Cut: fill to the foot, keep a row for the jump line, leave the continuation a few lines at least.
  let fill = fillFull(story.units, story.next, slot.span, textRows, 1);
  let reserve = 1;
  while (remainingRows(story.units, fill.next) < MIN_CONTINUATION_ROWS && reserve < textRows - 1) {
    reserve++;
    fill = fillFull(story.units, story.next, slot.span, textRows, reserve);
  }
  // Every column of a cut module holds at least two lines: a lone line looks like a mistake.
  if (fill.next === story.next || fill.columns.some((column) => rowsOf(column) < 2)) return undefined;
  return {
    module: { slug: story.article.slug, column: slot.column, span: slot.span, top: slot.top, rows: available, head, columns: fill.columns, photo, continuedFrom: continuation ? -1 : undefined },
    complete: false,
  };
}

function commit(builder: PageBuilder, story: Story, placement: Placement, consumedTo: number): void {
  const { module } = placement;
  builder.page.modules.push(module);
  for (let c = module.column; c < module.column + module.span; c++) builder.skyline[c] = module.top + module.rows;
  story.placements.push(module);
  story.next = consumedTo;
}

function consumed(placement: Placement, story: Story): number {
  return story.next + placement.module.columns.reduce((n, column) => n + column.length, 0);
}

/**
 * Ways to pack a page. The first that fills the page well enough wins; the others are tried only
 * when it leaves a hole, because which story opens the page decides the shapes left for the rest.
 */
type PackVariant = 'importance' | 'opening-full-width' | 'longest-first';
const PACK_VARIANTS: readonly PackVariant[] = ['importance', 'opening-full-width', 'longest-first'];

function spanFor(story: Story, slot: { width: number }, grid: Grid, firstOnPage: boolean, front: boolean, lastStory: boolean, variant: PackVariant = 'importance'): number {
  if (variant === 'opening-full-width' && firstOnPage && !front) return Math.min(slot.width, Math.max(1, widestUseful(story)));
  let span = Math.min(desiredSpan(story, grid.columns), slot.width);
  if (front && firstOnPage) return Math.max(1, Math.min(slot.width, grid.columns - 1));
  if (firstOnPage && slot.width === grid.columns) {
    if (story.article.priority <= 2 || remainingRows(story.units, story.next) > 150) span = grid.columns;
  }
  // The section's last story takes the whole open width: white space then gathers at the foot of
  // the page, where a reader expects a section to end, not in a hole beside a module.
  if (lastStory && !front) span = slot.width;
  // A one-column sliver beside a module is hard to fill.
  if (slot.width - span === 1 && !front) span = slot.width;
  return Math.min(span, widestUseful(story));
}

/**
 * Packs stories from `queue` into the page until it is full or the queue is empty: first any
 * story that fits whole in an open slot (most important first, lowest slot first); failing that,
 * the most important story is cut at the foot of the largest slot. Returns the stories cut.
 */
function packPage(builder: PageBuilder, queue: Story[], grid: Grid, fonts: FontBook, front: boolean, variant: PackVariant = 'importance'): Story[] {
  if (variant === 'longest-first') queue.sort((a, b) => remainingRows(b.units, b.next) - remainingRows(a.units, a.next));
  const cut: Story[] = [];
  let placedStories = 0;
  const place = (story: Story, index: number, placement: Placement) => {
    commit(builder, story, placement, consumed(placement, story));
    queue.splice(index, 1);
    if (!placement.complete) cut.push(story);
    placedStories++;
  };
  for (let guard = 0; guard < 400 && queue.length > 0; guard++) {
    if (front && placedStories >= FRONT_STORY_LIMIT) break;
    const slots = openSlots(builder.skyline, grid.rows);
    if (slots.length === 0) break;
    const firstOnPage = builder.page.modules.length === 0;
    const maxRowsIn = (slot: { top: number }) => {
      if (!front) return undefined;
      if (firstOnPage) return Math.round(grid.rows * 0.7) - slot.top;
      // Front-page stories are tasters that jump inside: a module at most about a third of the
      // page tall, unless what is left below it could hold nothing else.
      const left = grid.rows - slot.top;
      const cap = Math.round(grid.rows * FRONT_MODULE_SHARE);
      return left - cap < MIN_FRONT_SLOT_ROWS ? undefined : cap;
    };
    const tryWhole = (index: number, slot: { column: number; width: number; top: number }, widen: boolean): boolean => {
      const story = queue[index];
      const desired = spanFor(story, slot, grid, firstOnPage, front, queue.length === 1, variant);
      const widest = widen && !(front && firstOnPage) ? Math.max(desired, Math.min(slot.width, widestUseful(story))) : desired;
      for (let span = desired; span <= widest; span++) {
        const placement = tryPlace(story, { column: slot.column, span, top: slot.top, available: grid.rows - slot.top }, { front, firstOnPage, mustComplete: true, maxRows: maxRowsIn(slot) }, grid, fonts);
        if (placement) {
          place(story, index, placement);
          return true;
        }
      }
      return false;
    };
    const tryCut = (index: number, slot: { column: number; width: number; top: number }): boolean => {
      const story = queue[index];
      const span = queue.length === 1 && !(front && firstOnPage) ? slot.width : spanFor(story, slot, grid, firstOnPage, front, queue.length === 1, variant);
      const placement = tryPlace(story, { column: slot.column, span, top: slot.top, available: grid.rows - slot.top }, { front, firstOnPage, mustComplete: false, maxRows: maxRowsIn(slot) }, grid, fonts);
      if (placement) place(story, index, placement);
      return placement !== undefined;
    };
    const bySize = [...slots].sort((a, b) => b.width * (grid.rows - b.top) - a.width * (grid.rows - a.top) || a.top - b.top);
    let placed = false;
    // 1. The most important story, whole, wherever it fits (it may widen to avoid a jump).
    for (const slot of slots) if (!placed) placed = tryWhole(0, slot, true);
    // 2. It does not fit whole anywhere: it gets the largest slot and jumps, before smaller
    //    stories take the space (importance first; the briefs then fill what is left).
    if (!placed) for (const slot of bySize.slice(0, 1)) if (!placed) placed = tryCut(0, slot);
    // 3. Any other story that fits whole, most important first, lowest slot first.
    for (const slot of slots) for (let index = 1; index < queue.length && !placed; index++) placed = tryWhole(index, slot, false);
    // 4. Cut the next stories into whatever slot can still start one.
    for (const slot of bySize) for (let index = 0; index < Math.min(queue.length, 3) && !placed; index++) placed = tryCut(index, slot);
    if (!placed) {
      // Nothing can start in the lowest slot: close it (counted as empty space in the fill figure).
      const lowest = slots[0];
      for (let c = lowest.column; c < lowest.column + lowest.width; c++) builder.skyline[c] = grid.rows;
    }
  }
  return cut;
}

/**
 * Packs one section page, trying the pack variants in turn: one that ends the section here wins,
 * then the first that fills the page (unless it leaves only a scrap over), else the fullest.
 * Deterministic: same stories, same choice.
 */
function packSectionPage(builder: PageBuilder, queue: readonly Story[], grid: Grid, fonts: FontBook): { cut: Story[]; queue: Story[] } {
  const modulesBefore = builder.page.modules.length;
  const skylineBefore = [...builder.skyline];
  const storiesBefore = queue.map((story) => ({ story, next: story.next, placements: story.placements.length }));
  const restore = () => {
    builder.page.modules.length = modulesBefore;
    builder.skyline.splice(0, builder.skyline.length, ...skylineBefore);
    for (const saved of storiesBefore) {
      saved.story.next = saved.next;
      saved.story.placements.length = saved.placements;
    }
  };
  let best: { variant: PackVariant; score: number } | undefined;
  for (const variant of PACK_VARIANTS) {
    const rest = [...queue];
    const cut = packPage(builder, rest, grid, fonts, false, variant);
    const endsSection = rest.length === 0 && cut.length === 0;
    if (endsSection) return { cut, queue: rest };
    const score = measureFill(builder.page, grid);
    // A full page wins, unless what it leaves over is so little that it would make a near-empty
    // page of its own: then another variant that ends the section here is looked for first.
    const leftover = [...cut, ...rest].reduce((rows, story) => rows + remainingRows(story.units, story.next), 0);
    const smallLeftover = leftover < grid.rows * grid.columns * 0.25;
    if (score >= 0.95 && !smallLeftover) return { cut, queue: rest };
    if (!best || (score >= 0.95 && best.score < 0.95) || (score > best.score + 1e-9 && !(best.score >= 0.95))) best = { variant, score };
    restore();
  }
  const rest = [...queue];
  const cut = packPage(builder, rest, grid, fonts, false, best!.variant);
  return { cut, queue: rest };
}

/** Column by column, the first row below everything placed on the page. */
function columnBottoms(page: ComposedPage, grid: Grid): number[] {
  const bottoms = new Array<number>(grid.columns).fill(0);
  const cover = (column: number, span: number, bottom: number) => {
    for (let c = column; c < column + span; c++) bottoms[c] = Math.max(bottoms[c], bottom);
  };
  for (const block of page.blocks) cover(block.column, block.span, block.top + block.rows);
  for (const module of page.modules) cover(module.column, module.span, module.top + module.rows);
  return bottoms;
}

/** The largest free rectangle reaching the foot of the type area, a row below what stands above it. */
function largestFootSpace(bottoms: readonly number[], grid: Grid): { column: number; span: number; top: number; rows: number } | undefined {
  let best: { column: number; span: number; top: number; rows: number } | undefined;
  for (let first = 0; first < bottoms.length; first++) {
    let standing = 0;
    for (let last = first; last < bottoms.length; last++) {
      standing = Math.max(standing, bottoms[last]);
      const top = standing > 0 ? standing + 1 : 0;
      const rows = grid.rows - top;
      const span = last - first + 1;
      if (rows >= MIN_HOUSE_AD_ROWS && (!best || span * rows > best.span * best.rows)) best = { column: first, span, top, rows };
    }
  }
  return best;
}

/**
 * A section that ends part-way down its last page leaves white space at the foot; the paper fills
 * it with its own notices, in turn, as a printed paper does (NEWSPAPER.md: no holes). Returns how
 * many were placed.
 */
function fillFootWithHouseAds(page: ComposedPage, config: LayoutConfig, grid: Grid, fonts: FontBook, firstAd: number): number {
  if (config.houseAds.length === 0) return 0;
  let placed = 0;
  const bottoms = columnBottoms(page, grid);
  while (placed < MAX_HOUSE_ADS_PER_PAGE) {
    const space = largestFootSpace(bottoms, grid);
    if (!space) break;
    const ad = config.houseAds[(firstAd + placed) % config.houseAds.length];
    const width = space.span * grid.columnWidth + (space.span - 1) * grid.gutter;
    const content = setHouseAd(ad, config.paper, width, space.rows * grid.lead, grid, fonts);
    if (!content) break;
    page.blocks.push({ kind: 'house-ad', ...space, houseAd: content });
    for (let c = space.column; c < space.column + space.span; c++) bottoms[c] = grid.rows;
    placed++;
  }
  return placed;
}

/** Share of the type area covered by blocks and module content. */
function measureFill(page: ComposedPage, grid: Grid): number {
  let covered = 0;
  for (const block of page.blocks) covered += block.span * block.rows;
  for (const module of page.modules) {
    covered += module.span * module.head.rows;
    for (const column of module.columns) covered += rowsOf(column);
    if (module.continuedOn !== undefined) covered += 1;
  }
  return Math.min(1, covered / (grid.columns * grid.rows));
}

/** Composes the edition's pages from accepted articles. */
export function composePages(
  articles: readonly Article[],
  photos: ReadonlyMap<string, PhotoFacts>,
  config: LayoutConfig,
  grid: Grid,
  fonts: FontBook,
): Composition {
  const problems: string[] = [];
  const stories: Story[] = articles.map((article) => {
    const photo = article.image && photos.get(article.image.ref);
    return {
      article,
      units: setStoryBody(article, grid, fonts),
      next: 0,
      placements: [],
      photo: photo ? { ...photo, ref: article.image!.ref } : undefined,
      words: wordCount(article),
    };
  });
  const sections = sectionOrder(articles, config.sections);
  const pages: ComposedPage[] = [];

  // Front page: masthead, the lead and the next stories by importance, an Inside box.
  const front = newPage(pages, 'Front', true, grid);
  addBlock(front, { kind: 'masthead', column: 0, span: grid.columns, top: 0, rows: MASTHEAD_ROWS });
  const frontQueue = [...stories].sort(byImportance);
  const lead = frontQueue.shift();
  const insideRows = sections.length + 3;
  const frontCut: Story[] = [];
  // The Inside box heads the outer column; the lead takes the columns beside it.
  addBlock(front, { kind: 'inside', column: grid.columns - 1, span: 1, top: MASTHEAD_ROWS, rows: insideRows });
  if (lead) {
    const leadQueue = [lead];
    frontCut.push(...packPage(front, leadQueue, grid, fonts, true));
    if (leadQueue.length > 0) problems.push(`the lead "${lead.article.slug}" did not fit on the front page`);
    const candidates = frontQueue.filter((s) => s.article.priority <= 4 && s.units.length > 0).slice(0, FRONT_STORY_LIMIT);
    const remaining = [...candidates];
    frontCut.push(...packPage(front, remaining, grid, fonts, true));
  }
  const onFront = new Set(stories.filter((s) => s.placements.length > 0).map((s) => s));

  const sectionPages: { name: string; page: number }[] = [];
  let houseAdsPlaced = 0;
  for (const section of sections) {
    const pending = stories.filter((s) => s.article.section === section && !(onFront.has(s) && !frontCut.includes(s))).sort(byImportance);
    // Continuations from the front go after the section's own top story.
    const continuations = pending.filter((s) => s.next > 0);
    const fresh = pending.filter((s) => s.next === 0);
    let queue: Story[] = [...fresh.slice(0, 1), ...continuations, ...fresh.slice(1)];
    let first = true;
    while (queue.length > 0) {
      const builder = newPage(pages, section, first, grid);
      if (first) {
        sectionPages.push({ name: section, page: builder.page.number });
        addBlock(builder, { kind: 'section-header', column: 0, span: grid.columns, top: 0, rows: SECTION_HEADER_ROWS });
      }
      first = false;
      const before = queue.length;
      const packed = packSectionPage(builder, queue, grid, fonts);
      // Cut stories continue at the top of the next page, before anything new.
      queue = [...packed.cut, ...packed.queue];
      if (builder.page.modules.length === 0 && queue.length === before) {
        problems.push(`could not place ${queue.map((s) => s.article.slug).join(', ')} on an empty page`);
        pages.pop();
        break;
      }
    }
    pages[pages.length - 1].sectionEnd = true;
    // Only a page of the section's own: when all of it went on the front, the last page is the front.
    if (!first) houseAdsPlaced += fillFootWithHouseAds(pages[pages.length - 1], config, grid, fonts, houseAdsPlaced);
  }

  // Jump lines: every part but the last names the page of the next part, and vice versa.
  for (const story of stories) {
    story.placements.forEach((module, i) => {
      const pageOf = (m: PlacedModule) => pages.find((p) => p.modules.includes(m))!.number;
      if (i < story.placements.length - 1) module.continuedOn = pageOf(story.placements[i + 1]);
      if (i > 0) (module as { continuedFrom?: number }).continuedFrom = pageOf(story.placements[i - 1]);
    });
    if (story.next < story.units.length) problems.push(`"${story.article.slug}" lost ${story.units.length - story.next} lines`);
    if (story.placements.length === 0) problems.push(`"${story.article.slug}" was not placed`);
  }
  // Everything fitted on the front: an Inside box with nothing to list is left out.
  if (sectionPages.length === 0) pages[0].blocks.splice(pages[0].blocks.findIndex((b) => b.kind === 'inside'), 1);
  for (const page of pages) page.fill = measureFill(page, grid);
  problems.push(...checkPages(pages, grid));
  return { pages, sections: sectionPages, problems };
}
