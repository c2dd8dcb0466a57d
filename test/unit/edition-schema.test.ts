/** Issue 12, item 6: one schema for edition.yaml, with the page limits the composer really supports. */
import { describe, expect, it } from 'vitest';
import { columnWidthMm, EDITION_LIMITS, validateEditionSettings } from '../../lambdas/core/edition-schema';
import { gridFor, resolveLayoutConfig } from '../../lambdas/core/layout/config';

describe('edition.yaml schema', () => {
  it('refuses a page too small to lay out (60 × 60 mm crashed the build) and says what is allowed', () => {
    const { settings, problems } = validateEditionSettings({ pageSize: { widthMm: 60, heightMm: 60 } });
    expect(settings.pageSize).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/`pageSize` should be .* at least 120 × 160 mm .*smaller pages cannot be laid out.*it was ignored/)]);
    const { config, warnings } = resolveLayoutConfig({ pageSize: { widthMm: 60, heightMm: 60 } });
    expect(config).toMatchObject({ widthMm: 315, heightMm: 470 });
    expect(warnings[0]).toMatch(/^edition\.yaml: `pageSize`/);
  });

  it('accepts the smallest supported page and lays out a grid on it', () => {
    const { config, warnings } = resolveLayoutConfig({ pageSize: { widthMm: EDITION_LIMITS.minWidthMm, heightMm: EDITION_LIMITS.minHeightMm } });
    expect(warnings).toEqual([]);
    const grid = gridFor(config);
    expect(grid.rows).toBeGreaterThan(20);
    expect(columnWidthMm({ widthMm: 120, heightMm: 160 })).toBeGreaterThanOrEqual(EDITION_LIMITS.minColumnWidthMm);
  });

  it('refuses more columns than the page has room for, keeping the page', () => {
    const { settings, problems } = validateEditionSettings({ pageSize: { widthMm: 170, heightMm: 240 }, columns: 8 });
    expect(settings).toEqual({ pageSize: { widthMm: 170, heightMm: 240 } });
    expect(problems).toEqual([expect.stringMatching(/8 columns on a 170 × 240 mm page are 15\.3 mm wide, and the composer needs at least 20 mm/)]);
  });

  it('keeps narrow columns it has room for, and says what lines they make and what the page takes by itself', () => {
    // The sample's `columns: 5` kept when only the page size changed to A5.
    const a5 = validateEditionSettings({ pageSize: { widthMm: 148, heightMm: 210 }, columns: 5 });
    expect(a5.settings.columns).toBe(5);
    expect(a5.problems).toEqual([expect.stringMatching(/^`columns`: 5 columns on a 148 × 210 mm page are 22\.4 mm wide, lines of four or five words.*the page's own 3 are 40\.0 mm/)]);
    expect(validateEditionSettings({ pageSize: 'a4', columns: 6 }).problems).toEqual([expect.stringMatching(/6 columns on an A4 page are 28\.3 mm wide/)]);
    // Columns of 30 mm or more, or no more than the page's own, pass without a word.
    for (const [pageSize, columns] of [['berliner', 8], ['tabloid', 7], ['a4', 5], [{ widthMm: 120, heightMm: 160 }, 2]] as const) {
      expect(validateEditionSettings({ pageSize, columns }).problems, `${JSON.stringify(pageSize)} ${columns}`).toEqual([]);
    }
  });

  it('takes control characters out of its text, as out of the stories: the masthead and the Inside box print no escape sequence', () => {
    const { settings, problems } = validateEditionSettings({
      paper: 'The \u001b[31mMekong\u0007 Post',
      sections: ['News', 'Sport\u0085\u202e', '\u0007\u0008'],
      pages: { 'News\u001b': 2 },
    });
    expect(settings.paper).toBe('The [31mMekong Post');
    // A name of nothing but controls is no name: the list is refused as any list with an empty name.
    expect(settings.sections).toBeUndefined();
    // Each setting that held any is told so (the 82nd round: they were left out without a word).
    expect(problems).toEqual([
      '`paper` held U+001B, U+0007 (control characters); they were left out, as from every text of the edition',
      expect.stringMatching(/^`sections` should be/),
      '`pages` held U+001B (a control character); it was left out, as from every text of the edition',
    ]);
    expect(validateEditionSettings({ sections: ['News', 'Sport\u0085\u202e'] }).settings.sections).toEqual(['News', 'Sport']);
    expect(settings.pages).toEqual({ News: 2 });
  });

  it('cleans the issue and the house ads too: a U+202E in either reversed the rest of the masthead or the ad as printed', () => {
    // An adversarial review: `issue` (as text) and `houseAds` passed the cleaning every other text
    // of edition.yaml and of the stories passes, and printed an escape sequence and a bidi override.
    const { settings, problems } = validateEditionSettings({
      issue: '7\u202eevil\u001b[31m',
      houseAds: [{ headline: 'Subscribe\u202e today\u0007', text: '\u001b[2JThe reader, \u2066everywhere' }, { headline: 12, text: 3 }],
    });
    expect(problems).toEqual([
      '`issue` held U+202E, U+001B (a bidi control and a control character); they were left out, as from every text of the edition',
      '`houseAds` held U+202E, U+0007, U+001B and 1 more (bidi controls and control characters); they were left out, as from every text of the edition',
    ]);
    expect(settings.issue).toBe('7evil[31m');
    expect(settings.houseAds).toEqual([{ headline: 'Subscribe today', text: '[2JThe reader, everywhere' }, { headline: 12, text: 3 }]);
    const { config } = resolveLayoutConfig({ issue: '\u202e7', houseAds: [{ headline: 'Ad\u202e', text: 'Text\u0007' }] });
    expect(config.issue).toBe('7');
    expect(config.houseAds).toEqual([{ headline: 'Ad', text: 'Text' }]);
    // What passed before passes as before: a number, text, an ad without text; nothing but controls is no headline.
    expect(validateEditionSettings({ issue: 7, houseAds: [{ headline: ' Letters ' }] }).settings).toEqual({ issue: 7, houseAds: [{ headline: 'Letters' }] });
    expect(validateEditionSettings({ houseAds: [{ headline: '\u202e\u0007' }] }).problems).toEqual([expect.stringMatching(/^`houseAds` should be/)]);
  });

  it('checks every setting with one schema: types, limits, unknown keys', () => {
    const { settings, problems } = validateEditionSettings({
      paper: 'The Mekong Post',
      columns: 12,
      sections: [],
      continuedOn: 'Turn to page',
      insideTitle: 'In this edition',
      price: 10000,
      houseAds: 'buy now',
      colour: 'blue',
    });
    expect(settings).toEqual({ paper: 'The Mekong Post', insideTitle: 'In this edition', price: '10000' });
    expect(problems).toEqual([
      '`columns` should be a whole number of columns from 2 to 8; it was ignored',
      '`sections` should be a list of 1 to 40 section names; it was ignored',
      '`continuedOn` should be text with {page} where the page number goes; it was ignored',
      '`houseAds` should be a list of entries with a headline (and optionally text); it was ignored',
      'unknown setting `colour` was ignored',
    ]);
  });

  it('keeps each setting\'s coercions and refusals (checked value by value against the classic zod schema it replaced)', () => {
    const accepted = (raw: Record<string, unknown>) => validateEditionSettings(raw).settings;
    const refused = (raw: Record<string, unknown>) => validateEditionSettings(raw).problems.length;
    expect(accepted({ price: 2.5, paper: ' The  Herald ' })).toEqual({ price: '2.5', paper: 'The  Herald' });
    expect(accepted({ sections: ['Cafe\u0301', ' World '] })).toEqual({ sections: ['Café', 'World'] });
    expect(accepted({ continuedOn: ' Turn to {page} ', publish: ' AUTO ', lead: ' Mekong-Rice ' })).toEqual({ continuedOn: 'Turn to {page}', publish: 'auto', lead: 'mekong-rice' });
    expect(accepted({ publishAt: ' 2026-11-28T05:00:00+07:00 ' })).toEqual({ publishAt: '2026-11-27T22:00:00.000Z' });
    expect(accepted({ publishAt: new Date('2026-11-28T05:00:00Z') })).toEqual({ publishAt: '2026-11-28T05:00:00.000Z' });
    expect(accepted({ houseAds: [{ headline: 42 }, { headline: 'Subscribe', text: 'Now' }] })).toEqual({ houseAds: [{ headline: 42 }, { headline: 'Subscribe', text: 'Now' }] });
    expect(accepted({ issue: 'No. 7', columns: 5, pageSize: 'Tabloid', pages: { ' World ': 2 } })).toEqual({ issue: 'No. 7', columns: 5, pageSize: 'tabloid', pages: { World: 2 } });
    for (const bad of [
      { issue: 2.5 }, { issue: 0 }, { price: Infinity }, { paper: '' }, { continuedOn: 'Turn over' }, { sections: [] }, { sections: ['a', ''] },
      { pageSize: { widthMm: 300, heightMm: 400, extra: 1 } }, { pageSize: { widthMm: '300', heightMm: 400 } }, { columns: 4.5 }, { columns: '5' },
      { houseAds: [{ headline: '' }] }, { front: [] }, { pages: { National: 0 } }, { pages: { National: 2.5 } }, { publish: 'later' },
      { publishAt: '2026-11-28T05:00:00' }, { publishAt: 'tomorrow' }, { publishAt: new Date('x') },
    ]) {
      expect(refused(bad), JSON.stringify(bad)).toBe(1);
      expect(accepted(bad), JSON.stringify(bad)).toEqual({});
    }
  });
});
