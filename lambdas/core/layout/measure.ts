/**
 * Honest measures of composed pages (issue 11, item 7), from the composition model alone: how much
 * of each page's type area is news, how much is the paper's own advertising, where white holes
 * stand, and for the edition how stories jump and whether importance reads top-down.
 *
 * Everything is counted as ink, at what is printed: a headline line covers only its natural width,
 * a ragged last line only its text, a body line one grid row; gutters, module gaps and the white
 * beside a short line are white. The rendered check (test/support/page-quality.ts) looks at the
 * same pages in real Chromium pixels and must find the same holes.
 */
import { columnEndsHyphenated, featheredPitch, rowsOf } from './columns';
import { columnLeft, gridBox, rowTop, spanWidth } from './geometry';
import { endsStoryInColumns, type ComposedPage, type Composition, type FixedBlock, type PlacedModule } from './composition';
import type { Grid } from './config';
import type { SetLine } from '../typeset/paragraph';
import { FIGURE_CAPTION_GAP_PX, type ColumnUnit } from './story';

/** The tuning numbers of the measures (see MEASURE_POLICY). */
export interface MeasurePolicy {
  readonly holeMinColumns: number;
  readonly holeMinRows: number;
  readonly cellWidthPx: number;
  readonly cellsPerRow: number;
  readonly ruleThicknessPx: number;
  readonly footWhiteMinColumns: number;
  readonly footWhiteMinRows: number;
}

/** The tuning numbers of the measures. */
export const MEASURE_POLICY: MeasurePolicy = {
  /**
   * A hole is a blank rectangle at least this many body columns wide…
   * @default 0.9
   */
  holeMinColumns: 0.9,
  /**
   * …and this many body lines deep.
   * @default 8
   */
  holeMinRows: 8,
  /**
   * Width in CSS px of one cell of the ink raster the holes are looked for in. Ink is widened to
   * whole cells and the minimum width rounded down to whole cells, so widths are judged to a cell.
   * @default 4
   */
  cellWidthPx: 4,
  /**
   * Cells per body line in the ink raster (head lines do not sit on the body grid).
   * @default 3
   */
  cellsPerRow: 3,
  /**
   * Thickness in px counted for a module's top rule (0.6 pt).
   * @default 0.8
   */
  ruleThicknessPx: 0.8,
  /**
   * White at a page's foot (`whiteFeet`) is counted where it runs across at least this many body
   * columns: a single column ending short is a ragged column, not a band across the page.
   * @default 1.8
   */
  footWhiteMinColumns: 1.8,
  /**
   * …and stands at least this many body lines deep, shallower than a hole (`holeMinRows`). A row or
   * two under the last lines reads as the page's margin (the planner's `freeWhiteRows` is 1); three
   * rows across a page, over its folio rule, read as copy that ran out (Berliner 16 articles at
   * seed 1, page 3: three rows under two notices across the page's five columns, holes 0).
   * @default 3
   */
  footWhiteMinRows: 3,
};

/**
 * A hole's near miss: a blank area a little under the hole size (0.8 column × 7 lines). Ink seen
 * as line boxes (the model) and ink seen as glyphs (a rendered page) differ by a line's inner
 * white, so a hole at the very limit may show in one and not the other; a check that compares the
 * two asks that a hole in one be at least a near miss in the other.
 */
export const NEAR_HOLE_POLICY: MeasurePolicy = { ...MEASURE_POLICY, holeMinColumns: 0.8, holeMinRows: 7 };

/** A rectangle in CSS px from the top-left corner of the page. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What one page is made of, as shares of its type area (0…1). */
export interface PageMeasures {
  readonly number: number;
  /** Ink of article modules (stories, their jumps, "In brief" columns). */
  readonly articleShare: number;
  /** House-ad boxes, whole. */
  readonly adShare: number;
  /** The largest single house ad on the page. */
  readonly largestAdShare: number;
  /** Blank areas of at least MEASURE_POLICY's size, as their bounding boxes. */
  readonly holes: readonly Box[];
  /** White bands at the type area's foot shallower than a hole (`whiteFeet`). */
  readonly whiteFeet: readonly Box[];
}

/** The edition's quality figures (manifest.json `quality`). */
export interface EditionQuality {
  /** Article ink over the whole edition's type area. */
  readonly contentShare: number;
  /** House ads over the whole edition's type area. */
  readonly adShare: number;
  /** The largest single house ad, as a share of its page's type area. */
  readonly largestAdShare: number;
  readonly holes: {
    readonly count: number;
    /** Pages with at least one hole, in order. */
    readonly pages: readonly number[];
  };
  readonly jumps: {
    /** Page changes of stories ("Continued on Page N" lines). */
    readonly total: number;
    /** Stories printed in more than one part. */
    readonly stories: number;
    /** The most times one story is continued. */
    readonly maxPerStory: number;
    /** The farthest a reader is sent, in pages (0 without jumps). */
    readonly longestPages: number;
  };
  /** See `priorityInversions`. */
  readonly priorityInversions: number;
  /** Starts cut to jump with too little before their jump (`shortStarts`), and the pages they stand on. */
  readonly shortStarts: { readonly count: number; readonly pages: readonly number[] };
  /**
   * Pages inside the edition (its last page left out: the copy may end there) whose foot is a white
   * band shallower than a hole across two columns or more (`whiteFeet`), and their numbers.
   */
  readonly whiteFeet: { readonly count: number; readonly pages: readonly number[] };
  /**
   * Whether the last page's foot is such a band too (`whiteFeet` by measurePage), which
   * `whiteFeet` leaves out: with it the block names every white foot the pages' own measures see
   * (the feet steps fill the last page's as any other's).
   */
  readonly lastPageWhiteFoot: boolean;
}

/** Priority (1 = most important … 5) of a story by slug; undefined for what is not a story. */
export type PriorityOf = (slug: string) => number | undefined;


/** The page box of a block or module on the grid (the emitter's geometry). */
export function gridBoxOf(grid: Grid, item: { readonly column: number; readonly span: number; readonly top: number; readonly rows: number }): Box {
  return gridBox(grid, item);
}

/** The type area of a page: inside the margins, above the folio. */
export function typeArea(grid: Grid): Box {
  return { x: grid.margin, y: grid.top, width: spanWidth(grid, grid.columns), height: grid.rows * grid.lead };
}

/** Printed width of a set line: justified and shrunk lines fill their measure, ragged ones only their text. */
export function inkWidth(line: SetLine): number {
  return Math.abs(line.wordSpacing) > 0.0005 || line.letterSpacing > 0 ? line.width : Math.min(line.naturalWidth, line.width);
}

/**
 * The ink of one placed module, as boxes in page px: head lines at their printed widths, the photo
 * box, the top rule, every body line one grid row deep, a pull quote between its rules, and the
 * jump lines. A jump line's text is not set by the composer (its wording is the emitter's); it is
 * counted across one column, which it nearly fills.
 */
export function moduleInk(module: PlacedModule, grid: Grid, policy: MeasurePolicy = MEASURE_POLICY): Box[] {
  const boxes: Box[] = [];
  const x = columnLeft(grid, module.column);
  const y = rowTop(grid, module.top);
  const width = spanWidth(grid, module.span);
  for (const part of module.head.parts) {
    const top = y + part.y;
    // A photo beside the text, and its caption, stand over the module's last columns.
    const partX = x + (part.x ?? 0);
    const partWidth = part.width ?? width;
    switch (part.kind) {
      case 'rule':
        boxes.push({ x: partX, y: top, width: partWidth, height: policy.ruleThicknessPx });
        break;
      case 'photo':
        boxes.push({ x: partX, y: top, width: partWidth, height: part.height });
        break;
      case 'jump-from':
        boxes.push({ x: partX, y: top, width: Math.min(partWidth, grid.columnWidth), height: grid.lead });
        break;
      default:
        part.lines.forEach((line, i) => boxes.push({ x: partX + line.indent, y: top + i * part.lineHeight, width: inkWidth(line), height: part.lineHeight }));
    }
  }
  const textTop = y + module.head.rows * grid.lead;
  module.columns.forEach((column, c) => {
    const cx = columnLeft(grid, module.column + c);
    // A feathered column's text lines stand at its own pitch, its blank rows spread between them.
    const pitch = featheredPitch(column, grid.lead) ?? grid.lead;
    let top = textTop;
    for (const unit of column) {
      if (unit.kind === 'space') continue;
      // The room under a photo beside the text: the photo's ink is the head's.
      if (unit.kind === 'photo-room') {
        top += unit.rows * grid.lead;
        continue;
      }
      if (unit.kind === 'table-row') {
        // A table row's cells stand side by side on the one row.
        for (const line of unit.lines) boxes.push({ x: cx + line.indent, y: top, width: inkWidth(line), height: grid.lead });
      } else if (unit.kind === 'figure' && unit.photo) {
        // The photo across the column, the caption lines under it at their printed widths.
        boxes.push({ x: cx, y: top + unit.photo.top, width: grid.columnWidth, height: unit.photo.height });
        const captionTop = top + unit.photo.top + unit.photo.height + FIGURE_CAPTION_GAP_PX;
        unit.lines.forEach((line, i) => boxes.push({ x: cx + line.indent, y: captionTop + i * unit.lineHeight, width: inkWidth(line), height: unit.lineHeight }));
      } else if (unit.kind === 'quote') {
        // The emitter gives a pull quote a quarter row above and below its ruled box.
        boxes.push({ x: cx, y: top + 0.25 * grid.lead, width: grid.columnWidth, height: (unit.rows - 0.5) * grid.lead });
      } else {
        // A crosshead's first line stands a row down (its space above).
        const first = top + Math.max(0, unit.rows - unit.lines.length) * grid.lead;
        unit.lines.forEach((line, i) => boxes.push({ x: cx + line.indent, y: first + i * pitch, width: inkWidth(line), height: pitch }));
        top = first + unit.lines.length * pitch;
        continue;
      }
      top += unit.rows * grid.lead;
    }
  });
  if (module.continuedOn !== undefined && module.columns.length > 0) {
    const last = module.columns.length - 1;
    const row = Math.max(rowsOf(module.columns[last]), module.rows - module.head.rows - 1);
    boxes.push({ x: columnLeft(grid, module.column + last), y: textTop + row * grid.lead, width: grid.columnWidth, height: grid.lead });
  }
  return boxes;
}

/** Masthead, section band, Inside box and house ads are solid: their whole box counts as ink. */
export function blockInk(block: FixedBlock, grid: Grid): Box {
  return gridBoxOf(grid, block);
}

const areaOf = (box: Box) => Math.max(0, box.width) * Math.max(0, box.height);

/** Area of the part of `box` inside `clip`. */
function clippedArea(box: Box, clip: Box): number {
  const w = Math.min(box.x + box.width, clip.x + clip.width) - Math.max(box.x, clip.x);
  const h = Math.min(box.y + box.height, clip.y + clip.height) - Math.max(box.y, clip.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Blank areas in a raster: every cell that lies in some all-blank rectangle of at least
 * `minWidth` × `minHeight` cells, gathered into 4-connected regions, each reported as its bounding
 * box in cells. `ink[y * width + x]` is non-zero for ink. Linear in the number of cells: one pass
 * keeps, per column, how many blank cells stand above and including the current row, so a run of
 * `minWidth` columns with at least `minHeight` each is the foot of a blank rectangle; a difference
 * table marks the rectangles found (a page without any stops after that pass).
 */
export function findBlankAreas(ink: ArrayLike<number>, width: number, height: number, minWidth: number, minHeight: number): Box[] {
  if (minWidth < 1 || minHeight < 1 || minWidth > width || minHeight > height) return [];
  const stride = width + 1;
  const blankAbove = new Uint32Array(width);
  let marks: Int32Array | undefined;
  for (let y = 0; y < height; y++) {
    let run = 0;
    for (let x = 0; x < width; x++) {
      blankAbove[x] = ink[y * width + x] ? 0 : blankAbove[x] + 1;
      run = blankAbove[x] >= minHeight ? run + 1 : 0;
      if (run < minWidth) continue;
      // The rectangle [x − minWidth + 1, x] × [y − minHeight + 1, y] is blank.
      marks ??= new Int32Array(stride * (height + 1));
      const left = x - minWidth + 1;
      const top = y - minHeight + 1;
      marks[top * stride + left]++;
      marks[top * stride + x + 1]--;
      marks[(y + 1) * stride + left]--;
      marks[(y + 1) * stride + x + 1]++;
    }
  }
  if (!marks) return [];
  // Prefix sums turn the difference table into coverage counts.
  const blank = new Uint8Array(width * height);
  const running = new Int32Array(width);
  for (let y = 0; y < height; y++) {
    let rowRun = 0;
    for (let x = 0; x < width; x++) {
      rowRun += marks[y * stride + x];
      running[x] += rowRun;
      if (running[x] > 0) blank[y * width + x] = 1;
    }
  }
  const areas: Box[] = [];
  const queue = new Int32Array(width * height);
  for (let start = 0; start < blank.length; start++) {
    if (blank[start] !== 1) continue;
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    blank[start] = 2;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    while (head < tail) {
      const cell = queue[head++];
      const cx = cell % width;
      const cy = (cell - cx) / width;
      x0 = Math.min(x0, cx);
      x1 = Math.max(x1, cx);
      y0 = Math.min(y0, cy);
      y1 = Math.max(y1, cy);
      // The four neighbours, written out rather than through a closure made for every cell.
      if (cx > 0 && blank[cell - 1] === 1) {
        blank[cell - 1] = 2;
        queue[tail++] = cell - 1;
      }
      if (cx < width - 1 && blank[cell + 1] === 1) {
        blank[cell + 1] = 2;
        queue[tail++] = cell + 1;
      }
      if (cy > 0 && blank[cell - width] === 1) {
        blank[cell - width] = 2;
        queue[tail++] = cell - width;
      }
      if (cy < height - 1 && blank[cell + width] === 1) {
        blank[cell + width] = 2;
        queue[tail++] = cell + width;
      }
    }
    areas.push({ x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
  }
  return areas;
}

/**
 * The sampled rows of rowsThatMayHoldHoles stand this share of a hole's depth apart: closer
 * samples raster more rows, farther ones let more pages through to the full search (a blank strip
 * between a head's parts, a row or two deep, must not cross `depth` samples). Speed only: the
 * holes found are the same for any share up to 1.
 */
const SAMPLE_STEP_SHARE = 1 / 3;

/**
 * The raster rows that may hold a blank rectangle of `minWidth` × `minHeight` cells (as
 * [top, bottom], inclusive), or undefined when there is certainly none; found from one row in
 * SAMPLE_STEP_SHARE × `minHeight` alone. Such a rectangle crosses `depth` sampled rows in a row,
 * each blank along the same `minWidth` cells, and reaches less than a step beyond the first and
 * the last sampled row it crosses. Most pages have no hole, and the white strips between a head's
 * parts are a few cells deep: for most pages this rasters one row in eight instead of every row,
 * and findBlankAreas never runs; for the others it runs on the rows that matter.
 */
function rowsThatMayHoldHoles(
  ink: readonly Box[],
  cellsOf: (box: Box) => { c0: number; c1: number; r0: number; r1: number },
  columns: number,
  rows: number,
  minWidth: number,
  minHeight: number,
): { top: number; bottom: number } | undefined {
  // Sizes findBlankAreas itself turns down are left to it.
  if (minWidth < 1 || minHeight < 1 || minWidth > columns || minHeight > rows) return { top: 0, bottom: rows - 1 };
  const step = Math.ceil(minHeight * SAMPLE_STEP_SHARE);
  // Any minHeight rows in a row hold at least this many sampled rows.
  const depth = Math.floor(minHeight / step);
  const sampled = Math.floor(rows / step);
  // Sampled row k is raster row (k + 1) × step − 1.
  const rowOf = (k: number) => (k + 1) * step - 1;
  const raster = new Uint8Array(columns * sampled);
  for (const box of ink) {
    if (box.width <= 0 || box.height <= 0) continue;
    const { c0, c1, r0, r1 } = cellsOf(box);
    for (let k = Math.max(0, Math.ceil((r0 + 1) / step) - 1); k < sampled && rowOf(k) <= r1; k++) {
      for (let i = k * columns + c0, end = k * columns + c1; i <= end; i++) raster[i] = 1;
    }
  }
  // findBlankAreas' first pass over the sampled rows: blank samples above, per column.
  const blankAbove = new Uint32Array(columns);
  let first = -1;
  let last = -1;
  for (let k = 0; k < sampled; k++) {
    let run = 0;
    for (let x = 0, i = k * columns; x < columns; x++, i++) {
      blankAbove[x] = raster[i] ? 0 : blankAbove[x] + 1;
      run = blankAbove[x] >= depth ? run + 1 : 0;
      if (run >= minWidth) {
        if (first < 0) first = k;
        last = k;
      }
    }
  }
  if (first < 0) return undefined;
  return { top: Math.max(0, rowOf(first - depth + 1) - step + 1), bottom: Math.min(rows - 1, rowOf(last) + step - 1) };
}

/**
 * Holes in `area` (page px) given the ink boxes on it: blank rectangles of at least
 * `policy.holeMinColumns` body columns × `policy.holeMinRows` body lines, as page-px boxes.
 */
export function findHoles(ink: readonly Box[], area: Box, grid: Grid, policy: MeasurePolicy = MEASURE_POLICY): Box[] {
  const cellWidth = policy.cellWidthPx;
  const cellHeight = grid.lead / policy.cellsPerRow;
  const columns = Math.ceil(area.width / cellWidth - 1e-9);
  const rows = Math.ceil(area.height / cellHeight - 1e-9);
  const epsilon = 1e-6;
  // Ink is widened to whole cells, so a run of blank cells is blank for certain and the white may
  // be up to two cells wider: the minimum is rounded down, a hole is found within a cell of it.
  const minWidth = Math.floor((policy.holeMinColumns * grid.columnWidth) / cellWidth + 1e-9);
  const minHeight = policy.holeMinRows * policy.cellsPerRow;
  /** The cells a box touches: every one is ink, so a hole found is blank for certain. */
  const cellsOf = (box: Box) => ({
    c0: Math.max(0, Math.floor((box.x - area.x) / cellWidth + epsilon)),
    c1: Math.min(columns - 1, Math.ceil((box.x + box.width - area.x) / cellWidth - epsilon) - 1),
    r0: Math.max(0, Math.floor((box.y - area.y) / cellHeight + epsilon)),
    r1: Math.min(rows - 1, Math.ceil((box.y + box.height - area.y) / cellHeight - epsilon) - 1),
  });
  const band = rowsThatMayHoldHoles(ink, cellsOf, columns, rows, minWidth, minHeight);
  if (!band) return [];
  // Every blank rectangle of the hole's size lies within the band: the raster of the band alone
  // has the same ones, and so the same blank areas, found `band.top` rows higher.
  const { top, bottom } = band;
  const raster = new Uint8Array(columns * (bottom - top + 1));
  for (const box of ink) {
    if (box.width <= 0 || box.height <= 0) continue;
    const { c0, c1, r0, r1 } = cellsOf(box);
    // A plain loop: most boxes cover a few dozen cells, where typed-array fill() costs more than it saves.
    for (let r = Math.max(r0, top), rEnd = Math.min(r1, bottom); r <= rEnd; r++) {
      for (let i = (r - top) * columns + c0, end = (r - top) * columns + c1; i <= end; i++) raster[i] = 1;
    }
  }
  return findBlankAreas(raster, columns, bottom - top + 1, minWidth, minHeight).map((found) => {
    const cells = { ...found, y: found.y + top };
    const x = area.x + cells.x * cellWidth;
    const y = area.y + cells.y * cellHeight;
    return {
      x,
      y,
      width: Math.min(area.x + area.width, x + cells.width * cellWidth) - x,
      height: Math.min(area.y + area.height, y + cells.height * cellHeight) - y,
    };
  });
}

/**
 * White bands standing on the foot of a raster: in each run of columns blank from the bottom row up
 * for at least `minHeight` rows, the deepest band `minWidth` columns wide or more (every column of
 * it blank to its depth), widened over the run's columns as deep; a run that holds one `maxHeight`
 * deep or more is left out (a hole, counted as one). In cells of `ink[y * width + x]`, non-zero for
 * ink. The model's measure (`whiteFeet`) and the rendered check (test/support/page-quality.ts) look
 * for them alike, in cells and in pixels. Linear in the cells looked at.
 */
export function findFootBands(ink: ArrayLike<number>, width: number, height: number, minWidth: number, minHeight: number, maxHeight: number): Box[] {
  if (minWidth < 1 || minHeight < 1 || minWidth > width || minHeight > height) return [];
  const depth = new Uint32Array(width);
  for (let x = 0; x < width; x++) {
    let y = height - 1;
    while (y >= 0 && !ink[y * width + x]) y--;
    depth[x] = height - 1 - y;
  }
  const bands: Box[] = [];
  const window = new Int32Array(width);
  for (let x = 0; x < width; ) {
    if (depth[x] < minHeight) {
      x++;
      continue;
    }
    const start = x;
    while (x < width && depth[x] >= minHeight) x++;
    if (x - start < minWidth) continue;
    // The deepest band minWidth wide: the largest of the sliding windows' shallowest columns (a
    // queue of columns with rising depths holds each window's shallowest at its head).
    let head = 0;
    let tail = 0;
    let deepest = 0;
    let at = start;
    for (let i = start; i < x; i++) {
      while (tail > head && depth[window[tail - 1]] >= depth[i]) tail--;
      window[tail++] = i;
      if (window[head] <= i - minWidth) head++;
      if (i - start + 1 >= minWidth && depth[window[head]] > deepest) {
        deepest = depth[window[head]];
        at = i;
      }
    }
    if (deepest >= maxHeight) continue;
    let left = at;
    let right = at;
    while (left > start && depth[left - 1] >= deepest) left--;
    while (right < x - 1 && depth[right + 1] >= deepest) right++;
    bands.push({ x: left, y: height - deepest, width: right - left + 1, height: deepest });
  }
  return bands;
}

/**
 * White bands at the type area's foot (page px) given the ink boxes on it: at least
 * `policy.footWhiteMinColumns` body columns wide, blank from the foot up for at least
 * `policy.footWhiteMinRows` body lines and less than a hole's depth. A page whose copy stops three
 * to seven rows over its folio shows a white strip across it, which the holes (eight rows) miss and
 * the page's article share spreads over the whole page.
 */
export function findWhiteFeet(ink: readonly Box[], area: Box, grid: Grid, policy: MeasurePolicy = MEASURE_POLICY): Box[] {
  const cellWidth = policy.cellWidthPx;
  const cellHeight = grid.lead / policy.cellsPerRow;
  const columns = Math.ceil(area.width / cellWidth - 1e-9);
  const rows = Math.ceil(area.height / cellHeight - 1e-9);
  const maxHeight = policy.holeMinRows * policy.cellsPerRow;
  // Only the rows a band shallower than a hole can stand in, and one more to see where it stops.
  const depth = Math.min(rows, maxHeight + 1);
  const top = rows - depth;
  const epsilon = 1e-6;
  const raster = new Uint8Array(columns * depth);
  for (const box of ink) {
    if (box.width <= 0 || box.height <= 0) continue;
    // Ink widened to whole cells, as findHoles widens it: the band found is blank for certain.
    const c0 = Math.max(0, Math.floor((box.x - area.x) / cellWidth + epsilon));
    const c1 = Math.min(columns - 1, Math.ceil((box.x + box.width - area.x) / cellWidth - epsilon) - 1);
    const r0 = Math.max(top, Math.floor((box.y - area.y) / cellHeight + epsilon));
    const r1 = Math.min(rows - 1, Math.ceil((box.y + box.height - area.y) / cellHeight - epsilon) - 1);
    for (let r = r0; r <= r1; r++) raster.fill(1, (r - top) * columns + c0, (r - top) * columns + c1 + 1);
  }
  const minWidth = Math.floor((policy.footWhiteMinColumns * grid.columnWidth) / cellWidth + 1e-9);
  return findFootBands(raster, columns, depth, minWidth, policy.footWhiteMinRows * policy.cellsPerRow, maxHeight).map((cells) => {
    const x = area.x + cells.x * cellWidth;
    const y = area.y + (cells.y + top) * cellHeight;
    return { x, y, width: Math.min(area.x + area.width, x + cells.width * cellWidth) - x, height: Math.min(area.y + area.height, y + cells.height * cellHeight) - y };
  });
}

/** Article share, ad share and holes of one composed page. */
export function measurePage(page: ComposedPage, grid: Grid, policy: MeasurePolicy = MEASURE_POLICY): PageMeasures {
  const area = typeArea(grid);
  const typeAreaSize = areaOf(area);
  const articleInk = page.modules.flatMap((module) => moduleInk(module, grid, policy));
  const blockBoxes = page.blocks.map((block) => blockInk(block, grid));
  const adAreas = page.blocks.filter((block) => block.kind === 'house-ad').map((block) => clippedArea(blockInk(block, grid), area));
  // Ink boxes of one page do not overlap (lines, heads and modules stack), so their areas add up.
  const articleArea = articleInk.reduce((sum, box) => sum + clippedArea(box, area), 0);
  return {
    number: page.number,
    articleShare: Math.min(1, articleArea / typeAreaSize),
    adShare: Math.min(1, adAreas.reduce((sum, a) => sum + a, 0) / typeAreaSize),
    largestAdShare: Math.max(0, ...adAreas) / typeAreaSize,
    holes: findHoles([...articleInk, ...blockBoxes], area, grid, policy),
    whiteFeet: findWhiteFeet([...articleInk, ...blockBoxes], area, grid, policy),
  };
}

/** Where a story's parts stand: pages in reading order. */
function storyPages(composition: Pick<Composition, 'pages'>): Map<string, number[]> {
  const pages = new Map<string, number[]>();
  for (const page of composition.pages) {
    for (const module of page.modules) {
      if ((module.kind ?? 'article') !== 'article') continue;
      const list = pages.get(module.slug) ?? [];
      list.push(page.number);
      pages.set(module.slug, list);
    }
  }
  return pages;
}

/** How far each of a story's jumps sends the reader, in pages, for every story. */
function storyJumps(composition: Pick<Composition, 'pages'>): number[][] {
  return [...storyPages(composition).values()].map((pages) => pages.slice(1).map((page, i) => page - pages[i]));
}

/** How far each jump sends the reader, in pages, story by story in reading order. */
export function jumpDistances(composition: Pick<Composition, 'pages'>): number[] {
  return storyJumps(composition).flat();
}

/** Pages a reader turns following every jump, summed (`epaper quality`'s `jumps N over M pages`). */
export function pagesTurned(composition: Pick<Composition, 'pages'>): number {
  return jumpDistances(composition).reduce((sum, pages) => sum + pages, 0);
}

/** A story's place on the front page, for its order there. */
export interface FrontPagePlace {
  readonly priority: number;
  readonly top: number;
  readonly column: number;
}

/** The front page's order, as a sort's comparison: the most important story first, then down and across among equals. */
export function inFrontPageOrder(a: FrontPagePlace, b: FrontPagePlace): number {
  return a.priority - b.priority || a.top - b.top || a.column - b.column;
}

/**
 * Pairs of front-page stories whose rests a reader meets in the other order than their starts on
 * the front page (the most important first, and read down, then across among equals): the lead
 * continued on page 5 while a lesser front-page story continues on page 3 is one pair (`epaper
 * quality`'s `front jumps out of order`; jump-order.ts puts rests in order where neighbouring pages
 * allow it).
 */
export function frontJumpsOutOfOrder(composition: Pick<Composition, 'pages'>, priorityOf: PriorityOf): number {
  const [front, ...inside] = composition.pages;
  if (!front) return 0;
  const restPage = new Map<string, number>();
  for (const page of inside) for (const module of page.modules) if (module.continuedFrom === 1) restPage.set(module.slug, page.number);
  const place = (module: PlacedModule) => ({ priority: priorityOf(module.slug) ?? Number.MAX_SAFE_INTEGER, top: module.top, column: module.column });
  const order = [...front.modules]
    .sort((a, b) => inFrontPageOrder(place(a), place(b)))
    .flatMap((module) => (restPage.has(module.slug) ? [restPage.get(module.slug)!] : []));
  let pairs = 0;
  for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) if (order[j] < order[i]) pairs++;
  return pairs;
}

/**
 * Stories of an off-front section (the paper's view: an editorial, a column) that start on the front
 * page though the desk did not put them there (`lead:`, `front:`, `page: 1`): a front page carries
 * the news (`epaper quality`'s `off-front starts`; the planner's rule is policy offFrontSections).
 * Sections are compared without regard to case; a jump's rest and the briefs' column do not count.
 */
export function offFrontStarts(composition: Pick<Composition, 'pages'>, sectionOf: SectionOf, offFrontSections: readonly string[], deskPutOnFront: (slug: string) => boolean): PlacedModule[] {
  const front = composition.pages[0];
  if (!front) return [];
  const offFront = new Set(offFrontSections.map((section) => section.toLowerCase()));
  return front.modules.filter((module) => {
    if ((module.kind ?? 'article') !== 'article' || module.continuedFrom !== undefined || deskPutOnFront(module.slug)) return false;
    const section = sectionOf(module.slug);
    return section !== undefined && offFront.has(section.toLowerCase());
  });
}

/** Jump figures: every module of a story after its first is a continuation. */
export function jumpFigures(composition: Composition): EditionQuality['jumps'] {
  let total = 0;
  let stories = 0;
  let maxPerStory = 0;
  let longestPages = 0;
  for (const distances of storyJumps(composition)) {
    if (distances.length === 0) continue;
    total += distances.length;
    stories++;
    maxPerStory = Math.max(maxPerStory, distances.length);
    longestPages = Math.max(longestPages, ...distances);
  }
  return { total, stories, maxPerStory, longestPages };
}

/**
 * Finished stories on a page whose columns do not end level: a module that ends its story (not cut
 * to jump), two columns or more, whose columns' depths (rows as printed, a feathered module's
 * blank rows included) spread more than a line. Columns of a finished story should end within a
 * line of each other; two lines or more reads as a ragged foot (the page rules' column measure).
 */
export function unevenModules(page: ComposedPage): PlacedModule[] {
  return page.modules.filter((module) => {
    if (!endsStoryInColumns(module)) return false;
    const depths = module.columns.map(rowsOf).filter((depth) => depth > 0);
    return depths.length >= 2 && Math.max(...depths) - Math.min(...depths) >= 2;
  });
}

/**
 * Stories cut to jump whose columns do not end level over their jump line: a module continued on
 * a later page, two columns or more, whose columns' text ends (the last column's with the row its
 * "Continued on Page N" line takes under it) spread two rows or more. A cut should end level, the
 * jump line under the last column at the others' depth; two rows or more apart it sits under a
 * ragged edge (Berliner 16 articles at seed 1, page 4: World's story cut to page 5 over columns of
 * 34/35/34/35 rows, the last 32 and its jump line). `epaper quality` counts them.
 */
export function raggedCuts(page: ComposedPage): PlacedModule[] {
  return page.modules.filter((module) => module.continuedOn !== undefined && module.span >= 2 && cutEndSpread(module.columns) >= 2);
}

/** Rows between the highest and the lowest end of a cut module's filled columns, the last counted with its jump line's row under it (0 for one column). */
export function cutEndSpread(columns: readonly (readonly ColumnUnit[])[]): number {
  const last = columns.length - 1;
  const ends = columns.map((column, c) => rowsOf(column) + (c === last ? 1 : 0)).filter((end, c) => end > (c === last ? 1 : 0));
  return ends.length >= 2 ? Math.max(...ends) - Math.min(...ends) : 0;
}

/**
 * Every column end a reader crosses in the middle of a word (NEWSPAPER.md: "a hyphenated word at
 * the end of a column"): a column's last line ends hyphenated while the story goes on after it, in
 * the next column or, past a cut story's last column, on its jump page. A finished story's last
 * column ends its story and is left out.
 */
export function hyphenatedColumnEnds(page: ComposedPage): { readonly module: PlacedModule; readonly line: ColumnUnit }[] {
  const ends: { module: PlacedModule; line: ColumnUnit }[] = [];
  for (const module of page.modules) {
    const { columns } = module;
    let lastFilled = -1;
    columns.forEach((column, c) => (lastFilled = column.length > 0 ? c : lastFilled));
    columns.forEach((column, c) => {
      if (column.length === 0 || (c === lastFilled && module.continuedOn === undefined)) return;
      const last = column[column.length - 1];
      if (last.paragraph !== undefined && columnEndsHyphenated(column)) ends.push({ module, line: last });
    });
  }
  return ends;
}

/**
 * A story cut to jump with fewer body rows than this under its head on the page (its text's depth,
 * byline and jump line included, the rows its pull quotes add left out) reads as a headline at the
 * foot of the page (the page rules: "a headline at the foot of a column"), a paragraph or two under
 * it and "Continued on Page N".
 */
export const SHORT_START_ROWS = 8;

/**
 * A story that starts on an inside page and jumps reads as a stub unless its text under the head is
 * at least START_MIN_DEPTH_SHARE of a column's depth, or its module holds START_MIN_STORY_SHARE of
 * the story: a six-column strip of 17 rows at a broadsheet page's foot over "Continued on Page 15",
 * 13% of its story, had eight rows and more, and the sweep called its page fine. (0.3, not 0.4:
 * the sample's page 5 starts its ASEAN story over two columns of 17 rows, 32% of it, under its
 * headline and standfirst, which reads as a story.)
 * The planner prices such starts (policy shortStartCost, Material.cutOption).
 */
export const START_MIN_DEPTH_SHARE = 0.2;
export const START_MIN_STORY_SHARE = 0.3;

/**
 * A continuation set across two columns or more whose text is shallower than this many rows reads
 * as a strip, not a story: the reader turns the page for it and zigzags across the page over three
 * or four lines a column (Berliner 16 articles at seed 2, page 12: "Continued from Page 11" over
 * 3/3/3/4 lines in four columns, a notice beside it). An editor sets a short jump narrow and deep,
 * as a start's text under its head is judged (SHORT_START_ROWS).
 */
export const THIN_CONTINUATION_ROWS = SHORT_START_ROWS;

/** Continuations on a page set across two columns or more with text shallower than THIN_CONTINUATION_ROWS. */
export function thinContinuations(page: ComposedPage): PlacedModule[] {
  return page.modules.filter((module) => {
    return module.continuedFrom !== undefined && isThinStrip(module.columns);
  });
}

/**
 * Finished stories set as a strip (`isThinStrip`): a story started and ended on the page, not cut
 * to jump, across two columns or more of text shallower than THIN_CONTINUATION_ROWS. The reader
 * zigzags over three or four lines a column, as through a thin continuation, under a headline as
 * wide as the page (tabloid 16 articles at seed 1, page 9: "New consideration after H0015" across
 * five columns of four lines at the page's foot; a brief of 60 words an editor sets a column or
 * two wide and deep). The planner lets a finished module's columns hold `minLinesPerColumn` lines,
 * so a brief that fills a foot is offered across the page; this measure counts what that prints.
 */
export function thinStories(page: ComposedPage): PlacedModule[] {
  return page.modules.filter((module) => (module.kind ?? 'article') === 'article' && module.continuedFrom === undefined && module.continuedOn === undefined && isThinStrip(module.columns));
}

/**
 * Whether columns of text, two or more filled, are all shallower than THIN_CONTINUATION_ROWS, in
 * rows a reader reads through (`readingRowsOf`): three columns of four lines beside a 13-row pull
 * quote are a strip, and a column holding the quote alone is not one of its filled columns.
 */
export function isThinStrip(columns: readonly (readonly ColumnUnit[])[]): boolean {
  let filled = 0;
  let deepest = 0;
  for (const column of columns) {
    const rows = readingRowsOf(column);
    if (rows > 0) filled++;
    deepest = Math.max(deepest, rows);
  }
  return filled >= 2 && deepest < THIN_CONTINUATION_ROWS;
}

/**
 * Rows of a column a reader reads through: lines, crossheads, tables, figures and byline. A pull
 * quote is left out: it is the story's own display type, as its head is, repeating a line of the
 * text, and a story padded by one has no more text for it. No feathering rows either, no room kept
 * for a photo beside the text.
 */
export function readingRowsOf(column: readonly ColumnUnit[]): number {
  let rows = 0;
  for (const unit of column) if (unit.kind !== 'space' && unit.kind !== 'photo-room' && unit.kind !== 'quote') rows += unit.rows;
  return rows;
}

/** Rows of a module's text a reader reads through (`readingRowsOf`, every column). */
function textRowsOf(module: PlacedModule): number {
  return module.columns.reduce((sum, column) => sum + readingRowsOf(column), 0);
}

/**
 * Rows a module's pull quotes add to the depth of its text: the deepest column as printed less the
 * deepest without its quotes (the last column counted with its jump line's row under it, as
 * cutEndSpread counts it). 0 without a quote, and 0 for a quote in a column no deeper than its
 * neighbours' text: the module is as deep without it. Short and top-heavy starts judge a start's
 * text as if its quotes were not there (three columns of six lines and a 13-row quote beside them
 * are 15 rows deep, and still a paragraph or two under a headline).
 */
export function quoteDepthOf(module: Pick<PlacedModule, 'columns' | 'continuedOn'>): number {
  const last = module.columns.length - 1;
  let printed = 0;
  let read = 0;
  module.columns.forEach((column, c) => {
    const rows = rowsOf(column) + (c === last && module.continuedOn !== undefined ? 1 : 0);
    const quoteRows = column.reduce((sum, unit) => sum + (unit.kind === 'quote' ? unit.rows : 0), 0);
    printed = Math.max(printed, rows);
    read = Math.max(read, rows - quoteRows);
  });
  return printed - read;
}

/** Each story's text rows over the whole edition (every part of it), for the share a start holds (shortStarts). */
export function storyTextRows(composition: Pick<Composition, 'pages'>): ReadonlyMap<string, number> {
  const rows = new Map<string, number>();
  for (const page of composition.pages) for (const module of page.modules) rows.set(module.slug, (rows.get(module.slug) ?? 0) + textRowsOf(module));
  return rows;
}

/**
 * Modules on a page cut to jump with too little before their jump: any with less than
 * SHORT_START_ROWS of text (a continuation cut again, a front-page taster too), and a story
 * started on an inside page shallower than START_MIN_DEPTH_SHARE of the grid's rows that holds less
 * than START_MIN_STORY_SHARE of its story (`storyRows`: storyTextRows of the edition).
 */
export function shortStarts(page: ComposedPage, grid: Grid, storyRows: ReadonlyMap<string, number>): PlacedModule[] {
  return page.modules.filter((module) => {
    if (module.continuedOn === undefined) return false;
    // Its text's depth under the head, less what its pull quotes add to it (quoteDepthOf).
    const textRows = module.rows - module.head.rows - quoteDepthOf(module);
    if (textRows < SHORT_START_ROWS) return true;
    if (page.number === 1 || module.continuedFrom !== undefined || textRows >= Math.ceil(START_MIN_DEPTH_SHARE * grid.rows)) return false;
    return textRowsOf(module) < START_MIN_STORY_SHARE * (storyRows.get(module.slug) ?? 0);
  });
}

/**
 * A story that starts on an inside page and jumps reads as a picture and a headline when its head
 * (headline, standfirst, photo and caption) is more than TOP_HEAVY_HEAD_SHARE as deep as the whole
 * module: a five-column head and photo of 52 rows over 8 rows of text and "Continued on Page 9" is
 * a page an editor sends back. The front page's tasters are left out: a lead's photo and a few
 * lines there are what sends the reader inside.
 */
export const TOP_HEAVY_HEAD_SHARE = 2 / 3;

/**
 * Modules on an inside page that start a story and jump with a head deeper than TOP_HEAVY_HEAD_SHARE
 * of the module, judged without the depth its pull quotes add (quoteDepthOf): a quote beside a few
 * lines is display type, not text that balances the head.
 */
export function topHeavyStarts(page: ComposedPage): PlacedModule[] {
  if (page.number === 1) return [];
  return page.modules.filter(
    (module) => module.continuedOn !== undefined && module.continuedFrom === undefined && module.head.rows > (module.rows - quoteDepthOf(module)) * TOP_HEAVY_HEAD_SHARE,
  );
}

/**
 * The paper's own notices that head a page: a house ad with no story above it in any of its
 * columns (a masthead or a section's band may be), so a reader meets the notice before the page's
 * copy. A notice fills a foot, under the stories, or closes white as a filler; on the page's top it
 * reads as an advertisement the page opens with (`epaper quality`'s `notices at a page's top`).
 */
export function noticesAtPageTop(page: Pick<ComposedPage, 'blocks' | 'modules'>): FixedBlock[] {
  return page.blocks.filter(
    (block) =>
      block.kind === 'house-ad' &&
      !page.modules.some((module) => module.column < block.column + block.span && block.column < module.column + module.span && module.top < block.top),
  );
}

/** Two heads that butt side by side (tombstonedHeads): the module on the left and its neighbour on the right. */
export interface TombstonedHeads {
  readonly left: PlacedModule;
  readonly right: PlacedModule;
}

/**
 * Heads that butt side by side ("tombstones", NEWSPAPER.md's quality an editor notices): two
 * modules in neighbouring columns, nothing between them, whose headlines (a story's headline or a
 * continuation's jump head) stand at the same height, some line of one level with a line of the
 * other. A reader's eye runs on from one into the other ("Comprehensive understanding
 * telecommunications When qualifications rehabilitation approximately…", tabloid 16 articles at
 * seed 1, page 5), and a page of them reads as a row of gravestones. The region search sets its
 * stacks side by side from one row, so each stack's first head stands level with its neighbour's
 * unless something (a band, a photo over one) pushes one down. Each pair counts once, left to right.
 */
export function tombstonedHeads(page: Pick<ComposedPage, 'modules'>, grid: Pick<Grid, 'lead'>): TombstonedHeads[] {
  const heads = page.modules.flatMap((module) => {
    const part = module.head.parts.find((p) => p.kind === 'headline' || p.kind === 'jump-head');
    return part ? [{ module, top: module.top * grid.lead + part.y, bottom: module.top * grid.lead + part.y + part.height }] : [];
  });
  const found: TombstonedHeads[] = [];
  for (const left of heads) {
    for (const right of heads) {
      if (left.module.column + left.module.span !== right.module.column) continue;
      if (left.top < right.bottom && right.top < left.bottom) found.push({ left: left.module, right: right.module });
    }
  }
  return found;
}

/** One pair of stories whose placement contradicts their importance. */
export interface PriorityInversion {
  readonly page: number;
  /** The more important story (lower priority number). */
  readonly moreImportant: string;
  /** The less important story, placed higher, or as high and larger. */
  readonly lessImportant: string;
  readonly why: 'higher' | 'larger';
}

/** Section of a story by slug, when known. */
export type SectionOf = (slug: string) => string | undefined;

/**
 * Pairs of stories on a page whose places tell a reader the other order than their priorities.
 * Only opening modules count (an article module that is not a continuation: a jump's page is
 * decided by the story it comes from, a brief column by its section). For every pair A, B with
 * priority(A) < priority(B) (A more important), B reads as the more important (`readsAbove`) where:
 * - their columns overlap and B stands higher (B.top < A.top, in grid rows): read down, B comes first;
 * - side by side (no column in common), B is at least as wide and stands higher ('higher'), or as
 *   high and over more of the page (span × rows, 'larger').
 * A story narrower than A beside it never counts, however high it starts: a column of tasters
 * beside the front page's lead, over the second story across four columns under the lead, or a
 * two-column story down a page's right edge beside a wider one under a continuation, are pages an
 * editor lays out so, and had counted as inversions wherever they started a row higher (ten of
 * the Berliner sweep's seventeen, nine of them front pages' tasters; seven of the broadsheet's
 * fifteen, two of the tabloid's five: `epaper quality --sizes 16,30,45 --seeds 4`). Each pair counts
 * once; stories of equal priority, and modules whose priority is unknown, never count. Stories of
 * different sections are not compared (section order decides which comes first on a page two
 * sections share), except on the front page, where every story competes.
 */
export function priorityInversions(page: ComposedPage, priorityOf: PriorityOf, sectionOf?: SectionOf): PriorityInversion[] {
  const openers = page.modules
    .filter((m) => (m.kind ?? 'article') === 'article' && m.continuedFrom === undefined)
    .map((module) => ({ module, priority: priorityOf(module.slug) }))
    .filter((entry): entry is { module: PlacedModule; priority: number } => entry.priority !== undefined);
  const found: PriorityInversion[] = [];
  for (const a of openers) {
    for (const b of openers) {
      if (!(a.priority < b.priority)) continue;
      if (page.number > 1 && sectionOf && sectionOf(a.module.slug) !== sectionOf(b.module.slug)) continue;
      const why = readsAbove(b.module, a.module);
      if (why) found.push({ page: page.number, moreImportant: a.module.slug, lessImportant: b.module.slug, why });
    }
  }
  return found;
}

/** A module's place in grid columns and rows. */
export type ModuleRect = Pick<PlacedModule, 'column' | 'span' | 'top' | 'rows'>;

/** Why `lesser` reads as more important than `more` on their page (priorityInversions), or undefined. */
export function readsAbove(lesser: ModuleRect, more: ModuleRect): PriorityInversion['why'] | undefined {
  const stacked = lesser.column < more.column + more.span && more.column < lesser.column + lesser.span;
  if (stacked) return lesser.top < more.top ? 'higher' : undefined;
  if (lesser.span < more.span || lesser.top > more.top) return undefined;
  if (lesser.top < more.top) return 'higher';
  return lesser.span * lesser.rows > more.span * more.rows ? 'larger' : undefined;
}

/** Every page's measures and the edition's quality block. */
export function measureEdition(composition: Composition, grid: Grid, priorityOf: PriorityOf, sectionOf?: SectionOf, policy: MeasurePolicy = MEASURE_POLICY): { pages: PageMeasures[]; quality: EditionQuality } {
  const pages = composition.pages.map((page) => measurePage(page, grid, policy));
  const count = Math.max(1, pages.length);
  const holePages = pages.filter((p) => p.holes.length > 0).map((p) => p.number);
  const storyRows = storyTextRows(composition);
  const starts = composition.pages.map((page) => ({ number: page.number, count: shortStarts(page, grid, storyRows).length }));
  // The last page may end short: its copy ran out there (and `epaper quality` judges it as mostly white or not).
  const whiteFeetPages = pages.slice(0, -1).filter((p) => p.whiteFeet.length > 0).map((p) => p.number);
  return {
    pages,
    quality: {
      contentShare: pages.reduce((sum, p) => sum + p.articleShare, 0) / count,
      adShare: pages.reduce((sum, p) => sum + p.adShare, 0) / count,
      largestAdShare: Math.max(0, ...pages.map((p) => p.largestAdShare)),
      holes: { count: pages.reduce((sum, p) => sum + p.holes.length, 0), pages: holePages },
      jumps: jumpFigures(composition),
      priorityInversions: composition.pages.reduce((sum, page) => sum + priorityInversions(page, priorityOf, sectionOf).length, 0),
      shortStarts: { count: starts.reduce((sum, page) => sum + page.count, 0), pages: starts.filter((page) => page.count > 0).map((page) => page.number) },
      whiteFeet: { count: whiteFeetPages.length, pages: whiteFeetPages },
      lastPageWhiteFoot: (pages.at(-1)?.whiteFeet.length ?? 0) > 0,
    },
  };
}

/** A share for people: 87%, 1.2%, 0.4%. */
function percent(share: number): string {
  const value = share * 100;
  return value >= 10 || value === 0 ? `${Math.round(value)}%` : `${value.toFixed(1)}%`;
}

/** The quality block in one line, as the CLI prints it; short starts and white feet where there are any, the last page's white foot where it has one (a manifest written before them has none). */
export function formatQuality(quality: Omit<EditionQuality, 'shortStarts' | 'whiteFeet' | 'lastPageWhiteFoot'> & Partial<Pick<EditionQuality, 'shortStarts' | 'whiteFeet' | 'lastPageWhiteFoot'>>): string {
  const holes = quality.holes.count === 0 ? 'holes 0' : `holes ${quality.holes.count} (page${quality.holes.pages.length === 1 ? '' : 's'} ${quality.holes.pages.join(', ')})`;
  const { jumps } = quality;
  const jumpText = jumps.total === 0 ? 'jumps 0' : `jumps ${jumps.total} (longest ${jumps.longestPages} page${jumps.longestPages === 1 ? '' : 's'}${jumps.maxPerStory > 1 ? `, one story ${jumps.maxPerStory} times` : ''})`;
  const pagesOf = (counted: { readonly pages: readonly number[] }) => `page${counted.pages.length === 1 ? '' : 's'} ${counted.pages.join(', ')}`;
  const starts = quality.shortStarts;
  const startsText = starts && starts.count > 0 ? ` · short starts ${starts.count} (${pagesOf(starts)})` : '';
  const feet = quality.whiteFeet;
  const feetText = feet && feet.count > 0 ? ` · white feet ${feet.count} (${pagesOf(feet)})` : '';
  const lastText = quality.lastPageWhiteFoot ? " · the last page's foot white" : '';
  return `content ${percent(quality.contentShare)} · ads ${percent(quality.adShare)} · ${holes} · ${jumpText} · inversions ${quality.priorityInversions}${startsText}${feetText}${lastText}`;
}

const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;

/** A page's measures as the manifest carries them: shares to 0.01%, boxes to 0.1 px. */
export function pageMeasuresForManifest(measures: PageMeasures): { articleShare: number; adShare: number; holes: Box[] } {
  return {
    articleShare: round(measures.articleShare, 4),
    adShare: round(measures.adShare, 4),
    holes: measures.holes.map((box) => ({ x: round(box.x, 1), y: round(box.y, 1), width: round(box.width, 1), height: round(box.height, 1) })),
  };
}

/** The quality block as the manifest carries it: shares to 0.01%. */
export function qualityForManifest(quality: EditionQuality): EditionQuality {
  return { ...quality, contentShare: round(quality.contentShare, 4), adShare: round(quality.adShare, 4), largestAdShare: round(quality.largestAdShare, 4) };
}
