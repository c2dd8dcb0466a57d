/**
 * Issue 12, items 10 and 11: a photo whose header is valid but whose data is cut short never gets
 * a box (it is decoded, small, before layout), and a photo turned by its EXIF orientation is boxed
 * by the shape it is seen in.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { collectInputs } from '../../lambdas/core/inputs';
import { MemoryInputSource } from '../../lambdas/core/memory-source';

const images = new SharpImages();

async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 0 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer();
}

const article = (image: string) => `---\nheadline: Boats return to the river\nimage: ${image}\ncaption: Boats at dawn.\n---\nThe boats came back.\n`;

describe('photos are decoded before layout', () => {
  it('refuses a JPEG whose header is valid but whose data is truncated', async () => {
    const whole = await noisyJpeg(800, 600);
    const truncated = whole.subarray(0, Math.floor(whole.length / 3));
    expect((await sharp(truncated).metadata()).width).toBe(800);
    await expect(images.probe(truncated)).rejects.toThrow(/damaged or incomplete/);
    await expect(images.probe(whole)).resolves.toEqual({ format: 'jpeg', widthPx: 800, heightPx: 600 });
  });

  it('prints the article without the broken photo or its caption, with a warning', async () => {
    const whole = await noisyJpeg(800, 600);
    const source = new MemoryInputSource({ 'boats.md': article('boats.jpg'), 'boats.jpg': whole.subarray(0, Math.floor(whole.length / 2)) });
    const collected = await collectInputs(source, images, { today: '2019-12-04' });
    expect(collected.articles).toHaveLength(1);
    expect(collected.articles[0].image).toBeUndefined();
    expect(collected.photos.size).toBe(0);
    const messages = collected.warnings.map((w) => w.message).join('\n');
    expect(messages).toMatch(/damaged or incomplete/);
    expect(messages).toMatch(/caption was dropped/);
  });

  it('shapes the box by the orientation the photo is seen in (EXIF 6: 200×100 stored, 100×200 seen)', async () => {
    const turned = await sharp(await noisyJpeg(200, 100)).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    expect(await images.probe(turned)).toEqual({ format: 'jpeg', widthPx: 100, heightPx: 200 });
    const collected = await collectInputs(new MemoryInputSource({ 'boats.md': article('boats.jpg'), 'boats.jpg': turned }), images, { today: '2019-12-04' });
    expect(collected.photos.get('boats.jpg')?.info).toMatchObject({ widthPx: 100, heightPx: 200 });
  });
});

describe('a ninjs picture item (issue 12, item 12)', () => {
  const item = readFileSync('test/fixtures/ninjs/picture-1.4-local.json');

  it('is collected with its photo when the rendition decodes', async () => {
    const collected = await collectInputs(new MemoryInputSource({ 'lanterns.json': item, 'lanterns.jpg': await noisyJpeg(450, 300) }), images, { today: '2019-12-04' });
    expect(collected.rejected).toEqual([]);
    expect(collected.articles[0].image?.ref).toBe('lanterns.jpg');
    expect(collected.photos.get('lanterns.jpg')?.info).toMatchObject({ widthPx: 450, heightPx: 300 });
  });

  it('is rejected, not printed as a bare headline, when its photo cannot be decoded', async () => {
    const whole = await noisyJpeg(450, 300);
    const collected = await collectInputs(new MemoryInputSource({ 'lanterns.json': item, 'lanterns.jpg': whole.subarray(0, 2000) }), images, { today: '2019-12-04' });
    expect(collected.articles).toEqual([]);
    expect(collected.rejected).toEqual([{ file: 'lanterns.json', reason: expect.stringMatching(/damaged or incomplete.*picture item prints as its photo/) }]);
  });
});
