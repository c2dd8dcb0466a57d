/**
 * A photo's report says which stories print it, and says so when none does (82nd round): on the
 * newsroom's day, `images/a0017-science.jpg` was reported "accepted", pages [], whether its story
 * printed it or named it with a typo; only the story's own report said "was not found".
 */
import { describe, expect, it } from 'vitest';
import { UNPRINTED_PHOTO_WARNING, uploadReports } from '../../lambdas/core/reports';

const NOW = new Date('2026-12-08T05:00:00Z');
const story = (slug: string, photo: string | null, figures?: string[]) => ({ slug, headline: slug, section: 'News', source: `${slug}.md`, photo, ...(figures ? { figures } : {}), pages: [1] });

describe("a photo's report", () => {
  it('names the stories printing it, as their photo or in their text, and warns when none does', () => {
    const files = ['lead.md', 'wire.txt', 'wire.jpg', 'images/lead.jpg', 'images/chart.png', 'images/typo.jpg', 'edition.yaml'].map((name) => ({ name }));
    const manifest = {
      rejected: [],
      warnings: [{ file: 'lead.md', message: "the photo 'images/typ.jpg' in the text was not found; it was left out" }],
      articles: [story('lead', 'images/lead.jpg', ['images/chart.png']), story('wire', 'wire.jpg'), story('brief', null, ['images/chart.png'])],
    };
    const reports = new Map(uploadReports(files, manifest, NOW).map((report) => [report.file, report]));
    expect(reports.get('images/lead.jpg')).toMatchObject({ status: 'accepted', printedWith: ['lead'], warnings: [] });
    expect(reports.get('images/chart.png')).toMatchObject({ status: 'accepted', printedWith: ['lead', 'brief'], warnings: [] });
    expect(reports.get('wire.jpg')).toMatchObject({ status: 'accepted', printedWith: ['wire'], warnings: [] });
    expect(reports.get('images/typo.jpg')).toMatchObject({ status: 'accepted', printedWith: [], warnings: [UNPRINTED_PHOTO_WARNING] });
    // Stories and settings are as they were.
    expect(reports.get('lead.md')).not.toHaveProperty('printedWith');
    expect(reports.get('edition.yaml')).not.toHaveProperty('printedWith');
  });

  it('says nothing of the kind when the edition printed nothing, or its manifest does not record photos', () => {
    const files = [{ name: 'story.md' }, { name: 'photo.jpg' }];
    const nothing = uploadReports(files, { rejected: [{ file: 'story.md', reason: 'no headline' }], warnings: [], articles: [] }, NOW);
    expect(nothing.find((r) => r.file === 'photo.jpg')).toEqual({ file: 'photo.jpg', status: 'accepted', warnings: [], pages: [], updatedAt: NOW.toISOString() });
    const { photo: _unrecorded, ...older } = story('story', null);
    const before = uploadReports(files, { rejected: [], warnings: [], articles: [older] }, NOW);
    expect(before.find((r) => r.file === 'photo.jpg')).toEqual({ file: 'photo.jpg', status: 'accepted', warnings: [], pages: [], updatedAt: NOW.toISOString() });
  });

  it('leaves a refused photo refused, with its reason alone', () => {
    const report = uploadReports([{ name: 'huge.jpg' }], { rejected: [{ file: 'huge.jpg', reason: 'too large' }], warnings: [], articles: [story('lead', null)] }, NOW)[0];
    expect(report).toEqual({ file: 'huge.jpg', status: 'rejected', reason: 'too large', warnings: [], pages: [], updatedAt: NOW.toISOString() });
  });
});
