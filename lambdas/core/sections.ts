/**
 * One spelling per section. A story's `section` that differs from a section edition.yaml lists only
 * in letter case or spacing ("national", "NATIONAL", " National ") is that section, spelt as listed;
 * sections edition.yaml does not list that differ only so are one section, spelt as most of their
 * stories spell it (ties: the first story by file name). Each spelling was a section of its own: the
 * Inside box listed "NATIONAL 2" twice (heads are set in capitals), and a story typed "national"
 * could open a second National head. Pure: the stories and the listed names in, new stories out.
 */
import type { Article, Warning } from './article';

/** What two spellings of one section share: NFC, spacing collapsed, lower case (locale-free). */
export function sectionKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function canonicalSections(articles: readonly Article[], listed: readonly string[]): { articles: Article[]; warnings: Warning[] } {
  const spelling = new Map<string, { name: string; listed: boolean }>();
  for (const name of listed) if (!spelling.has(sectionKey(name))) spelling.set(sectionKey(name), { name, listed: true });
  // The spellings of each unlisted section, with their stories, in the stories' (file name) order.
  const unlisted = new Map<string, Map<string, number>>();
  for (const article of articles) {
    const key = sectionKey(article.section);
    if (spelling.has(key)) continue;
    const counts = unlisted.get(key) ?? new Map<string, number>();
    counts.set(article.section, (counts.get(article.section) ?? 0) + 1);
    unlisted.set(key, counts);
  }
  for (const [key, counts] of unlisted) {
    let best = '';
    let most = 0;
    for (const [name, count] of counts) if (count > most) [best, most] = [name, count];
    spelling.set(key, { name: best, listed: false });
  }
  const warnings: Warning[] = [];
  const canonical = articles.map((article) => {
    const { name, listed: isListed } = spelling.get(sectionKey(article.section))!;
    if (name === article.section) return article;
    warnings.push({
      file: article.source,
      message: `\`section\` '${article.section}' prints as '${name}', ${isListed ? 'as edition.yaml lists it' : 'as most of its stories spell it'}`,
    });
    return { ...article, section: name };
  });
  return { articles: canonical, warnings };
}
