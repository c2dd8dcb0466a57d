/** Copy for test/render/pull-quote.test.ts: stories of plain words, each paragraph with a planted token. */
const VOCAB = ['news', 'report', 'council', 'river', 'market', 'budget', 'school', 'harbour', 'the', 'ferry', 'rice', 'delta', 'morning', 'keeps', 'water', 'road'];

/**
 * A four-story edition's Markdown, the second story with a pull quote (words of its third
 * paragraph): drawn from `seed` with a fixed generator, a token (T<story>P<paragraph>) in each paragraph.
 */
export function quotedEditionStories(seed: number): { slug: string; text: string; tokens: string[]; quote?: string }[] {
  let state = seed * 7919;
  const rnd = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const words = (n: number, token: string) => Array.from({ length: n }, (_, i) => (i === 3 ? token : VOCAB[Math.floor(rnd() * VOCAB.length)])).join(' ');
  const story = (slug: string, number: number, priority: number, paragraphs: number, quoted: boolean) => {
    const tokens = Array.from({ length: paragraphs }, (_, i) => `T${number}P${i}`);
    const body = tokens.map((token) => `${words(25 + Math.floor(rnd() * 70), token)}.`);
    const quote = quoted ? body[2].split(' ').slice(5, 16).join(' ') : undefined;
    const front = ['---', `headline: Headline for ${slug} by the river`, 'section: National', `priority: ${priority}`, ...(quote ? [`pullQuote: ${quote}`] : []), '---', ''];
    return { slug, text: [...front, body.join('\n\n'), ''].join('\n'), tokens, ...(quote ? { quote } : {}) };
  };
  // The draws in the search's order: each story's paragraph count, then its paragraphs.
  const made: ReturnType<typeof story>[] = [];
  const plan: [string, number, number, number, boolean][] = [
    ['lead', 1, 1, 6, false],
    ['quoted', 2, 2, 6, true],
    ['third', 3, 3, 4, false],
    ['fourth', 4, 4, 3, false],
  ];
  for (const [slug, number, priority, least, quoted] of plan) made.push(story(slug, number, priority, least + Math.floor(rnd() * (slug === 'lead' ? 6 : slug === 'quoted' ? 10 : slug === 'third' ? 5 : 4)), quoted));
  return made;
}

