/**
 * Typographic quotes, and the fields that carry quoted text (pull quote, jump head, quotations),
 * from every input format: the conversion happens once, where every parser's draft is finished.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockText, type Article, type ParseOutcome } from '../../lambdas/core/article';
import { resolveLayoutConfig } from '../../lambdas/core/layout/config';
import { parseArticle } from '../../lambdas/core/parse/index';
import { typographicQuotes, typographicRuns } from '../../lambdas/core/parse/quotes';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const accepted = (outcome: ParseOutcome): { article: Article; warnings: string[] } => {
  if (!outcome.ok) throw new Error(outcome.rejection.reason);
  return { article: outcome.article, warnings: outcome.warnings.map((w) => w.message) };
};
/** Every printed text of an article, one string per field or block. */
const printedTexts = (a: Article): string[] =>
  [a.headline, a.standfirst, a.byline, a.dateline, a.image?.caption, a.image?.credit, a.jumpHead, a.pullQuote, ...a.body.map(blockText)].filter(
    (t): t is string => t !== undefined,
  );
const STRAIGHT = /['"]/;

describe('typographicQuotes', () => {
  it('curls apostrophes inside and after words, and before a year', () => {
    expect(typographicQuotes("women's farmers' don't O'Brien the '90s and 1990's")).toBe('women’s farmers’ don’t O’Brien the ’90s and 1990’s');
  });
  it('takes a word that is itself an elision for one, and an inch mark after feet for a prime, even inside a quotation (an adversarial review)', () => {
    expect(typographicQuotes("It's rock 'n' roll, 'til the end. Then 'em all left, 'cause 'twas late.")).toBe('It’s rock ’n’ roll, ’til the end. Then ’em all left, ’cause ’twas late.');
    expect(typographicQuotes('He said "the drummer is 5\'11" tall" and laughed.')).toBe('He said “the drummer is 5\'11" tall” and laughed.');
    // A quotation that opens with another word still opens, and one closed by a number still closes.
    expect(typographicQuotes("'tilted' and 'emerald' stay quotations")).toBe('‘tilted’ and ‘emerald’ stay quotations');
    expect(typographicQuotes('"by 25" and "5\' long"')).toBe('“by 25” and “5\' long”');
  });

  it('opens after a start, space, bracket, dash or opening quote, and closes otherwise', () => {
    expect(typographicQuotes('"Yes," she said. "He told me \'no\'."')).toBe('“Yes,” she said. “He told me ‘no’.”');
    expect(typographicQuotes('(\'scare quotes\') and—"a dash"')).toBe('(‘scare quotes’) and—“a dash”');
    // 'Tis is an elision: its quote is an apostrophe, after an opening quote too.
    expect(typographicQuotes('"\'Tis the season," he said.')).toBe('“’Tis the season,” he said.');
  });
  it('leaves primes after digits alone, but closes a quotation that ends on a number', () => {
    expect(typographicQuotes('He is 5\'11" tall; a 40\' container.')).toBe('He is 5\'11" tall; a 40\' container.');
    expect(typographicQuotes('"The score was 25" and \'it was 3\'')).toBe('“The score was 25” and ‘it was 3’');
  });
  it('keeps curly quotes and makes mixed copy all curly', () => {
    expect(typographicQuotes('“It’s the city\'s best,” said the women\'s team.')).toBe('“It’s the city’s best,” said the women’s team.');
  });
  it('decides across run boundaries without moving text between runs', () => {
    const runs = typographicRuns([{ text: 'He said "' }, { text: 'never', italic: true }, { text: '" twice' }]);
    expect(runs).toEqual([{ text: 'He said “' }, { text: 'never', italic: true }, { text: '” twice' }]);
  });
});

describe('typographic quotes in the story\'s language (a review: German, French and Polish stories printed English quotes)', () => {
  const NBSP = '\u00a0';
  it('uses each language\'s marks from CLDR, outer and inner; English and unknown tags as before', () => {
    const text = `"Ja," sagte er, "sie nannte es 'gut'."`;
    expect(typographicQuotes(text, 'de')).toBe('„Ja,“ sagte er, „sie nannte es ‚gut‘.“');
    expect(typographicQuotes(text, 'de-AT')).toBe('„Ja,“ sagte er, „sie nannte es ‚gut‘.“');
    expect(typographicQuotes(text, 'pl')).toBe('„Ja,” sagte er, „sie nannte es «gut».”');
    expect(typographicQuotes(text, 'ru')).toBe('«Ja,» sagte er, «sie nannte es „gut“.»');
    expect(typographicQuotes(text, 'sv')).toBe('”Ja,” sagte er, ”sie nannte es ’gut’.”');
    expect(typographicQuotes(text, 'ja')).toBe('「Ja,」 sagte er, 「sie nannte es 『gut』.」');
    expect(typographicQuotes(text, 'fr-CH')).toBe('«Ja,» sagte er, «sie nannte es ‹gut›.»');
    for (const language of ['en', 'vi', 'en-GB', 'xx', 'zz-Latn']) expect(typographicQuotes(text, language)).toBe('“Ja,” sagte er, “sie nannte es ‘gut’.”');
  });
  it('sets French guillemets apart with a no-break space, typed with spaces or without', () => {
    expect(typographicQuotes('"Nous partons", a-t-il dit.', 'fr')).toBe(`«${NBSP}Nous partons${NBSP}», a-t-il dit.`);
    expect(typographicQuotes('" Nous partons ", a-t-il dit.', 'fr')).toBe(`«${NBSP}Nous partons${NBSP}», a-t-il dit.`);
    expect(typographicQuotes('Il a dit " oui "', 'fr-CA')).toBe(`Il a dit «${NBSP}oui${NBSP}»`);
    // Typed guillemets and apostrophes stay as typed.
    expect(typographicQuotes("«Oui», dit l'homme.", 'fr')).toBe('«Oui», dit l’homme.');
  });
  it('reads typed marks as the language does: German “ closes, so a prime after it stays a prime', () => {
    expect(typographicQuotes('„Ja“, sagte er: 5" Schnee.', 'de')).toBe('„Ja“, sagte er: 5" Schnee.');
    expect(typographicQuotes('„Es waren 25" sagte er.', 'de')).toBe('„Es waren 25“ sagte er.');
  });
  it('takes a quote after a word for an apostrophe where no single quotation is open (German "Hans\' Auto")', () => {
    expect(typographicQuotes("Hans' Auto und 'das Haus'", 'de')).toBe('Hans’ Auto und ‚das Haus‘');
  });
  it('keeps a run\'s characters in their run, a French guillemet\'s space with its mark', () => {
    expect(typographicRuns([{ text: 'Il dit "' }, { text: 'non', italic: true }, { text: '" deux fois' }], 'fr')).toEqual([
      { text: `Il dit «${NBSP}` },
      { text: 'non', italic: true },
      { text: `${NBSP}» deux fois` },
    ]);
    expect(typographicRuns([{ text: '😀 "' }, { text: 'Ja', italic: true }, { text: '" 😀' }], 'de')).toEqual([{ text: '😀 „' }, { text: 'Ja', italic: true }, { text: '“ 😀' }]);
  });
  it('curls every printed field of a story in its language, and matches its pull quote typed in its marks', () => {
    const { article, warnings } = accepted(
      parseArticle(
        'de.md',
        utf8(['---', 'headline: \'"Ja", sagt der Rat\'', 'language: de', 'standfirst: Der "Plan" der Stadt', 'pullQuote: „Wir bauen die Brücke“', '---', '', 'Er sagte: "Wir bauen die Brücke." Das war alles.'].join('\n')),
      ),
    );
    expect(warnings).toEqual([]);
    expect(article.headline).toBe('„Ja“, sagt der Rat');
    expect(article.standfirst).toBe('Der „Plan“ der Stadt');
    expect(article.body.map(blockText)).toEqual(['Er sagte: „Wir bauen die Brücke.“ Das war alles.']);
    expect(article.pullQuote).toBe('Wir bauen die Brücke');
  });
});

describe('typographic quotes from every input format', () => {
  it('Markdown: headline, standfirst, caption, credit, byline, body runs, crossheads, quotations', () => {
    const { article } = accepted(
      parseArticle(
        'news/q.md',
        utf8(
          [
            '---',
            `headline: "'Don't wait for the rain', says Hà Nội's mayor"`,
            `standfirst: The city's "early warning" plan`,
            `byline: Mai O'Neill`,
            'image: q.jpg',
            `caption: A street in the city's east`,
            `credit: Herald's photo`,
            '---',
            '',
            `"It's *our* street," she said, and the shop's owner agreed.`,
            '',
            `## The city's plan`,
            '',
            `> "Move motorbikes," the message said.`,
          ].join('\n'),
        ),
        { inputNames: new Set(['news/q.md', 'news/q.jpg']) },
      ),
    );
    expect(article.headline).toBe('‘Don’t wait for the rain’, says Hà Nội’s mayor');
    expect(article.standfirst).toBe('The city’s “early warning” plan');
    expect(article.byline).toBe('Mai O’Neill');
    expect(article.image).toEqual({ ref: 'news/q.jpg', caption: 'A street in the city’s east', credit: 'Herald’s photo' });
    expect(article.body).toEqual([
      { kind: 'paragraph', runs: [{ text: '“It’s ' }, { text: 'our', italic: true }, { text: ' street,” she said, and the shop’s owner agreed.' }] },
      { kind: 'crosshead', text: 'The city’s plan' },
      { kind: 'quotation', runs: [{ text: '“Move motorbikes,” the message said.' }] },
    ]);
  });

  it('ninjs 1.x: body_html (entities too), body_text and description_text', () => {
    const html = accepted(
      parseArticle('a.json', utf8(JSON.stringify({ headline: "Farmers' plan", description_text: '"A good year"', body_html: '<p>&quot;Yes,&quot; he said. It&#39;s done.</p>' }))),
    ).article;
    expect(html.headline).toBe('Farmers’ plan');
    expect(html.standfirst).toBe('“A good year”');
    expect(html.body).toEqual([{ kind: 'paragraph', runs: [{ text: '“Yes,” he said. It’s done.' }] }]);
    const text = accepted(parseArticle('b.json', utf8(JSON.stringify({ headline: 'Plan', body_text: "It's \"done\".\n\nThe city's turn." })))).article;
    expect(text.body.map(blockText)).toEqual(['It’s “done”.', 'The city’s turn.']);
  });

  it('ninjs 2.x: XHTML body, headline and descriptions', () => {
    const { article } = accepted(
      parseArticle(
        'c.json',
        utf8(
          JSON.stringify({
            headlines: [{ role: 'main', value: "Port's record year" }],
            descriptions: [{ role: 'summary', value: "Ten million tonnes, the operator's \"best\"" }],
            bodies: [{ contenttype: 'application/xhtml+xml', value: '<p>"We\'re pleased," he said.</p><blockquote><p>\'Cargo rose.\'</p></blockquote>' }],
          }),
        ),
      ),
    );
    expect(article.headline).toBe('Port’s record year');
    expect(article.standfirst).toBe('Ten million tonnes, the operator’s “best”');
    expect(article.body).toEqual([
      { kind: 'paragraph', runs: [{ text: '“We’re pleased,” he said.' }] },
      { kind: 'quotation', runs: [{ text: '‘Cargo rose.’' }] },
    ]);
  });

  it('wire copy: headline, standfirst, body and caption', () => {
    const wire = [
      "Farmers' new rice",
      '',
      'December 04, 2019 - 09:00',
      '',
      'The delta\'s "salt-tolerant" varieties spread.',
      '',
      'CẦN THƠ — "It\'s working," a farmer said.',
      '',
      "A farmer's field in the delta — VNA/VNS Photo Lâm Khánh",
    ].join('\n');
    const { article } = accepted(parseArticle('w.txt', utf8(wire), { inputNames: new Set(['w.txt', 'w.jpg']) }));
    expect(article.headline).toBe('Farmers’ new rice');
    expect(article.standfirst).toBe('The delta’s “salt-tolerant” varieties spread.');
    expect(article.body.map(blockText)).toEqual(['“It’s working,” a farmer said.']);
    expect(article.image?.caption).toBe('A farmer’s field in the delta');
  });

  it('leaves no straight quote in any printed text of the sample edition', () => {
    const files = readdirSync(new URL('../../samples/', import.meta.url)).filter((f) => /\.(md|json|txt)$/.test(f));
    expect(files.length).toBeGreaterThan(20);
    const straight: string[] = [];
    for (const file of files) {
      const { article } = accepted(parseArticle(file, readFileSync(new URL(`../../samples/${file}`, import.meta.url))));
      for (const text of printedTexts(article)) {
        // Primes after digits are the one straight mark allowed.
        if (STRAIGHT.test(text.replace(/\d['"]/g, ''))) straight.push(`${file}: ${text.slice(0, 60)}`);
      }
    }
    expect(straight).toEqual([]);
  });
});

describe('pull quotes, jump heads and quotations', () => {
  const md = (front: string[], body: string) => parseArticle('p.md', utf8(['---', 'headline: Flood sensors', ...front, '---', '', body].join('\n')));
  const BODY = 'The city will fit sensors. "We want them to know earlier, which is enough time to move a motorbike," she said.\n\n> A warning reads: move your motorbike.';

  it('reads `>` as an indented quotation in the body, not as a pull quote', () => {
    const { article } = accepted(md([], BODY));
    expect(article.body.map((b) => b.kind)).toEqual(['paragraph', 'quotation']);
    expect(article.pullQuote).toBeUndefined();
  });

  it('keeps a pull quote that repeats the story, whatever its quotes, case and end stop', () => {
    const { article, warnings } = accepted(md(["pullQuote: '\"We want them to know earlier, which is enough time to move a motorbike.\"'"], BODY));
    expect(warnings).toEqual([]);
    expect(article.pullQuote).toBe('We want them to know earlier, which is enough time to move a motorbike.');
  });

  it('drops a pull quote that is not in the body, with a warning', () => {
    const { article, warnings } = accepted(md(['pullQuote: We never said this at all.'], BODY));
    expect(article.pullQuote).toBeUndefined();
    expect(warnings).toEqual(['`pullQuote` was dropped: a pull quote must repeat words of the story, and this text is not in the body']);
  });

  it('reads `jumpHead` (any spelling of the key) with the headline length limit', () => {
    expect(accepted(md(["jumpHead: City's sensors"], 'Body.')).article.jumpHead).toBe('City’s sensors');
    expect(accepted(md(['jump_head: Sensors'], 'Body.')).article.jumpHead).toBe('Sensors');
    const long = accepted(md([`jumpHead: ${'word '.repeat(80)}`], 'Body.'));
    expect(long.article.jumpHead).toBeUndefined();
    expect(long.warnings[0]).toMatch(/^`jumpHead` was dropped: it is \d+ characters long; the limit is 300$/);
  });

  it('reads a ninjs 2 jump head from the headline with role "jump" or "short"', () => {
    const doc = (role: string) =>
      JSON.stringify({ headlines: [{ role: 'main', value: 'Central port handles record cargo' }, { role, value: 'Port cargo' }], bodies: [{ contenttype: 'text/plain', value: 'Body.' }] });
    expect(accepted(parseArticle('j.json', utf8(doc('jump')))).article.jumpHead).toBe('Port cargo');
    expect(accepted(parseArticle('j.json', utf8(doc('short')))).article.jumpHead).toBe('Port cargo');
    expect(accepted(parseArticle('j.json', utf8(doc('sub')))).article.jumpHead).toBeUndefined();
  });
});

describe('typographic quotes in edition.yaml', () => {
  it('curls the printed settings: house ads and the paper name', () => {
    const { config } = resolveLayoutConfig({ paper: "The People's Paper", houseAds: [{ headline: 'Don\'t miss "Sunday"', text: "Our editors' pick" }] });
    expect(config.paper).toBe('The People’s Paper');
    expect(config.houseAds).toEqual([{ headline: 'Don’t miss “Sunday”', text: 'Our editors’ pick' }]);
  });
  it('curls section names the same way in edition.yaml and in articles, so that they still match', () => {
    const { config } = resolveLayoutConfig({ sections: ["Editor's picks", 'News'] });
    const { article } = accepted(parseArticle('e.md', utf8("---\nheadline: Picks\nsection: Editor's picks\n---\nBody.\n")));
    expect(config.sections).toContain(article.section);
    expect(article.section).toBe('Editor’s picks');
  });
});

describe('pull quote marks', () => {
  const body = "The farmers' fields flooded twice this year, the council said.";
  const pull = (value: string) =>
    accepted(parseArticle('m.md', utf8(['---', 'headline: Fields', `pullQuote: '${value.replace(/'/g, "''")}'`, '---', '', body].join('\n')))).article.pullQuote;
  it('drops a pair of quote marks around the whole pull quote, and nothing else', () => {
    expect(pull('"The farmers\' fields flooded twice this year"')).toBe('The farmers’ fields flooded twice this year');
    expect(pull("The council said the farmers'")).toBeUndefined();
    expect(pull("the farmers'")).toBe('the farmers’');
  });
});
