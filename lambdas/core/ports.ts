/**
 * Ports: what the pure core asks of the outside world. Adapters in `lambdas/adapters` implement
 * them (file system, S3, Chromium, sharp); tests pass fakes.
 */

/** One entry of an input folder or S3 prefix. Names are relative to the root, "/"-separated. */
export interface InputEntry {
  readonly name: string;
  readonly size: number;
  /** Anything but a regular file (a symlink, a device) is refused by the use case. */
  readonly kind: 'file' | 'symlink' | 'other';
  /** Why the source cannot offer the entry at all (a name that is not UTF-8): refused with this reason. */
  readonly problem?: string;
  /**
   * What the store calls this entry's bytes (S3's ETag, bare), when a store lists it: a photo that
   * carries one is fingerprinted by it instead of by its bytes (fingerprint.ts), so that the render
   * need not fetch a photo no story names.
   */
  readonly etag?: string;
}

/** Read access to one edition's inputs (a folder on disk, or `articles/<date>/` in S3). */
export interface InputSource {
  /** Every entry under the root, recursively, sorted by name. */
  list(): Promise<InputEntry[]>;
  /** The bytes of one entry. Rejects for names that leave the root or are not regular files. */
  read(name: string): Promise<Uint8Array>;
}

/** A file the printed page loads, answered from memory by the renderer. */
export interface Asset {
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** Options for printing one edition. */
export interface RenderOptions {
  readonly widthMm: number;
  readonly heightMm: number;
  /** When set, also return one PNG per page (elements with class `page`), this many pixels wide. */
  readonly thumbnailWidthPx?: number;
  /**
   * When set, return `pageImages` instead of `thumbnails`: one PNG per page this many pixels wide,
   * from which the caller makes the reader's page images and the thumbnails (one screenshot per
   * page). A renderer that cannot may ignore it and answer `thumbnailWidthPx` as before.
   */
  readonly pageImageWidthPx?: number;
  /**
   * Called with each page image as soon as it is taken (index from 0 in this render), so that the
   * caller can encode it while the next one is taken; `pageImages` still holds them all.
   */
  readonly onPageImage?: (pageIndex: number, image: Uint8Array) => void;
  /**
   * Pages (indexes from 0 in this render) whose images the caller already has, from an earlier
   * build of the same page: not taken, and `undefined` in `pageImages`. A renderer may take them
   * anyway.
   */
  readonly pageImagesKnown?: ReadonlySet<number>;
  /**
   * Called once the edition has loaded and Chromium prints it: the caller's own work done then
   * (measuring the pages, hashing the inputs) runs beside the print instead of before it.
   */
  readonly onPrinting?: () => void;
  /**
   * Called with the printed PDF as soon as Chromium hands it over, before any page image is taken,
   * so that the caller can finish and store it meanwhile; `pdf` still holds the same bytes.
   */
  readonly onPrinted?: (pdf: Uint8Array) => void;
  /**
   * The caller prints nothing else until the next edition and has work of its own after this
   * render (encoding, storing): the renderer may hand the document's memory back after returning
   * rather than before. A renderer that keeps documents apart anyway may ignore it. The caller of
   * a long edition's parts leaves it unset: each part's memory must be back before the join.
   */
  readonly releaseAfterReturn?: boolean;
  /**
   * Another document of the same edition follows (a long edition's parts): the renderer may keep
   * what it set up for this one (Chromium's page) for the next render, until `settle()`, which the
   * caller calls once the last has returned. @default false
   */
  readonly moreToFollow?: boolean;
  /**
   * Assets still being made when the render starts (the fitted photos, in the image library's
   * threads), by the same keys as the assets: a request for one is answered once it is ready, and
   * failed if it fails. Given only to a renderer that serves them (Renderer.servesPendingAssets).
   */
  readonly pendingAssets?: ReadonlyMap<string, Promise<Asset>>;
}

/** What the renderer saw besides the PDF: requests it refused (hostile or broken references). */
export interface RenderResult {
  readonly pdf: Uint8Array;
  readonly blockedRequests: readonly string[];
  /** One PNG per page, in page order, when `thumbnailWidthPx` was given. */
  readonly thumbnails?: readonly Uint8Array[];
  /**
   * One PNG per page, in page order, when `pageImageWidthPx` was given; `undefined` for a page
   * not taken (`pageImagesKnown`).
   */
  readonly pageImages?: readonly (Uint8Array | undefined)[];
}

/**
 * Turns composed HTML into PDF bytes. The HTML is served at `https://edition.invalid/edition.html`;
 * relative URLs such as `assets/fonts/body.ttf` resolve against it and are answered from `assets`
 * (keys are those relative paths). Everything else is refused.
 */
export interface Renderer {
  /** Optional: start any slow setup (a browser launch) now, so that it overlaps other work. */
  prepare?(): void;
  /**
   * How many render calls it runs at once to gain time (a browser of its own for each); a long
   * edition's parts are printed that many at a time. @default 1
   */
  readonly concurrentRenders?: number;
  /**
   * Answers RenderOptions.pendingAssets: a request for one waits until it is ready. A renderer
   * without it is given every asset ready. @default false
   */
  readonly servesPendingAssets?: boolean;
  render(html: string, assets: ReadonlyMap<string, Asset>, options: RenderOptions): Promise<RenderResult>;
  /**
   * Optional: hands back what earlier renders kept after returning (`releaseAfterReturn`,
   * `moreToFollow`) and resolves once it has, so that a measure of the next render starts from a
   * renderer at rest.
   */
  settle?(): Promise<void>;
}

/** Facts of a photo: format, and size as displayed (EXIF orientation applied). */
export interface ImageInfo {
  readonly format: 'jpeg' | 'png' | 'webp';
  readonly widthPx: number;
  readonly heightPx: number;
  /**
   * The credit the photo's own metadata gives (IPTC Credit Line and By-line, XMP photoshop:Credit
   * and dc:creator: photo-credit.ts), raw; printed when the article gives none.
   */
  readonly credit?: string;
}

/** Photo handling (sharp in production). */
export interface ImageProcessor {
  /**
   * Judges the header first (nothing oversized is decoded), then decodes at a small size to prove
   * the data whole; throws an Error with a readable message for corrupt, truncated or unsupported data.
   */
  probe(bytes: Uint8Array): Promise<ImageInfo>;
  /**
   * Everything besides the photo and the box that decides a fit's bytes (the library's version,
   * the resampling, the encoder's settings): a fitted photo is taken from an earlier version only
   * when it was made with the same. Absent: never taken.
   */
  readonly fitSettings?: string;
  /**
   * Crops to the aspect ratio of the box (centre) and scales down to at most the given pixel size;
   * never scales up. Returns a JPEG.
   */
  fit(bytes: Uint8Array, widthPx: number, heightPx: number): Promise<Uint8Array>;
  /**
   * The reader's images of one page screenshot (WebP or PNG): WebP at reading size (the screenshot
   * itself when it is WebP no wider than `readingWidthPx`), WebP at `smallWidthPx`, and a PNG
   * thumbnail at `smallWidthPx` (the format the manifest's `thumbnail` has always had). Optional:
   * without it no page images are made.
   */
  encodePageImages?(screenshot: Uint8Array, sizes: PageImageSizes): Promise<EncodedPageImages>;
}

export interface PageImageSizes {
  readonly readingWidthPx: number;
  readonly smallWidthPx: number;
  readonly readingQuality: number;
  readonly smallQuality: number;
}

export interface EncodedPageImages {
  readonly reading: Uint8Array;
  readonly small: Uint8Array;
  readonly thumbnailPng: Uint8Array;
}

/** Progress and diagnostics. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}
