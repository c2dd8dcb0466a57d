/**
 * Issue 12, items 10 and 11: a photo whose header is valid but whose data is cut short never gets
 * a box (it is decoded, small, before layout), and a photo turned by its EXIF orientation is boxed
 * by the shape it is seen in.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { collectInputs } from '../../lambdas/core/inputs';
import { MemoryInputSource } from '../../lambdas/core/memory-source';

const images = new SharpImages();

async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 40 } } }).jpeg().toBuffer();
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
