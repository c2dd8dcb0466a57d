/**
 * A stand-in for buildEdition with the same shape: every non-photo input with a "headline:" line
 * (or a first line) becomes an article; empty files are rejected, as the real parser does.
 */
import type { Rejection } from '../../lambdas/core/article';
import type { BuildOutcome, EditionRequest } from '../../lambdas/core/edition';
import { fingerprintInputs } from '../../lambdas/core/fingerprint';
import { mayBeRead } from '../../lambdas/core/input-policy';
import type { InputSource } from '../../lambdas/core/ports';
import { writtenRightToLeft } from '../../lambdas/core/scripts';

/** Counts calls so tests can tell a rebuild from a pointer-only retry. */
export interface FakeBuilder {
  (source: InputSource, request: EditionRequest): Promise<BuildOutcome>;
  calls: number;
}

/** A fake builder: one page per article, thumbnails when asked. */
export function fakeBuilder(): FakeBuilder {
  const build = (async (source: InputSource, request: EditionRequest): Promise<BuildOutcome> => {
    build.calls++;
    const date = request.date ?? '2026-01-01';
    const articles: { slug: string; headline: string; source: string; language?: string; direction?: 'rtl' }[] = [];
    const rejected: Rejection[] = [];
    for (const entry of await source.list()) {
      // As the real builder: what the source could not offer is refused with its reason.
      if (entry.problem !== undefined) {
        rejected.push({ file: entry.name, reason: entry.problem });
        continue;
      }
      if (/\.(jpe?g|png|webp)$/i.test(entry.name) || entry.name === 'edition.yaml') continue;
      // As the real builder: judged by the listing line, never read.
      if (!mayBeRead(entry)) {
        rejected.push({ file: entry.name, reason: 'not an article, or too large' });
        continue;
      }
      const text = new TextDecoder().decode(await source.read(entry.name)).trim();
      if (!text) {
        rejected.push({ file: entry.name, reason: 'The file is empty.' });
        continue;
      }
      const headline = /^headline:\s*"?(.*?)"?\s*$/m.exec(text)?.[1] ?? text.split('\n')[0];
      // A story's language where its front matter names one, as the real builder's manifest says it.
      const language = /^language:\s*(\S+)\s*$/m.exec(text)?.[1];
      const languageOf = language ? { language, ...(writtenRightToLeft(language) ? { direction: 'rtl' as const } : {}) } : {};
      articles.push({ slug: entry.name.replace(/\.[^.]+$/, '').replace(/[^a-z0-9]+/gi, '-').toLowerCase(), headline, source: entry.name, ...languageOf });
    }
    if (articles.length === 0) {
      return { ok: false, reason: `No article could be used: ${rejected.length} files were rejected.`, rejected, warnings: [] };
    }
    const fingerprint = await fingerprintInputs(source, date);
    const pageCount = articles.length;
    const thumbnails = request.thumbnailWidthPx ? articles.map((_, i) => new Uint8Array([0x89, 0x50, i])) : [];
    return {
      ok: true,
      edition: {
        date,
        fingerprint,
        pdf: new TextEncoder().encode(`%PDF-fake ${fingerprint}`),
        html: `<html>${articles.map((a) => a.headline).join('|')}</html>`,
        assets: new Map([['assets/fonts/body.ttf', { contentType: 'font/ttf', body: new Uint8Array([1, 2, 3]) }]]),
        thumbnails,
        manifest: {
          date,
          pdf: 'edition.pdf',
          pageCount,
          fingerprint,
          paper: 'The Test Times',
          edition: 'Daily',
          generatedBy: 'fake-builder',
          pages: articles.map((a, i) => ({ number: i + 1, section: 'News', articles: [a.slug], fill: 1 })),
          articles: articles.map((a, i) => ({ ...a, section: 'News', pages: [i + 1] })),
          rejected,
          warnings: [],
        },
        timings: { total: 0 },
      },
    };
  }) as FakeBuilder;
  build.calls = 0;
  return build;
}
