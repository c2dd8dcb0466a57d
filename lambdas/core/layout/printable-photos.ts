/**
 * Photos that cannot print well are left out before the pages are planned, each with a warning
 * that names the photo and what it would take: one with too few pixels for even a column's width
 * (a 40×40 icon printed a column wide, or five, showed its pixels as blocks), and one so far from
 * any shape a page gives it that less than half of it would show (a 1:10 strip printed as a 6%
 * slice across five columns, blown up 7.6 times; a figure is cropped to FIGURE_ASPECT). The text
 * prints without it, as it does when a photo cannot be read.
 */
import type { Article, Warning } from '../article';
import { MM, type Grid } from './config';
import { spanWidth } from './geometry';
import type { LayoutPolicy } from './policy';
import { FIGURE_ASPECT, type PhotoSize } from './story';

/** CSS px per inch: the unit the grid is measured in. */
const CSS_PX_PER_INCH = MM * 25.4;

/** The least width in pixels a photo needs to print `widthCssPx` wide at the policy's resolution. */
export function minPhotoWidthPx(widthCssPx: number, policy: Pick<LayoutPolicy, 'photoMinPpi'>): number {
  return Math.ceil((widthCssPx * policy.photoMinPpi) / CSS_PX_PER_INCH);
}

/** The articles with their unprintable photos (the story's photo, figures in the text) left out, and a warning for each. */
export function printablePhotos(
  articles: readonly Article[],
  photos: ReadonlyMap<string, PhotoSize>,
  grid: Grid,
  policy: Pick<LayoutPolicy, 'photoMinPpi' | 'photoMinShownShare' | 'photoMaxShare' | 'photoMinRows'>,
): { articles: Article[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const minWidthPx = minPhotoWidthPx(grid.columnWidth, policy);
  const columnMm = Math.round(grid.columnWidth / MM);
  const tooFewPixels = (ref: string, photo: PhotoSize): string | undefined =>
    photo.widthPx >= minWidthPx
      ? undefined
      : `photo "${ref}" is ${photo.widthPx}×${photo.heightPx} px: a column wide (${columnMm} mm) it would print at ${Math.round((photo.widthPx / grid.columnWidth) * CSS_PX_PER_INCH)} pixels per inch, blurred, and a printed photo needs ${policy.photoMinPpi} (${minWidthPx} px across at least)`;
  const shown = (share: number, ref: string, photo: PhotoSize, where: string): string | undefined =>
    share >= policy.photoMinShownShare
      ? undefined
      : `photo "${ref}" is ${photo.widthPx}×${photo.heightPx} px, too ${photo.heightPx > photo.widthPx ? 'tall' : 'wide'} for ${where}: only ${Math.round(share * 100)}% of it would show`;
  // A story's photo spans its module: a column at narrowest, the page at widest, at most the
  // policy's share of the page's rows deep and at least its least rows.
  const capRows = Math.max(policy.photoMinRows, Math.floor(grid.rows * policy.photoMaxShare));
  const storyPhotoProblem = (ref: string, photo: PhotoSize): string | undefined => {
    const aspect = photo.heightPx / photo.widthPx;
    const narrowestRows = (spanWidth(grid, 1) * aspect) / grid.lead;
    const widestRows = (spanWidth(grid, grid.columns) * aspect) / grid.lead;
    return (
      tooFewPixels(ref, photo) ??
      shown(Math.min(1, capRows / narrowestRows), ref, photo, 'a page even a column wide') ??
      shown(Math.min(1, widestRows / policy.photoMinRows), ref, photo, 'a page even across it')
    );
  };
  const figureProblem = (ref: string, photo: PhotoSize): string | undefined => {
    const aspect = photo.heightPx / photo.widthPx;
    const share = aspect > FIGURE_ASPECT.max ? FIGURE_ASPECT.max / aspect : aspect < FIGURE_ASPECT.min ? aspect / FIGURE_ASPECT.min : 1;
    return tooFewPixels(ref, photo) ?? shown(share, ref, photo, 'a photo in the text');
  };

  const out = articles.map((article) => {
    let changed = article;
    if (article.body.some((block) => block.kind === 'figure')) {
      const body = article.body.filter((block) => {
        if (block.kind !== 'figure') return true;
        const photo = photos.get(block.ref);
        const problem = photo && figureProblem(block.ref, photo);
        if (problem) warnings.push({ file: article.source, message: `${problem}; the photo in the text was left out` });
        return !problem;
      });
      if (body.length !== article.body.length) changed = { ...changed, body };
    }
    const ref = article.image?.ref;
    const photo = ref === undefined ? undefined : photos.get(ref);
    const problem = ref !== undefined && photo !== undefined ? storyPhotoProblem(ref, photo) : undefined;
    if (problem && article.image?.required) {
      // A picture item is its photo: it prints as it is, and the desk is told.
      warnings.push({ file: article.source, message: `${problem}; a picture item is its photo, so it prints as it is` });
    } else if (problem) {
      warnings.push({ file: article.source, message: `${problem}; the article prints without it${article.image?.caption ? ' and its caption' : ''}` });
      const { image: _left, ...without } = changed;
      changed = without;
    }
    return changed;
  });
  return { articles: out, warnings };
}
