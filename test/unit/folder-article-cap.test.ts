/**
 * `epaper build <folder>` reads no more articles than a render does (MAX_EDITION_ARTICLES, the
 * first by name), and refuses the rest with the render's reason: the folder build read every file,
 * and 2,400 one-line stories were composed for 70 s (an adversarial review, 78th round).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { withinArticleCap } from '../../lambdas/core/input-policy';
import { collectInputs } from '../../lambdas/core/inputs';
import { articleCountReason, MAX_EDITION_ARTICLES } from '../../lambdas/core/limits';

const folder = mkdtempSync(join(tmpdir(), 'epaper-article-cap-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** story-0000.md … in name order, one line each, and what no cap counts: edition.yaml, a note, an empty file's neighbour. */
function plant(articles: number): void {
  for (let i = 0; i < articles; i++) writeFileSync(join(folder, `story-${String(i).padStart(4, '0')}.md`), `---\nheadline: Story ${i}\n---\nA line.\n`);
  writeFileSync(join(folder, 'edition.yaml'), 'paper: The Test\n');
  writeFileSync(join(folder, 'notes.docx'), 'not an article');
}

describe('a folder of more articles than an edition reads', () => {
  it('reads the first MAX_EDITION_ARTICLES by name and refuses the rest with the render\'s reason', async () => {
    plant(MAX_EDITION_ARTICLES + 3);
    const collected = await collectInputs(new FsInputSource(folder), new SharpImages(), { date: '2026-03-14', today: '2026-03-14' });
    expect(collected.articles).toHaveLength(MAX_EDITION_ARTICLES);
    expect(collected.articles.at(-1)?.source).toBe(`story-${String(MAX_EDITION_ARTICLES - 1).padStart(4, '0')}.md`);
    const refused = collected.rejected.filter((rejection) => rejection.reason === articleCountReason());
    expect(refused.map((rejection) => rejection.file)).toEqual([1000, 1001, 1002].map((i) => `story-${i}.md`));
    expect(articleCountReason()).toContain('the most one edition reads');
  });
});

describe('withinArticleCap', () => {
  it('counts only the articles a build may read, keeps the listing\'s order, and leaves what is refused already', () => {
    const entries = [
      { name: 'c.md', size: 10, kind: 'file' as const },
      { name: 'a.md', size: 10, kind: 'file' as const },
      { name: 'big.md', size: 10_000_000, kind: 'file' as const },
      { name: 'photo.jpg', size: 10, kind: 'file' as const },
      { name: 'b.md', size: 10, kind: 'file' as const, problem: 'refused before' },
      { name: 'd.md', size: 10, kind: 'file' as const },
    ];
    const capped = withinArticleCap(entries, 2);
    expect(capped.map((entry) => entry.name)).toEqual(entries.map((entry) => entry.name));
    expect(capped.map((entry) => entry.problem)).toEqual([undefined, undefined, undefined, undefined, 'refused before', articleCountReason(2)]);
  });
});
