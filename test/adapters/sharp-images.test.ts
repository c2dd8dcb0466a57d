import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegScanCount, SharpImages, wholeDecodeBytes } from '../../lambdas/adapters/sharp-images';
import { pixelBombPng, scanBombJpeg } from '../fixtures/hostile-corpus';
import { iptcCreditedJpeg, plainJpeg, xmpCreditedJpeg } from '../support/photo-metadata';

const images = new SharpImages();

const solid = (width: number, height: number, format: 'jpeg' | 'png' | 'webp' | 'gif' = 'jpeg'): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 200 } } })
    .toFormat(format)
    .toBuffer();

/** Three vertical bands, red | green | blue, to see which part a crop kept. */
async function bands(width: number, height: number): Promise<Buffer> {
  const third = Math.round(width / 3);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect x="0" width="${third}" height="${height}" fill="#ff0000"/>` +
    `<rect x="${third}" width="${width - 2 * third}" height="${height}" fill="#00ff00"/>` +
    `<rect x="${width - third}" width="${third}" height="${height}" fill="#0000ff"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe('SharpImages.probe', () => {
  it('reads format and size of JPEG, PNG and WebP', async () => {
    expect(await images.probe(await solid(64, 48, 'jpeg'))).toEqual({ format: 'jpeg', widthPx: 64, heightPx: 48 });
    expect(await images.probe(await solid(30, 20, 'png'))).toEqual({ format: 'png', widthPx: 30, heightPx: 20 });
    expect(await images.probe(await solid(10, 12, 'webp'))).toEqual({ format: 'webp', widthPx: 10, heightPx: 12 });
  });

  it('reads the credit an agency wrote into the photo (IPTC Credit and By-line, XMP), and fits it with none of its metadata', async () => {
    // An agency photo printed with no credit when the article gave none: its metadata was never read.
    const iptc = await iptcCreditedJpeg('Reuters', 'Jane Doe');
    expect(await new SharpImages().probe(iptc)).toEqual({ format: 'jpeg', widthPx: 800, heightPx: 600, credit: 'Reuters/Jane Doe' });
    const xmp = await xmpCreditedJpeg({ credit: 'AFP', creators: ['Ann Lee'] });
    expect((await new SharpImages().probe(xmp)).credit).toBe('AFP/Ann Lee');
    // The fitted photo, which the page and the reader show, keeps none of it (GPS included).
    for (const photo of [iptc, xmp, await plainJpeg()]) {
      const fitted = await images.fit(photo, 400, 300);
      const meta = await sharp(fitted).metadata();
      expect([meta.iptc, meta.xmp, meta.exif]).toEqual([undefined, undefined, undefined]);
      for (const text of ['Reuters', 'Jane Doe', 'AFP', 'Agency']) expect(Buffer.from(fitted).includes(text)).toBe(false);
    }
  });

  it('refuses a pixel bomb from its header, quickly and without decoding it', async () => {
    const bomb = await pixelBombPng(20_000, 20_000);
    const rssBefore = process.memoryUsage().rss;
    await expect(images.probe(bomb)).rejects.toThrow('20000×20000 pixels (400 megapixels); the limit is 50 megapixels');
    // Decoding would need 1.2 GB; the header read needs next to nothing (memory, not a wall-clock limit, shows it was not decoded).
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(100 * 1024 * 1024);
    await expect(images.fit(bomb, 100, 100)).rejects.toThrow('megapixels');
  });

  it('refuses a JPEG of more scans than any encoder writes by counting its markers, before libjpeg decodes them over the whole picture', async () => {
    // An adversarial review: 312 KB of a 48-megapixel progressive JPEG in 3,000 scans, each an
    // "end of band" run of a few bytes, held a probe for 15 s of CPU (60 s on a busy machine), and
    // the cost grew with the file: 25 MiB of such scans would have held a render past its time.
    const bomb = scanBombJpeg(8456, 5704, 1000);
    const fewScans = scanBombJpeg(8456, 5704, 10);
    expect(jpegScanCount(bomb)).toBe(101); // counted no further than the limit and one
    expect(jpegScanCount(bomb, Infinity)).toBe(1001);
    expect(jpegScanCount(fewScans)).toBe(11);
    const cpu = async (work: () => Promise<unknown>) => {
      const before = process.cpuUsage();
      await work();
      const used = process.cpuUsage(before);
      return used.user + used.system;
    };
    // The same picture in 11 scans decodes, and costs more than refusing the bomb does (the bomb,
    // decoded, would cost a hundred times that).
    const decoded = await cpu(async () => expect(await new SharpImages().probe(fewScans)).toEqual({ format: 'jpeg', widthPx: 8456, heightPx: 5704 }));
    const refused = await cpu(() => expect(images.probe(bomb)).rejects.toThrow('the JPEG is written in more than 100 scans'));
    expect(refused).toBeLessThan(decoded);
    await expect(images.fit(bomb, 100, 100)).rejects.toThrow('more than 100 scans');
    // What encoders write passes: libjpeg's progressive script (10 scans), mozjpeg's, a baseline JPEG (1).
    const photo = sharp({ create: { width: 320, height: 240, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 30 } } });
    for (const options of [{ progressive: true }, { mozjpeg: true }, { progressive: true, optimiseScans: true }, {}]) {
      const bytes = await photo.clone().jpeg(options).toBuffer();
      expect(jpegScanCount(bytes)).toBeGreaterThanOrEqual(1);
      expect(jpegScanCount(bytes)).toBeLessThanOrEqual(10);
      expect(await images.probe(bytes)).toEqual({ format: 'jpeg', widthPx: 320, heightPx: 240 });
    }
  });

  it('refuses corrupt data, other formats and oversized files with readable messages', async () => {
    await expect(images.probe(new TextEncoder().encode('not an image'))).rejects.toThrow('not a readable image');
    await expect(images.probe(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]))).rejects.toThrow('not a readable image');
    await expect(images.probe(await solid(8, 8, 'gif'))).rejects.toThrow('gif is not supported');
    await expect(images.probe(new Uint8Array(25 * 1024 * 1024 + 1))).rejects.toThrow('the limit is 25 MiB');
  });

  it('refuses markup named as a photo by its first bytes, before librsvg parses it', async () => {
    // An adversarial review's file: 3 KB of SVG, eleven levels of ten <use> each under a blur, named
    // .jpg. libvips chose librsvg by the content, which parsed and measured it all first: 25–30 s
    // of CPU for one file, where ten made a render run out of time. Its first bytes now refuse it.
    let levels = '<g id="a0"><path d="M0 0 L10 10 L0 10 Z" filter="url(#f)"/></g>';
    for (let level = 1; level <= 11; level++) levels += `<g id="a${level}">${Array.from({ length: 10 }, () => `<use xlink:href="#a${level - 1}"/>`).join('')}</g>`;
    const bomb = new TextEncoder().encode(
      `\ufeff \n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs>${levels}<filter id="f"><feGaussianBlur stdDeviation="100"/></filter></defs><use xlink:href="#a11"/></svg>`,
    );
    const cpuBefore = process.cpuUsage();
    await expect(images.probe(bomb)).rejects.toThrow('the image format svg (markup) is not supported; use JPEG, PNG or WebP');
    await expect(images.fit(bomb, 100, 100)).rejects.toThrow('svg (markup)');
    // CPU, not the wall clock: parsing the document took seconds of it; the first bytes take none.
    const cpu = process.cpuUsage(cpuBefore);
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(500);
    await expect(images.probe(await solid(8, 8, 'gif'))).rejects.toThrow('the image format gif is not supported');
    await expect(images.probe(new Uint8Array([0, 0, 0, 24, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66]))).rejects.toThrow('heif or avif is not supported');
  });

  it('prints a CMYK JPEG and a 16-bit PNG as 8-bit sRGB, and refuses a CMYK or 16-bit TIFF by name', async () => {
    // A press agency's CMYK JPEG and a scanner's 16-bit PNG were never uploaded in a test (a review of hostile inputs).
    const red = () => sharp({ create: { width: 200, height: 120, channels: 3, background: { r: 200, g: 30, b: 30 } } });
    for (const photo of [await red().toColourspace('cmyk').jpeg().toBuffer(), await red().toColourspace('rgb16').png().toBuffer()]) {
      expect(await images.probe(photo)).toMatchObject({ widthPx: 200, heightPx: 120 });
      const fitted = await images.fit(photo, 100, 60);
      expect(await sharp(fitted).metadata()).toMatchObject({ format: 'jpeg', space: 'srgb', depth: 'uchar', channels: 3 });
      const [r, g, b] = await sharp(fitted).raw().toBuffer();
      expect(r).toBeGreaterThan(150);
      expect(Math.max(g, b)).toBeLessThan(80);
    }
    for (const tiff of [await red().toColourspace('cmyk').tiff().toBuffer(), await red().toColourspace('rgb16').tiff().toBuffer()]) {
      await expect(images.probe(tiff)).rejects.toThrow('the image format tiff is not supported; use JPEG, PNG or WebP');
    }
  });

  it('refuses a PNG whose compressed text or colour profile inflates to 300 MB, without inflating it', async () => {
    const chunk = (type: string, data: Buffer) => {
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'latin1'), data])) >>> 0);
      return Buffer.concat([length, Buffer.from(type, 'latin1'), data, crc]);
    };
    const png = await solid(40, 30, 'png');
    const bomb = deflateSync(Buffer.alloc(300 * 1024 * 1024), { level: 9 });
    for (const extra of [chunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), bomb])), chunk('iCCP', Buffer.concat([Buffer.from('icc\0\0', 'latin1'), bomb]))]) {
      // The signature and IHDR (33 bytes), the bomb, then the image data and IEND.
      const file = Buffer.concat([png.subarray(0, 33), extra, png.subarray(33)]);
      await expect(images.probe(file)).rejects.toThrow('not a readable image');
      await expect(images.fit(file, 20, 20)).rejects.toThrow('not a readable image');
    }
  });

  it('names a web page saved as a photo a web page, not SVG', async () => {
    // An adversarial review: an HTML page named photo.jpg (a browser's "Save image as" on a page
    // that would not serve the picture) was "the image format svg (markup)".
    const page = new TextEncoder().encode('\n<!DOCTYPE html><html><body><img src="https://cdn.example/photo.jpg"></body></html>');
    await expect(images.probe(page)).rejects.toThrow('the image format html (a web page, not a photo) is not supported; use JPEG, PNG or WebP');
    await expect(images.probe(new TextEncoder().encode('<html><body>403 Forbidden</body></html>'))).rejects.toThrow('html (a web page');
    await expect(images.probe(new TextEncoder().encode('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'))).rejects.toThrow('svg (markup)');
  });
});

describe('SharpImages.fit', () => {
  it('centre-crops to the box aspect and scales down', async () => {
    const out = await images.fit(await bands(300, 100), 50, 50);
    const meta = await sharp(out).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 50, height: 50 });
    // The centre band (green) is all that is left of a 3:1 picture cropped square.
    const { data } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    const at = (x: number, y: number): number[] => [...data.subarray((y * 50 + x) * 3, (y * 50 + x) * 3 + 3)];
    for (const x of [2, 25, 47]) {
      const [r, g, b] = at(x, 25);
      expect(g, `x=${x}`).toBeGreaterThan(200);
      expect(r + b, `x=${x}`).toBeLessThan(80);
    }
  });

  it('never scales up: a small photo keeps its pixels and only loses the excess side', async () => {
    const out = await images.fit(await solid(120, 60), 800, 400);
    expect(await sharp(out).metadata()).toMatchObject({ width: 120, height: 60 });
    const cropped = await images.fit(await solid(120, 60), 400, 400);
    expect(await sharp(cropped).metadata()).toMatchObject({ width: 60, height: 60 });
  });

  it('applies EXIF orientation, strips metadata and writes a baseline JPEG', async () => {
    const tagged = await sharp(await solid(200, 100))
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'SECRET-EXIF', Artist: 'someone' } } })
      .jpeg()
      .toBuffer();
    expect((await sharp(tagged).metadata()).exif).toBeDefined();
    const out = await images.fit(tagged, 100, 200);
    const meta = await sharp(out).metadata();
    // Orientation 6 is a quarter turn: the 200×100 pixels display as 100×200.
    expect(meta).toMatchObject({ width: 100, height: 200, format: 'jpeg', isProgressive: false });
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(Buffer.from(out).includes('SECRET-EXIF')).toBe(false);
  });

  it('flattens transparency onto white and gives the same bytes for the same input', async () => {
    const transparent = await sharp({ create: { width: 40, height: 40, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    const out = await images.fit(transparent, 20, 20);
    const { data } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(...data)).toBeGreaterThan(240);
    const photo = await bands(640, 480);
    const a = await images.fit(photo, 300, 200);
    const b = await images.fit(photo, 300, 200);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('fits a photo it has probed (a build probes every photo first) exactly as one it has not', async () => {
    const turned = await sharp(await bands(300, 200)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const probing = new SharpImages();
    expect(await probing.probe(turned)).toMatchObject({ widthPx: 200, heightPx: 300 });
    const afterProbe = await probing.fit(turned, 100, 120);
    const unprobed = await new SharpImages().fit(turned, 100, 120);
    expect(Buffer.from(afterProbe).equals(Buffer.from(unprobed))).toBe(true);
    expect(await sharp(afterProbe).metadata()).toMatchObject({ width: 100, height: 120 });
    // A photo refused by its probe is refused by fit too, however often it is asked.
    const truncated = (await solid(400, 300)).subarray(0, 900);
    await expect(probing.probe(truncated)).rejects.toThrow();
    await expect(probing.fit(truncated, 100, 100)).rejects.toThrow();
  });

  it('refuses an empty box', async () => {
    await expect(images.fit(await solid(10, 10), 0, 10)).rejects.toThrow('cannot fit');
  });

  it('keeps nothing of a photo once it is fitted: progressive JPEGs fitted one after another leave no decoder behind', async () => {
    // An adversarial review: libvips's operation cache kept each JPEG load with libjpeg's decoder,
    // a progressive one's coefficients of the whole image (300 MB at 48 megapixels); eight such
    // photos left the process at 1.3 GB after the build. Here six of 16 megapixels (a margin of
    // 160 MB: five kept decoders added 256 MB, the allocator's own slack reached 51 MB under load).
    const photos = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) =>
        sharp({ create: { width: 4000, height: 4000, channels: 3, background: { r: 40 * i, g: 60, b: 30 } } })
          .jpeg({ progressive: true, quality: 50 })
          .toBuffer(),
      ),
    );
    const processor = new SharpImages();
    await processor.fit(photos[0], 400, 400);
    const rssAfterFirst = process.memoryUsage().rss;
    for (const photo of photos.slice(1)) await processor.fit(photo, 400, 400);
    // Kept, three later photos added 279 MB; now a few MB at most.
    expect(process.memoryUsage().rss - rssAfterFirst).toBeLessThan(160 * 1024 * 1024);
  });

  it('decodes photos held whole in memory (interlaced PNG, progressive JPEG) no more at once than its budget allows', async () => {
    // An adversarial review's edition: four interlaced 16-bit RGBA PNGs of 49 megapixels, 600 KB
    // each, all decoded at once in sharp's threads, took the build to 1.8 GB. Here four of 9
    // megapixels (72 MB each held whole), with a budget that admits one at a time.
    const interlaced = await sharp({ create: { width: 3000, height: 3000, channels: 4, background: { r: 120, g: 60, b: 30, alpha: 0.5 } } })
      .toColourspace('rgb16')
      .png({ progressive: true, compressionLevel: 9 })
      .toBuffer();
    expect(await sharp(interlaced).metadata()).toMatchObject({ isProgressive: true, depth: 'ushort', channels: 4 });
    const photos = [0, 1, 2, 3].map(() => new Uint8Array(interlaced));
    const oneAtATime = new SharpImages({ decodeBudgetBytes: 1 });
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
    try {
      const fitted = await Promise.all(photos.map((photo) => oneAtATime.fit(photo, 400, 400)));
      for (const out of fitted) expect(await sharp(out).metadata()).toMatchObject({ width: 400, height: 400 });
    } finally {
      clearInterval(sampler);
    }
    // All four at once, the process grew 377 MB; one at a time, 109 MB.
    expect(peak - rssBefore).toBeLessThan(200 * 1024 * 1024);
  });

  it('estimates the memory a decode holds whole: progressive JPEG and interlaced PNG only', () => {
    const header = { width: 8000, height: 6000, channels: 3 as const, depth: 'uchar' as const };
    expect(wholeDecodeBytes('jpeg', { ...header, isProgressive: true })).toBe(8000 * 6000 * 3 * 2);
    expect(wholeDecodeBytes('jpeg', { ...header, isProgressive: false })).toBe(0);
    expect(wholeDecodeBytes('png', { ...header, channels: 4, depth: 'ushort', isProgressive: true })).toBe(8000 * 6000 * 4 * 2);
    expect(wholeDecodeBytes('png', { ...header, isProgressive: true })).toBe(8000 * 6000 * 3);
    expect(wholeDecodeBytes('webp', { ...header, isProgressive: true })).toBe(0);
  });
});

describe('SharpImages.encodePageImages', () => {
  const sizes = { readingWidthPx: 300, smallWidthPx: 60, readingQuality: 80, smallQuality: 75 };

  it('makes a reading-size WebP, a small WebP and a PNG thumbnail from one page screenshot, keeping its picture', async () => {
    const out = await images.encodePageImages(await bands(450, 600), sizes);
    const reading = await sharp(out.reading).metadata();
    const small = await sharp(out.small).metadata();
    const thumbnail = await sharp(out.thumbnailPng).metadata();
    expect([reading.format, reading.width, reading.height]).toEqual(['webp', 300, 400]);
    expect([small.format, small.width, small.height]).toEqual(['webp', 60, 80]);
    expect([thumbnail.format, thumbnail.width, thumbnail.height]).toEqual(['png', 60, 80]);
    // Left band red, right band blue, in every image.
    for (const bytes of [out.reading, out.small, out.thumbnailPng]) {
      const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const at = (x: number) => Array.from(data.subarray((Math.floor(info.height / 2) * info.width + x) * 3, (Math.floor(info.height / 2) * info.width + x) * 3 + 3));
      expect(at(2)[0]).toBeGreaterThan(200);
      expect(at(info.width - 3)[2]).toBeGreaterThan(200);
    }
  });

  it('crops a screenshot a pixel wider than the reading size (Chromium rounds the page box outwards) instead of resampling every line of it', async () => {
    // One-pixel stripes, which any resample would smear into grey.
    const width = 301;
    const height = 40;
    const stripes = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) stripes.fill(x % 2 === 0 ? 0 : 255, (y * width + x) * 3, (y * width + x) * 3 + 3);
    const screenshot = await sharp(stripes, { raw: { width, height, channels: 3 } }).png().toBuffer();
    const out = await images.encodePageImages(screenshot, sizes);
    const encode = (page: sharp.Sharp) => page.webp({ quality: sizes.readingQuality, effort: 2 }).toBuffer();
    const cropped = await encode(sharp(screenshot).removeAlpha().extract({ left: 0, top: 0, width: 300, height }));
    const resampled = await encode(sharp(screenshot).removeAlpha().resize({ width: 300, kernel: 'lanczos3' }));
    expect(await sharp(out.reading).metadata()).toMatchObject({ width: 300, height });
    expect(Buffer.from(out.reading).equals(cropped)).toBe(true);
    expect(cropped.equals(resampled)).toBe(false);
    // Wider than that, it is scaled: 450 → 300 as above.
    expect((await sharp((await images.encodePageImages(await bands(303, 40), sizes)).reading).metadata()).width).toBe(300);
  });

  it('never scales a page up, and keeps a WebP screenshot no wider than the reading size as it is', async () => {
    const narrow = await images.encodePageImages(await bands(200, 300), sizes);
    expect((await sharp(narrow.reading).metadata()).width).toBe(200);
    const webp = await solid(250, 300, 'webp');
    expect(Buffer.from((await images.encodePageImages(webp, sizes)).reading).equals(webp)).toBe(true);
  });
});
