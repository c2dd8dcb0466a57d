/**
 * The edition build use case: inputs → articles → composed pages → HTML → PDF → manifest.
 * The CLI, the render Lambda, `epaper dev` and the benchmark all run this one function; they differ
 * only in the ports they pass.
 */
import { createHash } from 'node:crypto';
import { mostCommonLanguage, type Warning } from './article';
import { EDITION_HTML_TYPE, type BuildOutcome, type EditionDeps, type EditionRequest } from './edition';
import { separateHeld } from './editorial';
import { canonicalSections } from './sections';
import { fingerprintInputs } from './fingerprint';
import { ReadOnceSource } from './memory-source';
import { editionHtmlOf, emitEditionDocument, type EditionDocument } from './html/emit';
import { collectInputs, readEditionConfig, type CollectedPhoto } from './inputs';
import { composePages, type PhotoFacts } from './layout/compose';
import { gridFor, resolveLayoutConfig } from './layout/config';
import { fitInsideBox } from './layout/inside';
import { figurePhotoKey, mastheadSize } from './layout/story';
import { measureEdition, pageMeasuresForManifest, qualityForManifest } from './layout/measure';
import { DEFAULT_LAYOUT_POLICY } from './layout/policy';
import { printablePhotos } from './layout/printable-photos';
import { thumbnailPath, type Manifest } from './manifest';
import type { OutlineItem } from './pdf-postprocess';
import type { Asset, EncodedPageImages, ImageProcessor, RenderOptions, RenderResult } from './ports';
import { buildSearchIndex, pageLinks, READER_POLICY, readerArticle, readerPaths } from './reader';
import { editionFontCoverage } from './typeset/coverage';
import { withoutUnprintedAliases } from './typeset/font-cmap';
import { FACE_KEYS, FALLBACK_KEYS, fontBookFor, type FaceKey, type FallbackKey } from './typeset/fonts';
import { mapLimited } from './map-limited';
import { pageImageKeys, recallPageImages, rememberPageImages } from './page-image-memory';
import { patternFileFor, useHyphenationPatterns } from './typeset/hyphenate';
import { isolatedIfRightToLeft, writtenRightToLeft } from './scripts';

/**
 * Characters the typesetter and the page write that no input holds: the no-break spaces of French
 * spacing and of grouped numbers, the folio's middle dot, the dateline's dash, a fitted name's ellipsis.
 */
const LAYOUT_WRITTEN = '\u00a0\u202f·—–…';

export const GENERATOR = 'epaper 0.1.0';

/**
 * The PDF's finishing (pdf-lib and the post-processing around it: a sixth of the command's modules
 * by size, 35 ms to compile and run cold) is loaded while Chromium prints, when the main thread
 * only waits, instead of before the build starts.
 */
let pdfFinishing: Promise<typeof import('./pdf-postprocess')> | undefined;
const loadPdfFinishing = () => (pdfFinishing ??= import('./pdf-postprocess'));

/**
 * How an edition is printed. Chromium holds the whole loaded document while it prints, about
 * 5 MB a page: a 200-page edition printed at once took it past 1 GB, so an edition longer than
 * `pagesPerPrint` is printed in equal parts, one after the other, each part's page released before
 * the next, and the parts are joined (pdf-join.ts). An edition up to that size prints in one
 * document, byte for byte as before.
 *
 * A renderer that prints several documents at once (a browser each, on a machine with a core for
 * each: `Renderer.concurrentRenders`) is given smaller parts, so that its browsers together hold
 * no more than one browser holding `pagesPerPrint` pages: each browser costs about
 * `browserInPages` pages' worth of memory of its own. With two browsers that is parts of at most
 * 14 pages. Measured on the 600-article edition (197 pages): Chromium's peak 270 MB for two
 * browsers printing parts of 12, against 282 MB for one printing parts of 49; two browsers
 * printing parts of 25 took 320 MB and the bench's process past 1 GiB. The 97-page edition
 * prints in 3.1–3.4 s against 4.4–4.6 with one browser (alternating runs; parts of 25 two at a
 * time were faster again, about 0.6 s).
 */
export const PRINT_POLICY = { pagesPerPrint: 48, browserInPages: 20 } as const;

/**
 * Page ranges [start, end), as equal as can be: parts of at most `perPrint` pages for one browser;
 * for `atOnce` browsers, an edition longer than that in parts whose documents and browsers
 * together weigh no more than one browser's (PRINT_POLICY), and as many as make every round full
 * (a round of fewer would leave a browser idle while the longest part prints).
 */
export function printParts(pageCount: number, perPrint: number, atOnce = 1, browserInPages: number = PRINT_POLICY.browserInPages): [number, number][] {
  // What one browser can hold prints as one document, however many browsers there are.
  if (pageCount <= perPrint) return [[0, pageCount]];
  const browsers = Math.max(1, atOnce);
  const perPart = Math.max(1, browsers === 1 ? perPrint : Math.floor((browserInPages + perPrint) / browsers - browserInPages));
  let parts = Math.max(1, Math.ceil(pageCount / perPart));
  if (parts > 1 && browsers > 1) parts = Math.min(pageCount, Math.ceil(parts / browsers) * browsers);
  return Array.from({ length: parts }, (_, i) => [Math.round((i * pageCount) / parts), Math.round(((i + 1) * pageCount) / parts)] as [number, number]);
}

/**
 * The order in which to start printing parts, by their documents' sizes: the largest first, so
 * that the last to start, when the browsers run out of parts to take, are the quickest, and no
 * browser waits long at the end for another's long part. Pages in order: the 97-page edition's
 * eight parts (353-400 KB of HTML) left one of the two browsers idle for a median 340-400 ms at
 * the end, against 90 ms largest first; the print took a median 3.13-3.16 s against 2.91-2.96 s
 * (two series of sixteen alternating rounds in one process). Ties keep page order.
 */
export function printOrder(documentSizes: readonly number[]): number[] {
  return documentSizes.map((_, index) => index).sort((a, b) => documentSizes[b] - documentSizes[a] || a - b);
}

/** Fitted photos per image processor by source hash and box, so a warm process never resizes the same photo twice. */
const fittedPhotos = new WeakMap<ImageProcessor, Map<string, Promise<Uint8Array>>>();
const FITTED_CACHE_LIMIT = 256;

/**
 * A photo fitted into a box: remembered by this processor, else taken from an earlier version
 * (`borrowed`, a cold render of a correction), else fitted. A borrowed photo that does not load
 * or check out is fitted instead.
 */
function fitCached(images: ImageProcessor, photo: CollectedPhoto, widthPx: number, heightPx: number, borrowed?: () => Promise<Uint8Array>): Promise<Uint8Array> {
  let remembered = fittedPhotos.get(images);
  if (!remembered) fittedPhotos.set(images, (remembered = new Map()));
  const key = `${photo.contentHash}:${widthPx}x${heightPx}`;
  let fitted = remembered.get(key);
  if (!fitted) {
    const cache = remembered;
    fitted = borrowed ? borrowed().catch(() => images.fit(photo.bytes, widthPx, heightPx)) : images.fit(photo.bytes, widthPx, heightPx);
    fitted.catch(() => cache.delete(key));
    if (cache.size >= FITTED_CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, fitted);
  }
  return fitted;
}

/**
 * What names a fit across versions: the photo's content and the processor's fit settings, hashed,
 * and the box. Undefined for a processor that does not say its settings: its fits are not lent.
 */
function fitKeyOf(images: ImageProcessor, photo: CollectedPhoto, widthPx: number, heightPx: number): string | undefined {
  if (images.fitSettings === undefined) return undefined;
  const made = createHash('sha256').update(`${photo.contentHash}\0${images.fitSettings}`).digest('hex').slice(0, 32);
  return `${made}:${widthPx}x${heightPx}`;
}

/** The page images a print starts with: every page's key, and the images remembered under them, by page index. */
interface PageImagesAtHand {
  readonly keys: readonly string[];
  readonly known: ReadonlyMap<number, EncodedPageImages>;
}

/** A print's result, with the page images it started with. */
interface Printed {
  readonly result: RenderResult;
  readonly atHand: PageImagesAtHand;
}

/** Pages whose earlier images are read at once (a page is three files). */
const EARLIER_PAGE_LOADS_AT_ONCE = 8;

/** SHA-256 of an asset's bytes, once per byte array: the faces are the same arrays in every build of a process. */
const bodyDigests = new WeakMap<Uint8Array, string>();
function bodyDigest(body: Uint8Array): string {
  const known = bodyDigests.get(body);
  if (known !== undefined) return known;
  const digest = createHash('sha256').update(body).digest('base64');
  bodyDigests.set(body, digest);
  return digest;
}

/**
 * A print begun before the photos were all fitted: the fitted photos as they come, and whether
 * every fit succeeded (known before the print, since the page waits for its photos), without
 * which the print is set aside.
 */
interface LatePhotos {
  readonly pending: ReadonlyMap<string, Promise<Asset>>;
  readonly kept: Promise<boolean>;
}

/** A page's two reader images (WebP at reading and thumbnail size) under their paths in the version. */
function readerImageFiles(page: number, images: EncodedPageImages): [string, Asset][] {
  return [
    [readerPaths.pageImage(page), { contentType: 'image/webp', body: images.reading }],
    [readerPaths.pageThumbnail(page), { contentType: 'image/webp', body: images.small }],
  ];
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Builds one edition from the inputs the source holds. */
export function buildEdition(deps: EditionDeps) {
  return async (request: EditionRequest): Promise<BuildOutcome> => {
    const started = performance.now();
    deps.renderer.prepare?.();
    const timings: Record<string, number> = {};
    const lap = (name: string, since: number) => {
      timings[name] = Math.round(performance.now() - since);
      return performance.now();
    };

    let t = performance.now();
    const source = new ReadOnceSource(deps.source);
    const collected = await collectInputs(source, deps.images, { date: request.date, today: request.today ?? isoDay(deps.now()) });
    const editionYaml = await readEditionConfig(source);
    const { config, warnings: configWarnings } = resolveLayoutConfig(editionYaml.config as Record<string, unknown>);
    const warnings: Warning[] = [...collected.warnings, ...editionYaml.warnings, ...configWarnings.map((message) => ({ file: 'edition.yaml', message }))];
    t = lap('parse', t);
    deps.logger.info(`parsed ${collected.articles.length} articles, rejected ${collected.rejected.length}`, { date: collected.date });
    const publication = request.publicationTime ?? deps.now().toISOString();
    // One spelling per section ("national" is edition.yaml's "National"), before anything reads it.
    const sectioned = canonicalSections(collected.articles, config.sections);
    warnings.push(...sectioned.warnings);
    const separated = separateHeld(sectioned.articles, publication);
    let articles = separated.printed;
    const held = separated.held;
    warnings.push(...separated.warnings);
    if (articles.length === 0) {
      const count = collected.rejected.length;
      const heldNote = held.length > 0 ? ` ${held.length} ${held.length === 1 ? 'story is' : 'stories are'} held or under embargo.` : '';
      return {
        ok: false,
        reason:
          count > 0
            ? `No article could be used for ${collected.date}: ${count} file${count === 1 ? ' was' : 's were'} rejected (see the reasons listed).${heldNote}`
            : held.length > 0
              ? `No article can be printed for ${collected.date}:${heldNote}`
              : `No article files (.md, .json, .txt) were found for ${collected.date}.`,
        rejected: collected.rejected,
        warnings,
      };
    }

    // The hyphenation patterns of the stories' languages besides English, read once per process.
    if (deps.resources.hyphenationPatterns) {
      const files = new Set(articles.flatMap((article) => patternFileFor(article.language) ?? []));
      for (const file of files) {
        try {
          useHyphenationPatterns(file, await deps.resources.hyphenationPatterns(file));
        } catch (error) {
          deps.logger.warn('hyphenation patterns not read; words in that language are not hyphenated', { file, error: String(error) });
        }
      }
    }
    const grid = gridFor(config);
    const fonts = fontBookFor(deps.resources.fonts, deps.resources.parseFont);
    const photoFacts = new Map<string, PhotoFacts>();
    for (const [ref, photo] of collected.photos) photoFacts.set(ref, { widthPx: photo.info.widthPx, heightPx: photo.info.heightPx });
    const printable = printablePhotos(articles, photoFacts, grid, DEFAULT_LAYOUT_POLICY);
    articles = printable.articles;
    warnings.push(...printable.warnings);
    const composition = composePages(articles, photoFacts, config, grid, fonts, undefined, () => performance.now());
    request.onComposed?.({ articles, config, grid, photos: photoFacts, composition });
    // Inside the compose step: the page planner's search and the typesetting around it.
    if (composition.stepMs) {
      timings.material = Math.round(composition.stepMs.material);
      timings.plan = Math.round(composition.stepMs.plan);
    }
    for (const problem of composition.problems) warnings.push({ file: 'layout', message: problem });
    if (composition.leftOut.length > 0) {
      const noRoom = new Set(composition.leftOut);
      held.push(...articles.filter((a) => noRoom.has(a.slug)).map((a) => ({ slug: a.slug, headline: a.headline, source: a.source, reason: 'no-room' as const })));
      articles = articles.filter((a) => !noRoom.has(a.slug));
    }
    const pixelsPerCssPx = config.maxPhotoPpi / 96;
    // Every photo's fit starts now, in sharp's threads, while the pages are measured and the fonts
    // chosen; they are taken in page order below, so assets, paths and warnings come out as when
    // they were fitted one by one.
    // `key` names the fit in photoPaths: a module's photo by its ref, a figure of the text by figurePhotoKey.
    const fitOf = (ref: string, key: string, name: string, box: { widthPx: number; heightPx: number }) => {
      const source = collected.photos.get(ref);
      if (!source) return [];
      const widthPx = Math.round(box.widthPx * pixelsPerCssPx);
      const heightPx = Math.round(box.heightPx * pixelsPerCssPx);
      const fitKey = fitKeyOf(deps.images, source, widthPx, heightPx);
      const fitted = fitCached(deps.images, source, widthPx, heightPx, fitKey === undefined ? undefined : request.earlierFittedPhotos?.get(fitKey));
      fitted.catch(() => {}); // reported below, in order
      return [{ ref, key, path: `assets/photos/${name}-${widthPx}x${heightPx}.jpg`, fitted, sourceHash: source.contentHash, fitKey }];
    };
    const fits = composition.pages.flatMap((page) =>
      page.modules.flatMap((module) => [
        ...(module.photo ? fitOf(module.photo.ref, module.photo.ref, module.slug, module.photo) : []),
        // A figure's name carries its photo's, so that two figures of one story never share a file.
        ...module.columns.flat().flatMap((unit) =>
          unit.kind === 'figure' && unit.photo ? fitOf(unit.photo.ref, figurePhotoKey(module.slug, unit.photo.ref), `${module.slug}-fig-${createHash('sha256').update(unit.photo.ref).digest('hex').slice(0, 8)}`, { widthPx: grid.columnWidth, heightPx: unit.photo.height }) : [],
        ),
      ]),
    );
    // The pages' measures (quality, fill) and the inputs' fingerprint are needed only after the
    // print: taken while Chromium prints (onPrinting), on a main thread that would only wait, or
    // after the print by a renderer that does not say when it prints.
    const priorities = new Map(articles.map((a) => [a.slug, a.priority]));
    const sections = new Map(articles.map((a) => [a.slug, a.section]));
    let measures: ReturnType<typeof measureEdition> | undefined;
    let fingerprinting: Promise<string> | undefined;
    const whilePrinting = () => {
      loadPdfFinishing().catch(() => {}); // awaited when the PDF is finished, which reports a failure
      measures ??= measureEdition(composition, grid, (slug) => priorities.get(slug), (slug) => sections.get(slug));
      if (!fingerprinting) {
        fingerprinting = request.fingerprint !== undefined ? Promise.resolve(request.fingerprint) : fingerprintInputs(source, request.date, publication);
        fingerprinting.catch(() => {}); // awaited after the print, which reports a failure; not if the print failed first
      }
    };

    // Fallback fonts only when the edition's text needs them; missing characters are named.
    const coverage = editionFontCoverage(articles, [config.paper, config.edition, config.insideTitle, config.continuedOn, config.continuedFrom, ...config.sections, ...config.houseAds.flatMap((ad) => [ad.headline, ad.text])], fonts);
    warnings.push(...coverage.warnings);
    // Everything a fallback can paint is in the edition's text, with the decompositions HarfBuzz
    // shapes with (Thai SARA AM is NIKHAHIT + SARA AA: without them the subset sets wider); ASCII
    // and the ellipsis the Inside box may add ride along.
    const subsetText = `${coverage.characters}${coverage.characters.normalize('NFD')}${coverage.characters.normalize('NFKD')} !"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_\`abcdefghijklmnopqrstuvwxyz{|}~…`;
    // What may print: that, and the spaces and marks the typesetter and the page write themselves.
    const printed = new Set([...`${subsetText}${LAYOUT_WRITTEN}`].map((ch) => ch.codePointAt(0)!));
    const assets = new Map<string, Asset>();
    const fontPaths = new Map<FaceKey, string>();
    for (const key of FACE_KEYS) {
      const path = `assets/fonts/${key}.ttf`;
      fontPaths.set(key, path);
      // Without the code points that share a glyph with a printed one and do not print: pdf.js
      // extracted every ’ as ʼ (font-cmap.ts).
      assets.set(path, { contentType: 'font/ttf', body: withoutUnprintedAliases(deps.resources.fonts.get(key)!, printed) });
    }
    const fallbackPaths = new Map<FallbackKey, string>();
    for (const key of FALLBACK_KEYS) {
      if (!coverage.fallbacks.has(key)) continue;
      const whole = deps.resources.fonts.get(key);
      if (!whole) continue;
      let body = whole;
      if (deps.resources.subsetFont) {
        try {
          body = await deps.resources.subsetFont(whole, subsetText);
        } catch (error) {
          deps.logger.warn(`could not subset the ${key} font; it is embedded whole`, { error: (error as Error).message });
        }
      }
      const path = `assets/fonts/${key}.ttf`;
      fallbackPaths.set(key, path);
      assets.set(path, { contentType: 'font/ttf', body: withoutUnprintedAliases(body, printed) });
    }
    // A fitted photo's path is known before sharp has fitted it: the HTML is written while sharp
    // works, and the fits are awaited after it (the "photos" step, before Chromium needs them).
    const expectedPhotoPaths = new Map(fits.map(({ key, path }) => [key, path]));
    const articlesBySlug = new Map(articles.map((a) => [a.slug, a]));
    const language = mostCommonLanguage(articles) ?? 'en';
    let emitInput = {
      composition,
      articles: articlesBySlug,
      config,
      grid,
      date: collected.date,
      language,
      printCss: deps.resources.templates.get('print.css') ?? '',
      fontPaths,
      fallbackPaths,
      photoPaths: expectedPhotoPaths as ReadonlyMap<string, string>,
      mastheadSizePx: mastheadSize(config.paper, grid, fonts),
      inside: fitInsideBox(config.insideTitle, composition.sections, grid, fonts, language),
    };
    let editionDocument = emitEditionDocument(emitInput);
    let html = editionHtmlOf(editionDocument);
    const printsAtOnce = Math.max(1, Math.floor(deps.renderer.concurrentRenders ?? 1));
    const parts = printParts(composition.pages.length, deps.pagesPerPrint ?? PRINT_POLICY.pagesPerPrint, printsAtOnce, deps.browserInPages ?? PRINT_POLICY.browserInPages);
    t = lap('compose', t);
    deps.logger.info(`composed ${composition.pages.length} pages`, { date: collected.date });

    // Which pages each story printed on: the outline, the manifest and the reader's article files.
    const pagesOf = new Map<string, number[]>();
    for (const page of composition.pages) {
      for (const module of page.modules) {
        const list = pagesOf.get(module.slug) ?? [];
        if (!list.includes(page.number)) list.push(page.number);
        pagesOf.set(module.slug, list);
      }
    }
    // Page images: one screenshot per page at reading size, scaled by sharp to the thumbnail sizes,
    // each encoded (in sharp's threads) as soon as the renderer has taken it, while it takes the next.
    const pageImageWidthPx = deps.images.encodePageImages ? request.pageImageWidthPx || 0 : 0;
    const pageImageSizes = {
      readingWidthPx: pageImageWidthPx,
      smallWidthPx: request.thumbnailWidthPx || 240,
      readingQuality: READER_POLICY.pageImageQuality,
      smallQuality: READER_POLICY.thumbnailImageQuality,
    };
    const encodings = new Map<Uint8Array, Promise<EncodedPageImages>>();
    const encodePageImage = (screenshot: Uint8Array): Promise<EncodedPageImages> => {
      let encoding = encodings.get(screenshot);
      if (!encoding) {
        encoding = deps.images.encodePageImages!(screenshot, pageImageSizes);
        encoding.catch(() => {}); // awaited below, in page order
        encodings.set(screenshot, encoding);
      }
      return encoding;
    };
    // Each page's images are handed to the publisher as soon as they are encoded, so that it
    // stores them while the next pages are screenshot rather than after the last one.
    const handOverPageImages = (pageIndex: number, images: EncodedPageImages) => {
      if (!request.onFilesReady) return;
      const files = new Map(readerImageFiles(pageIndex + 1, images));
      // The manifest's PNG thumbnail, made from the same screenshot when thumbnails are asked for.
      if (request.thumbnailWidthPx) files.set(thumbnailPath(pageIndex + 1), { contentType: 'image/png', body: images.thumbnailPng });
      request.onFilesReady(files);
    };
    const pageImageTaken = (pageIndex: number, screenshot: Uint8Array) => {
      encodePageImage(screenshot).then(
        (images) => handOverPageImages(pageIndex, images),
        () => {}, // reported below, where every encoding is awaited
      );
    };
    // A page built before in this process, with the same markup, styles, faces and photos, has the
    // same images: they are not taken again (page-image-memory.ts). A photo is named by its fit
    // key (its source's content and the fit settings, with the box), since its fit may not be done
    // when the print starts: a fit made otherwise after a deploy is another picture. A processor
    // without fit settings names it by its source's hash.
    const photoIdentities = new Map(fits.map(({ path, sourceHash, fitKey }) => [path, fitKey !== undefined ? `fit ${fitKey}` : `photo ${sourceHash}`]));
    const assetIdentity = (path: string): string => {
      const photo = photoIdentities.get(path);
      if (photo !== undefined) return photo;
      const body = assets.get(path)?.body;
      return body ? `bytes ${bodyDigest(body)}` : 'none';
    };
    const pageImagesFor = async (document: EditionDocument): Promise<PageImagesAtHand> => {
      if (!pageImageWidthPx) return { keys: [], known: new Map() };
      const keys = pageImageKeys(document, { sizes: pageImageSizes, widthMm: config.widthMm, heightMm: config.heightMm, thumbnails: Boolean(request.thumbnailWidthPx), assetIdentity });
      const known = recallPageImages(deps.images, keys);
      // What this process does not remember, an earlier version may hold (a cold render of a
      // correction): loaded and checked before the print, so that a page whose files fail to load
      // is screenshot like any other.
      const earlier = request.earlierPageImages;
      if (earlier && earlier.size > 0) {
        let failed = 0;
        // A few pages at a time (three files each): a long edition's correction asks for hundreds.
        await mapLimited(keys, EARLIER_PAGE_LOADS_AT_ONCE, async (key, index) => {
          const load = known.has(index) ? undefined : earlier.get(key);
          if (load) await load().then((images) => void known.set(index, images), () => void failed++);
        });
        if (failed > 0) deps.logger.warn(`${failed} page ${failed === 1 ? 'image' : 'images'} of an earlier version could not be used; ${failed === 1 ? 'that page is' : 'those pages are'} screenshot again`);
      }
      return { keys, known };
    };
    const renderOptionsFrom = (firstPage: number, pageCount: number, atHand: PageImagesAtHand, late?: LatePhotos): RenderOptions => {
      const known = new Set<number>();
      for (const index of atHand.known.keys()) if (index >= firstPage && index < firstPage + pageCount) known.add(index - firstPage);
      return {
        widthMm: config.widthMm,
        heightMm: config.heightMm,
        thumbnailWidthPx: request.thumbnailWidthPx || undefined,
        onPrinting: whilePrinting,
        ...(pageImageWidthPx
          ? {
              pageImageWidthPx,
              // A print that may be set aside (LatePhotos) hands over nothing until it is known kept.
              onPageImage: (index: number, image: Uint8Array) =>
                late ? void late.kept.then((kept) => kept && pageImageTaken(firstPage + index, image)) : pageImageTaken(firstPage + index, image),
              ...(known.size > 0 ? { pageImagesKnown: known } : {}),
            }
          : {}),
        ...(late ? { pendingAssets: late.pending } : {}),
      };
    };
    // The PDF's outline and metadata, added to the printed bytes.
    const finishPdf = async (printed: Uint8Array): Promise<Uint8Array> => {
      whilePrinting();
      const fingerprint = await fingerprinting!;
      const outline: OutlineItem[] = [];
      const frontArticles = composition.pages[0].modules.filter((m) => m.continuedFrom === undefined).map((m) => articlesBySlug.get(m.slug)!);
      outline.push({ title: 'Front page', pageIndex: 0, children: frontArticles.map((a) => ({ title: a.headline, pageIndex: 0 })) });
      for (const section of composition.sections) {
        const children = articles
          .filter((a) => a.section === section.name)
          .map((a) => ({ title: a.headline, pageIndex: (pagesOf.get(a.slug)?.find((p) => p > 1) ?? pagesOf.get(a.slug)?.[0] ?? section.page) - 1 }))
          .sort((a, b) => a.pageIndex - b.pageIndex);
        outline.push({ title: section.name, pageIndex: section.page - 1, children });
      }
      const { finalizePdf } = await loadPdfFinishing();
      return finalizePdf(printed, {
        title: `${isolatedIfRightToLeft(config.paper)} — ${collected.date}`,
        author: config.paper,
        subject: `${isolatedIfRightToLeft(config.edition)}, ${collected.date}`,
        language,
        keywords: composition.sections.map((s) => s.name),
        date: new Date(`${collected.date}T00:00:00Z`),
        fingerprint,
        outline,
      });
    };
    // An edition printed as one document is finished as soon as Chromium hands the print over, and
    // handed to the publisher to store while the page images are taken, rather than after them.
    let finishing: { printed: Uint8Array; pdf: Promise<Uint8Array> } | undefined;
    const finishOnPrinted = (printed: Uint8Array) => {
      finishing = { printed, pdf: finishPdf(printed) };
      finishing.pdf.then(
        (pdf) => request.onFilesReady?.(new Map([['edition.pdf', { contentType: 'application/pdf', body: pdf }]])),
        () => {}, // awaited after the render, which reports it
      );
    };
    /** Prints the edition: as one document, or in parts `printsAtOnce` at a time, joined. */
    const print = async (documentHtml: string, document: EditionDocument, late?: LatePhotos): Promise<Printed> => {
      const atHand = await pageImagesFor(document);
      // The remembered pages' images go to the publisher at once (once the print is known kept).
      for (const [index, images] of atHand.known) {
        if (late) void late.kept.then((kept) => kept && handOverPageImages(index, images));
        else handOverPageImages(index, images);
      }
      return { result: await printDocument(documentHtml, document, atHand, late), atHand };
    };
    const printDocument = async (documentHtml: string, document: EditionDocument, atHand: PageImagesAtHand, late?: LatePhotos): Promise<RenderResult> => {
      if (parts.length === 1) {
        return deps.renderer.render(documentHtml, assets, {
          ...renderOptionsFrom(0, document.pages.length, atHand, late),
          onPrinted: late ? (printed) => void late.kept.then((kept) => kept && finishOnPrinted(printed)) : finishOnPrinted,
          // Nothing else prints before the next edition, and what follows (encoding the last page
          // images, storing the version) needs no Chromium: its page's memory is handed back when
          // the next build starts, not on the way to the published version.
          releaseAfterReturn: true,
        });
      }
      // Each part is its own document: the same HTML head and styles, only its pages, made when it
      // starts, the largest first (printOrder), joined in page order. A browser may load its next
      // part into the page of its last (moreToFollow); what the browsers kept is handed back while
      // the parts are joined.
      const sizes = parts.map(([start, end]) => document.pages.slice(start, end).reduce((sum, page) => sum + page.length, 0));
      const printed: RenderResult[] = new Array(parts.length);
      await mapLimited(printOrder(sizes), printsAtOnce, async (index) => {
        const [start, end] = parts[index];
        printed[index] = await deps.renderer.render(editionHtmlOf(document, start, end), assets, { ...renderOptionsFrom(start, end - start, atHand, late), moreToFollow: true });
      });
      const settling = deps.renderer.settle?.();
      settling?.catch(() => {}); // awaited after the join
      const { joinPdfs } = await import('./pdf-join');
      const pdf = await joinPdfs(printed.map((part) => part.pdf));
      await settling;
      return {
        pdf,
        blockedRequests: printed.flatMap((part) => part.blockedRequests),
        ...(printed.every((part) => part.thumbnails) ? { thumbnails: printed.flatMap((part) => part.thumbnails!) } : {}),
        ...(printed.every((part) => part.pageImages) ? { pageImages: printed.flatMap((part) => part.pageImages!) } : {}),
      };
    };

    // The photos have been fitting in sharp's threads since the pages were planned. A renderer that
    // serves assets as they become ready prints now: Chromium loads the pages (the HTML, the faces,
    // the layout) while the fits finish, and gets each photo once it is fitted (the cold 30-article
    // build waited 50-100 ms for them before Chromium could start). Should a fit fail, that print is
    // set aside, having handed over nothing, and the edition printed again without the photo, as
    // for a renderer that does not serve them.
    const fittedAssets = new Map<string, Promise<Asset>>();
    for (const { path, fitted } of fits) {
      const asset = fitted.then((body): Asset => ({ contentType: 'image/jpeg', body }));
      asset.catch(() => {}); // reported below; a renderer serving it fails that request
      fittedAssets.set(path, asset);
    }
    let printing: Promise<Printed> | undefined;
    if (fits.length > 0 && deps.renderer.servesPendingAssets) {
      const kept = Promise.allSettled(fits.map(({ fitted }) => fitted)).then((settled) => settled.every((fit) => fit.status === 'fulfilled'));
      printing = print(html, editionDocument, { pending: fittedAssets, kept });
      printing.catch(() => {}); // awaited below
    }

    const photoPaths = new Map<string, string>();
    for (const { ref, key, path } of fits) {
      if (!assets.has(path)) {
        try {
          assets.set(path, await fittedAssets.get(path)!);
        } catch (error) {
          warnings.push({ file: ref, message: `the photo could not be prepared and was left out (${(error as Error).message})` });
          continue;
        }
      }
      photoPaths.set(key, path);
    }
    // A photo that could not be fitted is left out: the HTML is written again without it.
    if (photoPaths.size !== expectedPhotoPaths.size || [...expectedPhotoPaths].some(([ref, path]) => photoPaths.get(ref) !== path)) {
      emitInput = { ...emitInput, photoPaths };
      editionDocument = emitEditionDocument(emitInput);
      html = editionHtmlOf(editionDocument);
      // The print begun with the photo is set aside once it has ended (it handed nothing over).
      if (printing) await printing.catch(() => undefined);
      printing = undefined;
    }
    t = lap('photos', t);

    // The reader's article text and search index: the stories as parsed, with the photo as printed.
    const readerFiles = new Map<string, Asset>();
    if (request.readerFiles) {
      const readerArticles = articles.map((a) => readerArticle(a, pagesOf.get(a.slug) ?? [], a.image ? photoPaths.get(a.image.ref) : undefined, (ref) => photoPaths.get(figurePhotoKey(a.slug, ref))));
      for (const article of readerArticles) {
        readerFiles.set(readerPaths.article(article.slug), { contentType: 'application/json', body: new TextEncoder().encode(JSON.stringify(article)) });
      }
      readerFiles.set(readerPaths.search, { contentType: 'application/json', body: new TextEncoder().encode(buildSearchIndex(readerArticles)) });
      t = lap('readerFiles', t);
    }
    // Everything of the edition that does not depend on the print, handed over before printing so
    // that a publisher can store it while Chromium works.
    request.onFilesReady?.(new Map<string, Asset>([...assets, ['edition.html', { contentType: EDITION_HTML_TYPE, body: new TextEncoder().encode(html) }], ...readerFiles]));

    const { result: rendered, atHand } = await (printing ?? print(html, editionDocument));
    if (rendered.blockedRequests.length > 0) {
      deps.logger.warn(`the renderer refused ${rendered.blockedRequests.length} requests`, { blocked: rendered.blockedRequests.slice(0, 20) });
    }
    t = lap('render', t);
    let thumbnails = rendered.thumbnails ?? [];
    if (pageImageWidthPx && rendered.pageImages) {
      const shots = rendered.pageImages;
      const encoded = await Promise.all(
        composition.pages.map(async (_, i) => {
          const shot = shots[i];
          const images = shot ? await encodePageImage(shot) : atHand.known.get(i);
          if (!images) throw new Error(`the renderer took no image of page ${i + 1}`);
          return images;
        }),
      );
      encoded.forEach((images, i) => {
        rememberPageImages(deps.images, atHand.keys[i], images);
        for (const [path, file] of readerImageFiles(i + 1, images)) readerFiles.set(path, file);
      });
      if (request.thumbnailWidthPx) thumbnails = encoded.map((images) => images.thumbnailPng);
      t = lap('pageImages', t);
    }

    whilePrinting();
    const editionMeasures = measures!;
    const fingerprint = await fingerprinting!;
    // Finished while the page images were taken, when the renderer handed the print over first.
    const pdf = finishing?.printed === rendered.pdf ? await finishing.pdf : await finishPdf(rendered.pdf);
    t = lap('postprocess', t);
    timings.total = Math.round(performance.now() - started);

    // The photos the edition prints, with what names each fit across versions.
    const fittedPhotosOfEdition = fits.flatMap(({ key, path, fitKey }) => (fitKey !== undefined && photoPaths.get(key) === path ? [[path, fitKey] as const] : []));
    // The photos printed in a story's text, for its manifest entry (absent rather than empty).
    const figuresOf = (a: (typeof articles)[number]) => {
      const figures = a.body.flatMap((block) => (block.kind === 'figure' && photoPaths.has(figurePhotoKey(a.slug, block.ref)) ? [block.ref] : []));
      return figures.length > 0 ? { figures } : {};
    };
    const manifest: Manifest = {
      date: collected.date,
      pdf: 'edition.pdf',
      pageCount: composition.pages.length,
      fingerprint,
      paper: config.paper,
      edition: config.edition,
      generatedBy: GENERATOR,
      language,
      ...(writtenRightToLeft(language) ? { direction: 'rtl' as const } : {}),
      pages: composition.pages.map((page, i) => {
        const measured = pageMeasuresForManifest(editionMeasures.pages[i]);
        return {
          number: page.number,
          section: page.section,
          sections: page.sections,
          articles: [...new Set(page.modules.map((m) => m.slug))],
          // The old field, now honest: article ink only, never the house ads.
          fill: Math.round(measured.articleShare * 1000) / 1000,
          ...measured,
          ...(thumbnails.length > 0 ? { thumbnail: thumbnailPath(page.number) } : {}),
          widthPx: Math.round(grid.pageWidth * 100) / 100,
          heightPx: Math.round(grid.pageHeight * 100) / 100,
          links: pageLinks(page, grid),
          ...(readerFiles.has(readerPaths.pageImage(page.number))
            ? { image: readerPaths.pageImage(page.number), imageSmall: readerPaths.pageThumbnail(page.number), ...(atHand.keys[i] ? { imageKey: atHand.keys[i] } : {}) }
            : {}),
        };
      }),
      ...(fittedPhotosOfEdition.length > 0 ? { fittedPhotos: Object.fromEntries(fittedPhotosOfEdition) } : {}),
      quality: qualityForManifest(editionMeasures.quality),
      ...(composition.short ? { short: true } : {}),
      articles: articles.map((a) => ({
        slug: a.slug,
        headline: a.headline,
        section: a.section,
        source: a.source,
        photo: a.image && photoPaths.has(a.image.ref) ? a.image.ref : null,
        ...figuresOf(a),
        pages: pagesOf.get(a.slug) ?? [],
        language: a.language,
        ...(writtenRightToLeft(a.language) ? { direction: 'rtl' as const } : {}),
        ...(a.embargo ? { embargo: a.embargo } : {}),
      })),
      ...(held.length > 0 ? { held } : {}),
      rejected: collected.rejected,
      warnings,
      ...(collected.ignored.length > 0 ? { ignored: collected.ignored } : {}),
    };
    return {
      ok: true,
      edition: {
        date: collected.date,
        fingerprint,
        pdf,
        html,
        assets,
        thumbnails,
        readerFiles,
        manifest,
        timings,
      },
    };
  };
}

