/**
 * Copy of every shape a desk or an attacker can write, drawn at random from fixed seeds: headings of
 * every level, long and nested lists, tables of up to 12 columns, quotations, code, footnotes, line
 * breaks, raw HTML with absurd colspans, photos in the text of four shapes (a strip 1:100 among them),
 * words in Thai, Chinese, Arabic and emoji, unbreakable words, controls, priorities and sections
 * that are not ours, slugs that clash, and edition.yaml settings from the smallest page to 9 columns;
 * and ninjs 2 stories whose bodies are random HTML six deep.
 * Every edition must build (with the blank printer: the compose, the photos and the HTML, not
 * Chromium) with every file accounted for, once, and its pages' HTML free of control characters,
 * and every line the composer sets must fit its measure or be closed up to fit.
 * A scratch run of 210 such editions found no failure; kept so that a change that breaks on odd copy
 * fails here, not in a newsroom's upload.
 */
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { buildEdition } from '../../lambdas/core/build-edition';
import type { EditionResources } from '../../lambdas/core/edition';
import { MemoryInputSource } from '../../lambdas/core/memory-source';
import { seededRandom } from '../fixtures/seeded-random';
import { blankPrinter } from '../support/blank-printer';
import { quietLogger } from '../support/edition';
import type { Composition } from '../../lambdas/core/layout/compose';

const WORDS = [
  'the', 'city', 'river', 'Hà', 'Nội', 'Đà', 'Nẵng', 'council', 'people', 'said', 'on', 'Tuesday', 'phường', 'Nguyễn', 'Thị', 'a', 'of', 'to', 'in',
  'budget', 'approves', 'water', '2019', '1,234', '—', '“quoted”', 'e-mail', 'https://example.com/a/very/long/path/to/a/page', 'supercalifragilisticexpialidocious',
  'ภาษาไทย', '中文字', 'العربية', '😀', 'naïve', 'ﬁnal', 'x\u0301y', '\u00ad', 'word\u200bjoined', 'A'.repeat(50), '*', '_', '`code`', '[link](http://x)',
  '**bold**', '<b>tag</b>', '&amp;', '\\', '|', '#', '\u001b[31m', '\u0007', '\u202e',
];
const SECTIONS = ['News', 'Sport', 'World', 'Life', 'Opinion', 'Business', 'sport', 'Thể thao', 'X'.repeat(60), 'Ω'];

/** One random edition's files: articles, the photos they may name, and perhaps edition.yaml. */
function randomEdition(seed: number, photos: Readonly<Record<string, Uint8Array>>, format: 'markdown' | 'ninjs' = 'markdown'): Record<string, Uint8Array | string> {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const quoted = (n: number) => JSON.stringify(words(n));
  const body = () => {
    const blocks: string[] = [];
    for (let i = 0, n = int(0, 24); i < n; i++) {
      const kind = random();
      if (kind < 0.45) blocks.push(words(int(1, 120)));
      else if (kind < 0.55) blocks.push(`${'#'.repeat(int(1, 6))} ${words(int(0, 12))}`);
      else if (kind < 0.62) blocks.push(Array.from({ length: int(1, 40) }, (_, j) => `${'  '.repeat(int(0, 3))}${pick(['-', '*', `${j + 1}.`])} ${words(int(0, 20))}`).join('\n'));
      else if (kind < 0.68) blocks.push(Array.from({ length: int(1, 10) }, () => `${'>'.repeat(int(1, 4))} ${words(int(0, 30))}`).join('\n'));
      else if (kind < 0.74) {
        const columns = int(1, 12);
        const row = (n: number) => `| ${Array.from({ length: columns }, () => words(int(0, n))).join(' | ')} |`;
        blocks.push([row(3), `|${'---|'.repeat(columns)}`, ...Array.from({ length: int(0, 15) }, () => row(6))].join('\n'));
      } else if (kind < 0.8) blocks.push(`![${words(int(0, 10))}](images/p${int(0, 4)}.${pick(['jpg', 'png'])} "${words(int(0, 5)).replace(/"/g, '')}")`);
      else if (kind < 0.84) blocks.push(`\`\`\`\n${words(int(0, 40))}\n\`\`\``);
      else if (kind < 0.88) blocks.push(`${words(int(1, 20))}[^${int(1, 3)}]\n\n[^${int(1, 3)}]: ${words(int(0, 15))}`);
      else if (kind < 0.92) blocks.push('---');
      else if (kind < 0.96) blocks.push(words(int(1, 10)).split(' ').join('  \n'));
      else blocks.push(`<div>${words(int(0, 20))}</div><table><tr><td colspan="${int(1, 500)}">${words(3)}</td></tr></table>`);
    }
    return blocks.join('\n\n');
  };
  const frontMatter = (i: number) => {
    const lines = [`headline: ${random() < 0.05 ? quoted(int(40, 55)) : quoted(int(1, 14))}`];
    if (random() < 0.8) lines.push(`section: ${JSON.stringify(pick(SECTIONS))}`);
    if (random() < 0.5) lines.push(`priority: ${pick(['1', '2', '3', '4', '5', '0', '-1', '99', '2.5', '"high"'])}`);
    if (random() < 0.5) lines.push(`standfirst: ${quoted(int(0, 80))}`);
    if (random() < 0.4) lines.push(`byline: ${quoted(int(0, 10))}`);
    if (random() < 0.3) lines.push(`dateline: ${quoted(int(0, 4))}`);
    if (random() < 0.3) lines.push(`pullQuote: ${quoted(int(0, 60))}`);
    if (random() < 0.3) lines.push(`kicker: ${quoted(int(0, 6))}`);
    if (random() < 0.5) lines.push(`image: images/p${int(0, 5)}.${pick(['jpg', 'png'])}`, `caption: ${quoted(int(0, 100))}`);
    if (random() < 0.2) lines.push(`credit: ${quoted(int(0, 8))}`);
    if (random() < 0.2) lines.push(`slug: ${pick(['same', `s${i}`, 'a'.repeat(200), 'Ünïcode slug'])}`);
    if (random() < 0.1) lines.push(`jumpHead: ${quoted(int(0, 6))}`);
    if (random() < 0.1) lines.push(`language: ${pick(['vi', 'en', 'th', 'xx', 'de-CH'])}`);
    return `---\n${lines.join('\n')}\ndate: 2019-12-04\n---\n`;
  };
  const files: Record<string, Uint8Array | string> = { ...photos };
  // ninjs 2 with bodies of random HTML: nesting to six deep, the tags a sanitizer must drop, tables
  // with absurd spans, images in the text, links of every kind.
  const TAGS = ['p', 'h1', 'h2', 'h6', 'blockquote', 'pre', 'div', 'span', 'em', 'strong', 'sup', 'a', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'th', 'figure', 'figcaption', 'br', 'hr', 'img', 'aside', 'script', 'style', 'iframe'];
  const html = (depth: number): string =>
    Array.from({ length: int(0, depth > 3 ? 2 : 6) }, () => {
      const tag = pick(TAGS);
      if (tag === 'br' || tag === 'hr') return `<${tag}>`;
      if (tag === 'img') return `<img src="images/p${int(0, 5)}.${pick(['jpg', 'png'])}" alt="x">`;
      const attributes = tag === 'td' || tag === 'th' ? ` colspan="${int(1, 300)}" rowspan="${int(1, 50)}"` : tag === 'a' ? ` href="${pick(['http://x', 'javascript:alert(1)', '#', 'images/p1.jpg'])}"` : tag === 'ol' ? ` start="${pick(['-5', '1e9', 'x', '3'])}"` : '';
      return `<${tag}${attributes}>${words(int(0, 30))}${depth < 6 ? html(depth + 1) : ''}</${tag}>`;
    }).join('');
  for (let i = 0, n = int(1, 24); i < n; i++) {
    if (format === 'markdown') files[`a${i}.md`] = `${frontMatter(i)}${body()}\n`;
    else files[`n${i}.json`] = JSON.stringify({ headlines: [{ role: 'main', value: words(int(1, 12)) }], bodies: [{ role: pick(['main', 'text']), contenttype: pick(['text/html', 'text/plain']), value: html(0) }], subjects: [{ name: pick(SECTIONS) }], contentcreated: '2019-12-04T05:00:00Z', ninjsversion: '2.1' });
  }
  if (random() < 0.6) {
    const settings: string[] = [];
    if (random() < 0.5) settings.push(`paper: ${quoted(int(1, 8))}`);
    if (random() < 0.3) settings.push(`columns: ${int(1, 9)}`);
    if (random() < 0.3) settings.push(`pageSize: ${pick(['tabloid', 'broadsheet', 'berliner', 'A3', '{ widthMm: 120, heightMm: 160 }', '{ widthMm: 500, heightMm: 700 }'])}`);
    if (random() < 0.4) settings.push(`sections: [${Array.from({ length: int(1, 6) }, () => JSON.stringify(pick(SECTIONS))).join(', ')}]`);
    if (random() < 0.3) settings.push(`pages: { ${Array.from({ length: int(1, 3) }, () => `${JSON.stringify(pick(SECTIONS))}: ${int(1, 6)}`).join(', ')} }`);
    if (random() < 0.2) settings.push(`lead: s${int(0, 5)}`);
    if (random() < 0.2) settings.push('front: [s1, s2, same]');
    files['edition.yaml'] = `${settings.join('\n')}\n`;
  }
  return files;
}

let resources: EditionResources;
const photos: Record<string, Uint8Array> = {};

beforeAll(async () => {
  resources = await loadEditionResources();
  // A 1:100 strip, its opposite, and photos of ordinary shapes, as JPEG and PNG.
  const shapes = [[40, 4000], [4000, 40], [800, 600], [1200, 1200], [300, 1000], [2000, 300]];
  for (const [i, [width, height]] of shapes.entries()) {
    const image = sharp({ create: { width, height, channels: 3, background: { r: 40 * i, g: 90, b: 150 } } });
    photos[`images/p${i}.jpg`] = new Uint8Array(await image.clone().jpeg().toBuffer());
    photos[`images/p${i}.png`] = new Uint8Array(await image.clone().png().toBuffer());
  }
}, 60_000);

describe('random copy of every shape', () => {
  // Seed 57: a house ad's head in a column of a 7-column page could not be broken, and the build
  // threw. Seed 17: a line of one cut token too wide for its measure, set ragged, not closed up.
  it.each([
    ...[1, 2, 3, 4, 5, 6, 7, 8, 17, 57].map((seed) => [seed, 'markdown'] as const),
    // Seeds 10 and 31: one-word lines of Latin letters and Thai or Chinese cut to the measure, which
    // cannot be closed up, were set counting on closing up (and without the kerning across their cuts).
    ...[1, 10, 31].map((seed) => [seed, 'ninjs'] as const),
  ])('builds the edition of seed %i in %s, every file accounted for once', async (seed, format) => {
    const files = randomEdition(seed, photos, format);
    const build = buildEdition({ source: new MemoryInputSource(files), renderer: blankPrinter, images: new SharpImages(), resources, logger: quietLogger, now: () => new Date('2019-12-04T05:00:00Z') });
    let composition: Composition | undefined;
    const outcome = await build({ date: '2019-12-04', today: '2019-12-04', onComposed: (composed) => (composition = composed.composition) });
    const articleFiles = Object.keys(files).filter((name) => /\.(md|json)$/.test(name)).sort();
    if (!outcome.ok) {
      // Nothing printable is a reason, with every file's.
      expect(outcome.rejected.map((r) => r.file).sort()).toEqual(articleFiles);
      return;
    }
    const { manifest, html } = outcome.edition;
    const accounted = [...manifest.articles.map((a) => a.source), ...(manifest.held ?? []).map((h) => h.source), ...manifest.rejected.map((r) => r.file)].sort();
    expect(accounted).toEqual(articleFiles);
    expect(manifest.pageCount).toBe(manifest.pages.length);
    for (const article of manifest.articles) expect(article.pages.length, article.source).toBeGreaterThan(0);
    expect(html).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]/);

    // In the composition the build printed (EditionRequest.onComposed): a line wider than its measure
    // is shrunk (its spaces or its letters). A ragged paragraph's line of 24 letters of a 50-letter
    // token, 1.5 px too wide, had no space to shrink and was not closed up: it printed past its
    // column (10 of 150 seeds). (The same inputs were composed a second time alone for this until
    // 2026-12-07: the file took 50 CPU-seconds, 36 without.)
    if (!composition) throw new Error('the build composed no pages');
    const unshrunk = composition.pages.flatMap((page) =>
      page.modules.flatMap((module) =>
        module.columns.flat().flatMap((unit) => unit.lines ?? []).filter((line) => line.naturalWidth > line.width + 0.01 && line.wordSpacing > -0.0005 && line.letterSpacing >= 0),
      ),
    );
    expect(unshrunk.map((line) => `${line.naturalWidth.toFixed(2)} px in ${line.width.toFixed(2)}: ${line.words.map((word) => word.map((segment) => segment.text).join('')).join(' ')}`)).toEqual([]);
  }, 60_000);
});
