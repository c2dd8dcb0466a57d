/**
 * Photo handling with sharp. The header is read and judged before any pixel is decoded: a small
 * file can declare a gigapixel image, and decoding it would take the function's memory with it.
 */
import sharp from 'sharp';
import { checkJpegScans, checkPhotoBytes, checkPhotoPixels, MAX_JPEG_SCANS, MAX_PHOTO_PIXELS, PHOTO_DECODE_BUDGET_BYTES } from '../core/limits';
import { embeddedPhotoCredit } from '../core/photo-credit';
import type { EncodedPageImages, ImageInfo, ImageProcessor, PageImageSizes } from '../core/ports';

// libvips's operation cache (sharp's default: 100 operations) kept each JPEG load it had run, and
// with it libjpeg's decoder: a progressive JPEG's, its coefficients of the whole image, about 300 MB
// for 48 megapixels, uncounted by the cache's own 50 MB. Eight such photos left a process at 1.3 GB
// after its build, a warm render function's or `epaper dev`'s for good. No build runs an operation
// twice on the same input (a probe and a fit differ), so the cache saved nothing.
sharp.cache(false);

/** JPEG quality of fitted photos: visually clean at print sizes, a fraction of the source bytes. */
export const FITTED_JPEG_QUALITY = 82;

/** How fit() resamples and encodes: kept in one place, so that `fitSettings` says what it does. */
const FIT_RESIZE = { fit: 'cover', position: 'centre', kernel: 'lanczos3' } as const;
const FIT_JPEG = { quality: FITTED_JPEG_QUALITY, mozjpeg: false, progressive: false, chromaSubsampling: '4:2:0' } as const;
/** Raise when fit() changes what it makes in a way the settings above do not show (its crop, say). */
const FIT_METHOD = 1;

/** Size the probe decodes a photo to, to prove its data whole without paying for full size. */
const PROBE_DECODE_PX = 64;

const FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp']);

/** Signatures of the formats we print, and of the ones people upload instead (for the message). */
const SIGNATURES: readonly { readonly format: string; readonly at: number; readonly bytes: readonly number[] }[] = [
  { format: 'jpeg', at: 0, bytes: [0xff, 0xd8, 0xff] },
  { format: 'png', at: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { format: 'gif', at: 0, bytes: [0x47, 0x49, 0x46, 0x38] },
  { format: 'tiff', at: 0, bytes: [0x49, 0x49, 0x2a, 0x00] },
  { format: 'tiff', at: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { format: 'heif or avif', at: 4, bytes: [0x66, 0x74, 0x79, 0x70] },
  { format: 'pdf', at: 0, bytes: [0x25, 0x50, 0x44, 0x46] },
  { format: 'bmp', at: 0, bytes: [0x42, 0x4d] },
];

/** The image format a file's first bytes announce (WebP: `RIFF` … `WEBP`; a web page: `<!doctype html` or `<html`; SVG or other markup: a `<`), else undefined. */
export function sniffedImageFormat(bytes: Uint8Array): string | undefined {
  const has = (at: number, expected: readonly number[]) => bytes.length >= at + expected.length && expected.every((b, i) => bytes[at + i] === b);
  if (has(0, [0x52, 0x49, 0x46, 0x46]) && has(8, [0x57, 0x45, 0x42, 0x50])) return 'webp';
  const found = SIGNATURES.find((signature) => has(signature.at, signature.bytes));
  if (found) return found.format;
  // Markup (SVG, HTML, XML), after an optional byte-order mark and white space.
  let i = has(0, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (i < bytes.length && i < 1024 && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  if (bytes[i] !== 0x3c) return undefined;
  // A web page saved under the photo's name (a browser's "Save image as" on a page that would not
  // serve the picture) was reported as "svg (markup)", which sent the desk looking for a drawing.
  const opening = new TextDecoder().decode(bytes.subarray(i, i + 64)).toLowerCase();
  return opening.startsWith('<!doctype html') || opening.startsWith('<html') ? 'html (a web page, not a photo)' : 'svg (markup)';
}

/**
 * The scans (SOS markers) of a JPEG, counted from its markers without decoding anything, and no
 * further than `stopAfter` + 1: a segment is skipped by its length, a scan's entropy-coded data to
 * the next marker (0xFF not followed by a stuffed 0x00 or a restart marker). A damaged file is
 * counted as far as it goes; libvips judges the rest.
 */
export function jpegScanCount(bytes: Uint8Array, stopAfter = MAX_JPEG_SCANS): number {
  let scans = 0;
  let at = 2; // after SOI
  while (at < bytes.length) {
    at = bytes.indexOf(0xff, at);
    if (at < 0) break;
    while (bytes[at] === 0xff) at++; // fill bytes before a marker
    const marker = bytes[at++];
    if (marker === undefined || marker === 0xd9) break; // end of file or EOI
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue; // markers without a length
    at += (bytes[at] << 8) | bytes[at + 1];
    if (marker !== 0xda) continue;
    if (++scans > stopAfter) break;
    // The scan's data runs to the next marker that is neither a stuffed byte nor a restart.
    for (;;) {
      at = bytes.indexOf(0xff, at);
      if (at < 0) return scans;
      const next = bytes[at + 1];
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) at += 2;
      else if (next === 0xff) at += 1;
      else break;
    }
  }
  return scans;
}

/** Orientation values 5–8 store the picture rotated by 90°: width and height swap on display. */
function isQuarterTurned(orientation: number | undefined): boolean {
  return orientation !== undefined && orientation >= 5 && orientation <= 8;
}

/** What a probe learnt of a photo that fit() needs: its stored size, EXIF orientation and the memory its decode holds. */
interface ProbedHeader {
  readonly width: number;
  readonly height: number;
  readonly orientation: number | undefined;
  readonly decodeBytes: number;
}

/**
 * The memory a decode of a photo holds at once where it holds the whole image: a progressive JPEG
 * keeps every DCT coefficient until its last scan (2 bytes a sample, counted without chroma
 * subsampling, so twice a 4:2:0 photo's), an interlaced PNG its whole image until its last pass. 0
 * for the others, which libvips decodes a strip at a time. Measured at 48–49 megapixels: a
 * progressive 4:2:0 JPEG 180 MB (estimated 288), a 16-bit RGBA interlaced PNG 460 MB (392), an
 * 8-bit RGB one 195 MB (147); a baseline JPEG 30 MB, a WebP 60–125 MB.
 */
export function wholeDecodeBytes(format: string, header: Pick<sharp.Metadata, 'width' | 'height' | 'channels' | 'depth' | 'isProgressive'>): number {
  if (!header.isProgressive) return 0;
  const samples = (header.width ?? 0) * (header.height ?? 0) * (header.channels ?? 3);
  if (format === 'jpeg') return samples * 2;
  if (format === 'png') return samples * (header.depth === 'ushort' ? 2 : 1);
  return 0;
}

/**
 * Runs tasks whose memory costs together stay within a budget, in the order they come; a task
 * larger than the budget runs alone. A task that costs nothing runs at once.
 */
class MemoryGate {
  private inUse = 0;
  private readonly waiting: { readonly cost: number; readonly go: () => void }[] = [];

  constructor(private readonly budgetBytes: number) {}

  async run<T>(cost: number, task: () => Promise<T>): Promise<T> {
    if (cost <= 0) return task();
    await new Promise<void>((go) => {
      this.waiting.push({ cost, go });
      this.admit();
    });
    try {
      return await task();
    } finally {
      this.inUse -= cost;
      this.admit();
    }
  }

  private admit(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0];
      if (this.inUse > 0 && this.inUse + next.cost > this.budgetBytes) return;
      this.waiting.shift();
      this.inUse += next.cost;
      next.go();
    }
  }
}

/** Photo probing and fitting with sharp/libvips. */
/** A page screenshot at most this much wider than the reading size is cropped to it, not resampled. */
const MAX_CROPPED_PX = 2;

export class SharpImages implements ImageProcessor {
  /**
   * Photos this instance has probed and judged whole, by their bytes (the same array the build
   * hands to fit): fitting one of them skips a second probe (two header parses and a small decode,
   * about a fifth of a fit). Other bytes are probed first, as before.
   */
  private readonly probed = new WeakMap<Uint8Array, ProbedHeader>();

  /**
   * The decodes that hold a whole photo, kept within PHOTO_DECODE_BUDGET_BYTES together. Started at
   * once, every probe and fit ran in sharp's four threads side by side: four interlaced 16-bit PNGs
   * of 49 megapixels (600 KB files) took the build to 1.8 GB. The budget is the processor's, and a
   * process makes one (the command, the render function, `epaper dev`).
   */
  private readonly decodes: MemoryGate;

  constructor(options: { readonly decodeBudgetBytes?: number } = {}) {
    this.decodes = new MemoryGate(options.decodeBudgetBytes ?? PHOTO_DECODE_BUDGET_BYTES);
  }

  readonly fitSettings = JSON.stringify({ method: FIT_METHOD, libvips: sharp.versions.vips, resize: FIT_RESIZE, flatten: '#ffffff', jpeg: FIT_JPEG });

  /**
   * Header facts, with width and height as displayed (EXIF orientation applied), after a small
   * decode proves the data whole; throws a readable Error for unsupported, corrupt, truncated or
   * oversized photos.
   */
  async probe(bytes: Uint8Array): Promise<ImageInfo> {
    const size = checkPhotoBytes(bytes.byteLength);
    if (!size.ok) throw new Error(size.reason);
    // Judged by its first bytes before libvips sees it: libvips picks a loader by content, not by
    // name, and an SVG named .jpg went to librsvg, which parsed and measured the whole document
    // first (a 3 KB file of nested <use> with a blur took 25–30 s of CPU; ten of them, a render).
    const sniffed = sniffedImageFormat(bytes);
    if (sniffed === undefined) throw new Error('not a readable image (its bytes are not those of a JPEG, PNG or WebP file)');
    if (!FORMATS.has(sniffed)) throw new Error(`the image format ${sniffed} is not supported; use JPEG, PNG or WebP`);
    if (sniffed === 'jpeg') {
      const scans = checkJpegScans(jpegScanCount(bytes));
      if (!scans.ok) throw new Error(scans.reason);
    }
    let metadata: sharp.Metadata;
    try {
      // limitInputPixels off: metadata() only parses the header, and we judge the size ourselves.
      metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
    } catch (error) {
      throw new Error(`not a readable image (${(error as Error).message.split('\n')[0]})`);
    }
    const format = metadata.format === 'jpg' ? 'jpeg' : metadata.format;
    if (!format || !FORMATS.has(format)) {
      throw new Error(`the image format ${format ?? 'unknown'} is not supported; use JPEG, PNG or WebP`);
    }
    const storedWidth = metadata.width ?? 0;
    const storedHeight = metadata.height ?? 0;
    const pixels = checkPhotoPixels(storedWidth, storedHeight);
    if (!pixels.ok) throw new Error(pixels.reason);
    // A valid header says nothing of the data behind it: a truncated or damaged file is decoded
    // now, small (JPEG shrinks on load), so that it never gets a box on the page.
    const decodeBytes = wholeDecodeBytes(format, metadata);
    try {
      await this.decodes.run(decodeBytes, () =>
        sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, failOn: 'truncated', sequentialRead: true })
          .resize(PROBE_DECODE_PX, PROBE_DECODE_PX, { fit: 'inside', withoutEnlargement: true })
          .raw()
          .toBuffer(),
      );
    } catch (error) {
      throw new Error(`the image data is damaged or incomplete and cannot be decoded (${(error as Error).message.split('\n')[0]})`);
    }
    this.probed.set(bytes, { width: storedWidth, height: storedHeight, orientation: metadata.orientation, decodeBytes });
    // The box is shaped as the photo is seen: EXIF orientations 5–8 turn it a quarter.
    const turned = isQuarterTurned(metadata.orientation);
    // The credit an agency wrote into the photo, read here where its header already is (fit()
    // writes none of the metadata out: GPS and the rest stay behind).
    const credit = embeddedPhotoCredit({ iptc: metadata.iptc, xmp: metadata.xmp });
    return { format: format as ImageInfo['format'], widthPx: turned ? storedHeight : storedWidth, heightPx: turned ? storedWidth : storedHeight, ...(credit ? { credit } : {}) };
  }

  /**
   * Centre-crops to the box's aspect ratio and scales down to fit the box, never up; returns a
   * baseline JPEG without metadata. Same bytes in, same bytes out.
   */
  async fit(bytes: Uint8Array, widthPx: number, heightPx: number): Promise<Uint8Array> {
    if (!(widthPx >= 1 && heightPx >= 1)) throw new Error(`cannot fit a photo into ${widthPx}×${heightPx} pixels`);
    if (!this.probed.has(bytes)) await this.probe(bytes);
    const metadata = this.probed.get(bytes)!;
    const turned = isQuarterTurned(metadata.orientation);
    const sourceW = turned ? metadata.height : metadata.width;
    const sourceH = turned ? metadata.width : metadata.height;
    const boxAspect = widthPx / heightPx;
    // The largest centred region of the box's aspect ratio that the source holds.
    const cropW = Math.min(sourceW, sourceH * boxAspect);
    const cropH = cropW / boxAspect;
    const scale = Math.min(1, widthPx / cropW);
    const outW = Math.max(1, Math.round(cropW * scale));
    const outH = Math.max(1, Math.round(cropH * scale));
    const output = await this.decodes.run(metadata.decodeBytes, () =>
      sharp(bytes, { limitInputPixels: MAX_PHOTO_PIXELS, sequentialRead: true })
        .autoOrient()
        .resize(outW, outH, FIT_RESIZE)
        .flatten({ background: '#ffffff' })
        .jpeg(FIT_JPEG)
        .toBuffer(),
    );
    return new Uint8Array(output.buffer, output.byteOffset, output.byteLength);
  }

  /**
   * The reader's images of one page screenshot (the renderer's WebP, or a PNG): WebP at reading
   * size, WebP and PNG at thumbnail size. A WebP screenshot no wider than the reading size is kept
   * as it is (no second lossy step); nothing is scaled up.
   *
   * The screenshot is decoded once, to pixels that every image is made from: a PNG cannot be
   * shrunk while it loads, and three pipelines decoded it three times. A screenshot a pixel or two
   * wider than the reading size (Chromium rounds the page's box outwards) is cropped to it, not
   * resampled: a resample of the whole page for one pixel blurred every line of type and cost
   * about as much as the decode. Measured on the sample's six pages at 1600 px, one at a time:
   * 1.85–1.97 s of CPU before, 1.62–1.81 s after (the wall time is the same, 1.5–1.7 s: the three
   * decodes ran in threads of their own), the reading images 1% larger (sharper type). What is left
   * is the reading WebP's own encoding, about 200 ms a page (effort 0 would save a third of that
   * for files 15% larger: the subscribers' download, not kept).
   */
  async encodePageImages(screenshot: Uint8Array, sizes: PageImageSizes): Promise<EncodedPageImages> {
    const { format, width = 1 } = await sharp(screenshot).metadata();
    const keepAsIs = format === 'webp' && width <= sizes.readingWidthPx;
    const decoded = await sharp(screenshot).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const pixels = () => sharp(decoded.data, { raw: decoded.info });
    const { width: w, height: h } = decoded.info;
    const reading = (): sharp.Sharp => {
      if (w <= sizes.readingWidthPx) return pixels();
      if (w - sizes.readingWidthPx <= MAX_CROPPED_PX) return pixels().extract({ left: 0, top: 0, width: sizes.readingWidthPx, height: h });
      return pixels().resize({ width: sizes.readingWidthPx, kernel: 'lanczos3' });
    };
    const small = await pixels().resize({ width: Math.min(w, sizes.smallWidthPx), kernel: 'lanczos3' }).raw().toBuffer({ resolveWithObject: true });
    const smallPixels = () => sharp(small.data, { raw: small.info });
    const [readingImage, smallWebp, thumbnailPng] = await Promise.all([
      keepAsIs ? Promise.resolve(Buffer.from(screenshot)) : reading().webp({ quality: sizes.readingQuality, effort: 2 }).toBuffer(),
      smallPixels().webp({ quality: sizes.smallQuality, effort: 2 }).toBuffer(),
      smallPixels().png({ compressionLevel: 6 }).toBuffer(),
    ]);
    const bytes = (b: Buffer) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return { reading: bytes(readingImage), small: bytes(smallWebp), thumbnailPng: bytes(thumbnailPng) };
  }
}
