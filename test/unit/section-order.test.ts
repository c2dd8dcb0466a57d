/**
 * The order of sections edition.yaml does not list is the same on every machine: sorted by one
 * fixed collation (en-US, the render Lambda's locale), never by the locale the process runs in.
 * Node takes its default locale from LC_ALL/LANG, so each child below runs under another one.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sectionOrder } from '../../lambdas/core/layout/plan';
import type { StoryMaterial } from '../../lambdas/core/layout/material';

const SECTIONS = ['Tin tức', 'Zoo', 'Đời sống', 'Ärende', 'Du lịch', 'Ölands', 'Thể thao'];

/** Stories standing for their sections: sectionOrder reads nothing else of them. */
function storiesIn(sections: readonly string[]): StoryMaterial[] {
  return sections.map((section) => ({ article: { section } }) as unknown as StoryMaterial);
}

/** In a child Node process under `locale`: its default locale, the plain default sort, and sectionOrder's. */
function inLocale(locale: string): { defaultLocale: string; defaultSort: string[]; order: string[] } {
  const script = `
    import { sectionOrder } from './lambdas/core/layout/plan.ts';
    const sections = ${JSON.stringify(SECTIONS)};
    const stories = sections.map((section) => ({ article: { section } }));
    console.log(JSON.stringify({
      defaultLocale: new Intl.Collator().resolvedOptions().locale,
      defaultSort: [...sections].sort((a, b) => a.localeCompare(b)),
      order: sectionOrder(stories, ['Thể thao']),
    }));`;
  const env = { ...process.env, LC_ALL: `${locale}.UTF-8`, LANG: `${locale}.UTF-8` };
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, encoding: 'utf8', timeout: 60_000 }));
}

describe('the order of sections edition.yaml does not list', () => {
  const expected = ['Thể thao', ...SECTIONS.filter((s) => s !== 'Thể thao').sort(new Intl.Collator('en-US').compare)];

  it('lists the configured sections first, then the others by the en-US collation', () => {
    expect(sectionOrder(storiesIn(SECTIONS), ['Thể thao'])).toEqual(expected);
  });

  it.each(['vi_VN', 'sv_SE'])('is the same in a process whose locale is %s', (locale) => {
    const child = inLocale(locale);
    // The child really ran in that locale, and there a plain sort orders these names otherwise.
    expect(child.defaultLocale).toBe(locale.replace('_', '-'));
    expect(child.defaultSort).not.toEqual([...SECTIONS].sort(new Intl.Collator('en-US').compare));
    expect(child.order).toEqual(expected);
  });
});
