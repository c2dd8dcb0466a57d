/**
 * Issue 12, item 11: a long section name overprinted the front page's Inside box and the column
 * beside it. Names are fitted to the box with the typesetter's measure; Chromium confirms that
 * every entry stays inside the box.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSealedBrowser, launchSealedBrowser, openEditionPage } from '../support/edition-page';
import type { BuiltEdition } from '../../lambdas/core/edition';
import { blankPrinter } from '../support/blank-printer';
import { buildFolder } from '../support/edition';

const LONG_SECTION = 'Provincial Infrastructure, Transport and Regional Development Reporting Desk Special Coverage';
let dir: string;
let edition: BuiltEdition;

const paragraph = (n: number) => Array.from({ length: 60 }, (_, i) => `word${n}x${i}`).join(' ');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'epaper-inside-'));
  await writeFile(join(dir, 'edition.yaml'), `sections: [News, "${LONG_SECTION}", Sport]\ninsideTitle: "Inside today's edition of the paper, section by section"\n`);
  for (let i = 0; i < 14; i++) {
    // Two stories spell their section otherwise ("NEWS", " sport "): still one section each.
    const section = i === 3 ? 'NEWS' : i === 12 ? ' sport ' : i < 6 ? 'News' : i < 11 ? LONG_SECTION : 'Sport';
    await writeFile(join(dir, `story-${i}.md`), `---\nheadline: Story number ${i} of the day\nsection: "${section}"\npriority: ${i === 0 ? 1 : 3}\n---\n${[1, 2, 3, 4, 5, 6].map((p) => paragraph(i * 10 + p)).join('\n\n')}\n`);
  }
  // The box is read from the edition's HTML, as the sealed Chromium below sets it: the PDF's print is not read.
  edition = await buildFolder(dir, { date: '2019-12-04' }, blankPrinter);
}, 240_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the Inside box', () => {
  it('lists the long section, cut to fit with an ellipsis', () => {
    const inside = /<aside class="inside"[^>]*>(.*?)<\/aside>/.exec(edition.html)?.[1] ?? '';
    expect(inside).toContain('Sport');
    expect(inside).toMatch(/Provincial[^<]*…<\/span>/);
    expect(inside).not.toContain(LONG_SECTION);
  });

  it('lists each section once, spelt as edition.yaml lists it, when a story spells it in other case or spacing', () => {
    const inside = /<aside class="inside"[^>]*>(.*?)<\/aside>/.exec(edition.html)?.[1] ?? '';
    const entries = [...inside.matchAll(/<li[^>]*><span>([^<]*)<\/span>/g)].map((m) => m[1]);
    expect(entries.filter((name) => /^news$/i.test(name))).toEqual(['News']);
    expect(entries.filter((name) => /^sport$/i.test(name.trim()))).toEqual(['Sport']);
    const sections = new Map(edition.manifest.articles.map((a) => [a.slug, a.section]));
    expect([sections.get('story-3'), sections.get('story-12')]).toEqual(['News', 'Sport']);
    expect(edition.manifest.warnings).toContainEqual({ file: 'story-12.md', message: "`section` 'sport' prints as 'Sport', as edition.yaml lists it" });
  });

  it('keeps every entry and the title inside the box, as Chromium sets them', async () => {
    const browser = await launchSealedBrowser();
    try {
      const page = await openEditionPage(browser, edition.html, async (path) => edition.assets.get(path));
      const report = await page.evaluate(() => {
        const aside = document.querySelector('aside.inside')!;
        const box = aside.getBoundingClientRect();
        const outside: string[] = [];
        for (const el of Array.from(aside.querySelectorAll('li > span, h2'))) {
          const range = document.createRange();
          range.selectNodeContents(el);
          const ink = range.getBoundingClientRect();
          if (ink.right > box.right - 2 || ink.left < box.left) outside.push(`${el.textContent} ${ink.right.toFixed(1)} > ${box.right.toFixed(1)}`);
          // One line each: a wrapped name runs down over the entries below and out of the box.
          if (ink.height > parseFloat(getComputedStyle(el).lineHeight) * 1.5 || ink.bottom > box.bottom) outside.push(`${el.textContent} wraps (${ink.height.toFixed(1)}px high)`);
          // Two spans of one row must not overlap either.
          const next = el.tagName === 'SPAN' ? el.nextElementSibling : null;
          if (next) {
            const other = document.createRange();
            other.selectNodeContents(next);
            if (ink.right > other.getBoundingClientRect().left + 0.5) outside.push(`${el.textContent} overlaps its page number`);
          }
        }
        return { outside, rows: aside.querySelectorAll('li').length };
      });
      expect(report.rows).toBeGreaterThanOrEqual(2);
      expect(report.outside).toEqual([]);
    } finally {
      await closeSealedBrowser(browser);
    }
  }, 120_000);
});
