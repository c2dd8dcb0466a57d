import { describe, expect, it } from 'vitest';
import { LINE_BREAK, type BodyBlock, type ParseOutcome } from '../../lambdas/core/article';
import { parseArticle } from '../../lambdas/core/parse/index';
import { splitFrontMatter } from '../../lambdas/core/parse/markdown';
import { parseYamlDocument } from '../../lambdas/core/parse/yaml-document';
import { growthRatio } from '../support/growth';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const parse = (text: string, file = 'story.md', names?: string[]): ParseOutcome =>
  parseArticle(file, utf8(text), names ? { inputNames: new Set(names) } : {});
const reasonOf = (outcome: ParseOutcome): string => (outcome.ok ? 'accepted' : outcome.rejection.reason);

describe('Markdown articles', () => {
  it('reads every front matter field and the body blocks', () => {
    const outcome = parse(
      [
        '---',
        'headline: "Mekong farmers plant salt-tolerant rice"',
        'section: National',
        'priority: 1',
        'byline: By Lan Anh',
        'dateline: CẦN THƠ',
        'date: 2019-12-04',
        'standfirst: Seawater creeps inland.',
        'image: images/rice.jpg',
        'caption: A farmer in a field.',
        'credit: VNS Photo',
        'slug: Mekong Rice',
        'language: vi',
        '---',
        '',
        'Farmers are planting **salt-tolerant** rice, *this* season.',
        'Same paragraph.',
        '',
        '## A crosshead',
        '',
        '> A quoted passage',
        '',
        '- first item',
        '- [a link](https://example.com) item',
      ].join('\n'),
      'news/rice.md',
      ['news/rice.md', 'news/images/rice.jpg'],
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.warnings).toEqual([]);
    expect(outcome.article).toEqual({
      slug: 'mekong-rice',
      headline: 'Mekong farmers plant salt-tolerant rice',
      section: 'National',
      priority: 1,
      byline: 'By Lan Anh',
      dateline: 'CẦN THƠ',
      date: '2019-12-04',
      standfirst: 'Seawater creeps inland.',
      image: { ref: 'news/images/rice.jpg', caption: 'A farmer in a field.', credit: 'VNS Photo' },
      language: 'vi',
      source: 'news/rice.md',
      format: 'markdown',
      body: [
        {
          kind: 'paragraph',
          runs: [
            { text: 'Farmers are planting ' },
            { text: 'salt-tolerant', bold: true },
            { text: ' rice, ' },
            { text: 'this', italic: true },
            { text: ' season. Same paragraph.' },
          ],
        },
        { kind: 'crosshead', text: 'A crosshead' },
        { kind: 'quotation', runs: [{ text: 'A quoted passage' }] },
        { kind: 'list-item', runs: [{ text: 'first item' }] },
        { kind: 'list-item', runs: [{ text: 'a link item' }] },
      ],
    });
  });

  it('applies defaults: section News, priority 3, language en, slug from the file name folded to ASCII', () => {
    const outcome = parse('---\nheadline: Tin tức\n---\nBody.\n', 'tin-tức-hà-nội.md');
    expect(outcome.ok && outcome.article).toMatchObject({ slug: 'tin-tuc-ha-noi', section: 'News', priority: 3, language: 'en' });
  });

  it('reads field names case-insensitively', () => {
    const outcome = parse('---\nHeadline: Capitalised\nSection: World\n---\nBody.\n');
    expect(outcome.ok && outcome.article).toMatchObject({ headline: 'Capitalised', section: 'World' });
    expect(outcome.ok && outcome.warnings).toEqual([]);
  });

  it('accepts a YAML date object as well as a string', () => {
    // An explicit timestamp tag makes the yaml package hand over a Date.
    const outcome = parse('---\nheadline: Dated\ndate: !!timestamp 2019-12-04\n---\nBody.\n');
    expect(outcome.ok && outcome.article.date).toBe('2019-12-04');
  });

  it('rejects a missing headline with a reason an editor can act on', () => {
    expect(reasonOf(parse('---\nsection: News\n---\nBody.\n'))).toBe('no headline: add `headline:` to the front matter');
    expect(reasonOf(parse('Just text.\n'))).toContain('no headline: start the file with front matter');
    expect(reasonOf(parse('---\nheadline: "   "\n---\nBody.\n'))).toContain('no headline');
  });

  it('rejects broken YAML, duplicate keys, an alias bomb and a non-mapping front matter', () => {
    expect(reasonOf(parse('---\nheadline: [oops\n---\nBody.\n'))).toContain('not valid YAML (line');
    expect(reasonOf(parse('---\nheadline: A\nheadline: B\n---\nBody.\n'))).toContain('Map keys must be unique');
    const bomb = ['a: &a [x,x,x,x,x,x,x,x,x]'];
    for (const [prev, name] of [['a', 'b'], ['b', 'c'], ['c', 'd'], ['d', 'e']]) bomb.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    expect(reasonOf(parse(`---\n${bomb.join('\n')}\nheadline: Bomb\n---\nBody.\n`))).toContain('too many YAML aliases');
    expect(reasonOf(parse('---\n- a list\n---\nBody.\n'))).toContain('`key: value`');
    expect(reasonOf(parse('---\nheadline: Open\nBody.\n'))).toContain('not closed');
  });

  it('finds a repeated key in linear time, at any depth, its line named (120,000 keys took three minutes)', async () => {
    expect(reasonOf(parse('---\nheadline: A\nsection: News\nheadline: B\n---\nBody.\n'))).toContain('(line 4: Map keys must be unique)');
    expect(reasonOf(parse('---\nheadline: A\nextra:\n  x: 1\n  x: 2\n---\nBody.\n'))).toContain('Map keys must be unique');
    // Keys of other types are other keys, as in the yaml library's own check.
    expect(reasonOf(parse('---\nheadline: A\nextra: {1: a, "1": b}\n---\nBody.\n'))).not.toContain('unique');
    const manyKeys = (count: number) => `headline: Many keys\n${Array.from({ length: count }, (_, i) => `k${i.toString(16)}: 1`).join('\n')}\n`;
    const small = manyKeys(4_000);
    const large = manyKeys(40_000);
    expect(reasonOf(parse(`---\n${large}---\nBody.\n`))).toBe('accepted');
    // Ten times the keys: about ten times the work, not a hundred (the library's own check took
    // 0.3 s for 4,000 and 10.8 s for 40,000). The YAML itself, since parseArticle remembers drafts by their bytes.
    expect(await growthRatio(() => parseYamlDocument(small), () => parseYamlDocument(large), { batches: 3 })).toBeLessThan(25);
  });

  it('allows a few aliases, which are ordinary YAML', () => {
    const outcome = parse('---\nheadline: &h Shared words\nstandfirst: *h\n---\nBody.\n');
    expect(outcome.ok && outcome.article.standfirst).toBe('Shared words');
  });

  it('rejects wrongly typed headlines and impossible dates', () => {
    expect(reasonOf(parse('---\nheadline: [a, b]\n---\nBody.\n'))).toBe('the headline must be text, but it is a list');
    expect(reasonOf(parse('---\nheadline: Ok\ndate: 2019-02-30\n---\nBody.\n'))).toContain('is not a date in the form YYYY-MM-DD');
    // A day in figures alone could be either month.
    expect(reasonOf(parse('---\nheadline: Ok\ndate: 04/12/2019\n---\nBody.\n'))).toContain('YYYY-MM-DD');
    expect(reasonOf(parse('---\nheadline: Ok\ndate: 31 February 2019\n---\nBody.\n'))).toContain('YYYY-MM-DD');
  });

  it('reads a date with its month named, or a moment as exports write it, as its day, saying so', () => {
    for (const [written, day] of [['4 Dec 2019', '2019-12-04'], ['December 4, 2019', '2019-12-04'], ['2019-12-04T23:30:00+07:00', '2019-12-04'], ['2019-12-04T02:00:00Z', '2019-12-04']]) {
      const outcome = parse(`---\nheadline: Ok\ndate: "${written}"\n---\nBody.\n`);
      expect(outcome.ok && outcome.article.date, written).toBe(day);
      expect(outcome.ok && outcome.warnings.map((w) => w.message), written).toContain(`\`date\` '${written}' was read as ${day}`);
    }
  });

  it('warns about, and repairs, bad optional fields', () => {
    const outcome = parse('---\nheadline: Ok\npriority: 9\nsection: [a]\nlanguage: "not a tag"\nheadlin: typo\n---\nBody.\n');
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.article).toMatchObject({ priority: 3, section: 'News', language: 'en' });
    const messages = outcome.warnings.map((w) => w.message).join('\n');
    expect(messages).toContain('`priority` should be a whole number from 1');
    expect(messages).toContain('`section` should be text but is a list');
    expect(messages).toContain('`language`');
    expect(messages).toContain('unknown front matter field `headlin`');
  });

  it('takes a first-line heading (`# …` or underlined with ===) for the headline when the front matter names none, saying so', () => {
    const warned = (outcome: ReturnType<typeof parse>) => (outcome.ok ? outcome.warnings.map((w) => w.message) : []);
    const bare = parse('\n# Big news in *Hà Nội* #\n\nThe city said so on Monday.\n\n## Later\n\nMore.\n', 'a.md', ['a.md']);
    expect(bare.ok && bare.article.headline).toBe('Big news in Hà Nội');
    expect(bare.ok && bare.article.body).toEqual([
      { kind: 'paragraph', runs: [{ text: 'The city said so on Monday.' }] },
      { kind: 'crosshead', text: 'Later' },
      { kind: 'paragraph', runs: [{ text: 'More.' }] },
    ]);
    expect(warned(bare)).toEqual(['the heading on its first line (`# …`) was read as the headline']);
    const underlined = parse('---\nsection: World\n---\nA river rises\n=============\n\nIt rained.\n', 'b.md', ['b.md']);
    expect(underlined.ok && underlined.article).toMatchObject({ headline: 'A river rises', section: 'World', body: [{ kind: 'paragraph', runs: [{ text: 'It rained.' }] }] });
    // With a headline of its own, the first heading stays where it is, a crosshead.
    const named = parse('---\nheadline: Ours\n---\n# A heading\n\nText.\n', 'c.md', ['c.md']);
    expect(named.ok && named.article.headline).toBe('Ours');
    expect(named.ok && named.article.body[0]).toEqual({ kind: 'crosshead', text: 'A heading' });
    // A body that does not open with one is still refused for want of a headline.
    expect(parse('Just text.\n\n# Late heading\n', 'd.md', ['d.md']).ok).toBe(false);
  });

  it('reads the names other tools give three fields (title, author, category) as ours, saying so, unless ours are there too', () => {
    const exported = parse('---\ntitle: Flood sensors for Hà Nội\nauthor: Trần Minh Châu\ncategory: National\n---\nBody.\n', 'a.md', ['a.md']);
    expect(exported.ok && exported.article).toMatchObject({ headline: 'Flood sensors for Hà Nội', byline: 'Trần Minh Châu', section: 'National' });
    const warned = (outcome: ReturnType<typeof parse>) => (outcome.ok ? outcome.warnings.map((w) => w.message) : []);
    expect(warned(exported)).toEqual(['`author` was read as `byline`', '`category` was read as `section`', '`title` was read as `headline`']);
    const both = parse('---\nHeadline: Ours\ntitle: Theirs\n---\nBody.\n', 'b.md', ['b.md']);
    expect(both.ok && both.article.headline).toBe('Ours');
    expect(warned(both)).toEqual(['unknown front matter field `title` was ignored']);
  });

  it('drops remote, absolute, traversing and missing photos with a warning, keeping the article', () => {
    const cases: [string, string][] = [
      ['http://127.0.0.1:9/x.jpg', 'remote'],
      ['//evil.example/x.jpg', 'remote'],
      ['file:///etc/passwd', 'remote'],
      ['data:image/png;base64,AAAA', 'remote'],
      ['/etc/passwd', 'not relative'],
      ['../../etc/passwd', 'outside the input folder'],
      ['\\images\\x.jpg', 'not relative'],
      ['C:\\Users\\desk\\x.jpg', 'a place on one computer'],
      ['images/missing.jpg', 'was not found'],
    ];
    for (const [ref, expected] of cases) {
      const outcome = parse(`---\nheadline: Ok\nimage: '${ref}'\ncaption: Cap\n---\nBody.\n`, 'story.md', ['story.md']);
      expect(outcome.ok, ref).toBe(true);
      if (!outcome.ok) continue;
      expect(outcome.article.image, ref).toBeUndefined();
      const messages = outcome.warnings.map((w) => w.message);
      expect(messages.some((m) => m.includes(expected)), `${ref}: ${messages.join(' | ')}`).toBe(true);
      expect(messages).toContain('caption without photo: the caption was dropped');
    }
  });

  it('finds a photo in the images/ folder when it is not beside the article', () => {
    const outcome = parse('---\nheadline: Ok\nimage: rice.jpg\n---\nBody.\n', 'news/a.md', ['news/a.md', 'news/images/rice.jpg']);
    expect(outcome.ok && outcome.article.image).toEqual({ ref: 'news/images/rice.jpg' });
    const beside = parse('---\nheadline: Ok\nimage: rice.jpg\n---\nBody.\n', 'news/a.md', ['news/a.md', 'news/rice.jpg', 'news/images/rice.jpg']);
    expect(beside.ok && beside.article.image).toEqual({ ref: 'news/rice.jpg' });
  });

  it('enforces the headline and body limits', () => {
    expect(reasonOf(parse(`---\nheadline: "${'h'.repeat(301)}"\n---\nBody.\n`))).toBe('the headline is 301 characters long; the limit is 300');
    expect(parse(`---\nheadline: "${'h'.repeat(300)}"\n---\nBody.\n`).ok).toBe(true);
    expect(reasonOf(parse(`---\nheadline: Long\n---\n${'w '.repeat(20_001)}\n`))).toContain('20,001 words');
    expect(parse(`---\nheadline: Long\n---\n${'w '.repeat(20_000)}\n`).ok).toBe(true);
  });

  it('splits front matter only when the file starts with ---', () => {
    expect(splitFrontMatter('---\na: 1\n---\nbody')).toEqual({ yaml: 'a: 1', body: 'body' });
    expect(splitFrontMatter('body\n---\n')).toEqual({ body: 'body\n---\n' });
  });
});

describe('Markdown line breaks', () => {
  const textsOf = (blocks: readonly BodyBlock[]) => blocks.map((b) => ('runs' in b ? b.runs.map((r) => r.text).join('') : ''));

  it('ends a line where the writer made a hard break (two spaces, a backslash) or a code block line, and joins soft breaks', () => {
    const body = 'The river keeps no diary,  \n*it writes* each morning\\\nover the last.\nA soft break.\n\n> I carry what it cannot hold:  \n> a bicycle, a bride.\n\n    06:00 Bến Thành\n    06:30 Chợ Lớn\n';
    for (const tail of ['', '\n<p>Typed <b>HTML</b>.</p>\n']) {
      const outcome = parse(`---\nheadline: H\n---\n\n${body}${tail}`);
      if (!outcome.ok) throw new Error(outcome.rejection.reason);
      expect(textsOf(outcome.article.body).slice(0, 3)).toEqual([
        `The river keeps no diary,${LINE_BREAK}it writes each morning${LINE_BREAK}over the last. A soft break.`,
        `I carry what it cannot hold:${LINE_BREAK}a bicycle, a bride.`,
        `06:00 Bến Thành${LINE_BREAK}06:30 Chợ Lớn`,
      ]);
      expect(outcome.article.body[0]).toMatchObject({ runs: [{ text: `The river keeps no diary,${LINE_BREAK}` }, { text: 'it writes', italic: true }, {}] });
    }
  });

  it('joins the soft breaks of a paragraph after a code block (only the block\'s lines end where written)', () => {
    const outcome = parse('---\nheadline: H\n---\n\n    06:00 Bến Thành\n    06:30 Chợ Lớn\n\nBuses run\nevery hour.\n');
    if (!outcome.ok) throw new Error(outcome.rejection.reason);
    expect(textsOf(outcome.article.body)).toEqual([`06:00 Bến Thành${LINE_BREAK}06:30 Chợ Lớn`, 'Buses run every hour.']);
  });
});

describe('Markdown footnotes', () => {
  const body = 'The ministry said so.[^src] Another claim[^2] and the first again.[^src]\n\nInline^[Said on Tuesday.] too.\n\n[^src]: Figures from the 2019 census.\n[^2]: A note with **bold**.\n\n    Its second paragraph.\n';
  const textsOf = (blocks: readonly BodyBlock[]) => blocks.map((b) => ('runs' in b ? b.runs.map((r) => r.text).join('') : ''));

  it('prints references as superior figures and the notes at the end, each opening with its figure', () => {
    const outcome = parse(`---\nheadline: H\n---\n\n${body}`);
    if (!outcome.ok) throw new Error(outcome.rejection.reason);
    expect(textsOf(outcome.article.body)).toEqual([
      'The ministry said so.¹ Another claim² and the first again.¹',
      'Inline³ too.',
      '¹ Figures from the 2019 census.',
      '² A note with bold.',
      'Its second paragraph.',
      '³ Said on Tuesday.',
    ]);
    expect(outcome.article.body[3]).toMatchObject({ runs: [{ text: '² A note with ' }, { text: 'bold', bold: true }, { text: '.' }] });
    expect(JSON.stringify(outcome.article.body)).not.toMatch(/\[\^|\^\[/);
  });

  it('gives the same notes when the body also carries raw HTML (the sanitizer\'s road)', () => {
    const outcome = parse(`---\nheadline: H\n---\n\n${body}\n<p>Typed <b>HTML</b>.</p>\n`);
    if (!outcome.ok) throw new Error(outcome.rejection.reason);
    const texts = textsOf(outcome.article.body);
    expect(texts).toContain('¹ Figures from the 2019 census.');
    expect(texts[0]).toBe('The ministry said so.¹ Another claim² and the first again.¹');
    expect(texts).toContain('Typed HTML.');
  });

  it('prints a note nothing refers to where it was written, and says so', () => {
    const outcome = parse('---\nheadline: H\n---\n\nA claim.[^a]\n\n[^orphan]: A note the writer forgot to mark.\n\n[^a]: The marked note.\n');
    if (!outcome.ok) throw new Error(outcome.rejection.reason);
    expect(textsOf(outcome.article.body)).toEqual(['A claim.¹', 'A note the writer forgot to mark.', '¹ The marked note.']);
    expect(outcome.warnings.map((w) => w.message)).toEqual([expect.stringContaining('a footnote has no marker')]);
  });

  it('prints the markers of a body with more footnotes than MAX_FOOTNOTE_MARKERS allows as written, and says so', async () => {
    // The footnote rule's work grows with the square of the notes: a hostile file's thousands are
    // not read as notes at all (limits.ts).
    const { MAX_FOOTNOTE_MARKERS } = await import('../../lambdas/core/limits');
    const notes = MAX_FOOTNOTE_MARKERS / 2 + 1;
    const many = `${Array.from({ length: notes }, (_, i) => `claim${i}[^n${i}]`).join(' ')}\n\n${Array.from({ length: notes }, (_, i) => `[^n${i}]: note ${i}`).join('\n')}\n`;
    const outcome = parse(`---\nheadline: H\n---\n\n${many}`);
    if (!outcome.ok) throw new Error(outcome.rejection.reason);
    expect(outcome.warnings.map((w) => w.message)).toEqual([expect.stringContaining(`more than ${MAX_FOOTNOTE_MARKERS} footnote markers`)]);
    const text = textsOf(outcome.article.body).join(' ');
    expect(text).toContain('claim0[^n0]');
    expect(text).toContain(`[^n${notes - 1}]: note ${notes - 1}`);
    // One note fewer is read as notes.
    const fewer = `${Array.from({ length: notes - 1 }, (_, i) => `claim${i}[^n${i}]`).join(' ')}\n\n${Array.from({ length: notes - 1 }, (_, i) => `[^n${i}]: note ${i}`).join('\n')}\n`;
    const read = parse(`---\nheadline: H\n---\n\n${fewer}`);
    if (!read.ok) throw new Error(read.rejection.reason);
    expect(read.warnings).toEqual([]);
    expect(textsOf(read.article.body)).toHaveLength(notes);
  });

  it('leaves a reference with no note as written, so no text is lost', () => {
    const outcome = parse('---\nheadline: H\n---\n\nA claim[^missing].\n');
    if (!outcome.ok) throw new Error(outcome.rejection.reason);
    expect(textsOf(outcome.article.body)).toEqual(['A claim[^missing].']);
  });
});

describe('Markdown bodies read without the sanitizer', () => {
  // Markdown's own output is read directly; the sanitizer is for HTML a writer typed. Both roads
  // must give the same blocks for every body without raw HTML, however it is written.
  const bodies: Record<string, string> = {
    'emphasis, links, entities and breaks': 'A **bold** and *italic* and ***both*** word, a [link](javascript:alert(1)), AT&amp;T, 3 &lt; 4, `code`, ~~struck~~ and a hard  \nbreak.\n\nSecond paragraph with an autolink <https://example.com> and an image (![image](x.jpg)) after it.',
    'headings of every level': '# Top\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\nText after.',
    'lists': '1. one\n2. two\n   - nested *a*\n   - nested b\n\n   more of two\n3. three\n\n7) seven\n8) eight\n\n- loose\n\n- items',
    'quotes': '> quoted **strong**\n>\n> second para\n> > inner quote\n\n> - list in a quote\n> - second',
    'quotes nested deeper than the sanitizer keeps': `${Array.from({ length: 40 }, () => '>').join(' ')} very deep\n\nafter`,
    'code, rules and tables': '```\nconst x = 1 < 2;\n```\n\n    indented code\n\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nEnd.',
    'Vietnamese and quotes': 'Ông “Nguyễn” nói: ‘Đây là lúa chịu mặn’ — thật.\n\nSố liệu: 1.000 ha.',
  };
  for (const [name, body] of Object.entries(bodies)) {
    it(`gives the same blocks as the sanitizer's road: ${name}`, async () => {
      const [{ default: MarkdownIt }, { htmlToBlocks, untrustedHtmlToBlocks }] = await Promise.all([import('markdown-it'), import('../../lambdas/core/parse/html-blocks')]);
      const markdown = new MarkdownIt({ html: true });
      markdown.validateLink = () => true; // as the parser's own instance
      const html = markdown.render(body);
      const outcome = parse(`---\nheadline: H\n---\n\n${body}`);
      if (!outcome.ok) throw new Error(outcome.rejection.reason);
      expect(outcome.article.body.length).toBeGreaterThan(0);
      expect(outcome.article.body).toEqual(untrustedHtmlToBlocks(html));
      expect(htmlToBlocks(html)).toEqual(untrustedHtmlToBlocks(html));
    });
  }

  it('keeps every item of lists nested deeper than the sanitizer would keep (it unwraps past 32 tags), and all their text', async () => {
    const { untrustedHtmlToBlocks } = await import('../../lambdas/core/parse/html-blocks');
    const { default: MarkdownIt } = await import('markdown-it');
    const body = Array.from({ length: 20 }, (_, i) => `${'  '.repeat(i)}- level ${i}`).join('\n');
    const outcome = parse(`---\nheadline: H\n---\n\n${body}`);
    if (!outcome.ok) throw new Error(outcome.rejection.reason);
    expect(outcome.article.body).toHaveLength(20);
    const textOf = (blocks: readonly BodyBlock[]) => blocks.flatMap((b) => ('runs' in b ? b.runs : [])).map((r) => r.text).join(' ').replace(/\s+/g, ' ');
    expect(textOf(outcome.article.body)).toBe(textOf(untrustedHtmlToBlocks(new MarkdownIt({ html: true }).render(body))));
  });

  it('still sanitizes HTML typed into the body: a script and its text are dropped', () => {
    const outcome = parse('---\nheadline: H\n---\n\nBefore <script>alert("SCRIPT-TEXT")</script> after.\n\n<div onclick="x()">div text</div>\n\n<style>p{}</style>');
    if (!outcome.ok) throw new Error(outcome.rejection.reason);
    const text = JSON.stringify(outcome.article.body);
    expect(text).toContain('Before');
    expect(text).toContain('div text');
    expect(text).not.toContain('SCRIPT-TEXT');
    expect(text).not.toContain('p{}');
  });
});

describe('photos in the text (figures)', () => {
  const figures = (outcome: ParseOutcome) => (outcome.ok ? outcome.article.body.filter((b) => b.kind === 'figure') : []);
  const messages = (outcome: ParseOutcome) => (outcome.ok ? outcome.warnings.map((w) => w.message) : [outcome.rejection.reason]);

  it('prints ![caption](photo "credit") as a figure where it stands, its path resolved against the article, accents and spaces too', () => {
    const text = '---\nheadline: Boats\n---\n\nThe fleet came in.\n\n![Boats at dawn in “Bến Tre”](../images/bến%20tre.jpg "Herald Photo")\n\nThey sold the catch.';
    const outcome = parse(text, 'news/boats.md', ['news/boats.md', 'images/bến tre.jpg']);
    expect(messages(outcome)).toEqual([]);
    expect(outcome.ok && outcome.article.body.map((b) => b.kind)).toEqual(['paragraph', 'figure', 'paragraph']);
    expect(figures(outcome)).toEqual([{ kind: 'figure', ref: 'images/bến tre.jpg', caption: 'Boats at dawn in “Bến Tre”', credit: 'Herald Photo' }]);
    // A file whose own name holds a percent sign is found as written.
    const literal = parse('---\nheadline: Sale\n---\n\nText.\n\n![A sign](50%25off.jpg)\n\nMore.', 'sale.md', ['sale.md', '50%25off.jpg']);
    expect(figures(literal)).toEqual([{ kind: 'figure', ref: '50%25off.jpg', caption: 'A sign' }]);
  });

  it('finds the photo a reference copied from a CMS names with a query or fragment after it, says why when there is none, and still loads nothing remote', () => {
    // `images/x.jpg?w=800` named no file, and the story printed without its photo.
    const names = ['news/a.md', 'news/images/x.jpg', 'news/images/y.jpg', 'news/images/what?.jpg'];
    const text = (image: string, inText: string) => `---\nheadline: Port\nimage: ${image}\n---\n\nText.\n\n![Cranes](${inText})\n\nMore.`;
    const found = parse(text('images/x.jpg?w=800&h=600', 'images/y.jpg#main'), 'news/a.md', names);
    expect(messages(found)).toEqual([]);
    expect(found.ok && found.article.image).toEqual({ ref: 'news/images/x.jpg' });
    expect(figures(found)).toEqual([{ kind: 'figure', ref: 'news/images/y.jpg', caption: 'Cranes' }]);
    // A file whose name holds the character itself is found as written, first.
    expect(figures(parse(text('images/x.jpg', 'images/what?.jpg'), 'news/a.md', names))).toEqual([{ kind: 'figure', ref: 'news/images/what?.jpg', caption: 'Cranes' }]);
    const missing = parse(text('images/z.jpg?w=800', 'images/w.jpg?v=2'), 'news/a.md', names);
    expect(messages(missing)).toEqual([
      "the photo 'news/images/w.jpg?v=2' in the text was not found (nor 'images/w.jpg': the '?v=2' after the file name, a web address's, was left aside); it was left out",
      "the photo 'news/images/z.jpg?w=800' was not found (nor 'images/z.jpg': the '?w=800' after the file name, a web address's, was left aside); the article prints without it",
    ]);
    const remote = parse(text('https://cms.example/images/x.jpg?w=800', 'https://cms.example/images/y.jpg?w=800'), 'news/a.md', names);
    expect(remote.ok && remote.article.image).toBeUndefined();
    expect(figures(remote)).toEqual([]);
  });

  it('finds a photo whose file name differs from the one written only in case, and says so; two such files are no answer', () => {
    const lead = parse('---\nheadline: Ok\nimage: images/img_1234.jpg\n---\n\nText.\n\n![Dawn](images/Ảnh.jpg)\n\nMore.', 'a.md', ['a.md', 'images/IMG_1234.JPG', 'images/ảnh.JPG']);
    expect(lead.ok && lead.article.image).toEqual({ ref: 'images/IMG_1234.JPG' });
    expect(figures(lead)).toEqual([{ kind: 'figure', ref: 'images/ảnh.JPG', caption: 'Dawn' }]);
    expect(messages(lead)).toEqual([
      "the photo 'images/Ảnh.jpg' in the text is named 'images/ảnh.JPG' (the case of its letters differs); that file was used: write its name as it is",
      "the photo 'images/img_1234.jpg' is named 'images/IMG_1234.JPG' (the case of its letters differs); that file was used: write its name as it is",
    ]);
    const two = parse('---\nheadline: Ok\nimage: photo.jpg\n---\nBody.\n', 'a.md', ['a.md', 'Photo.JPG', 'PHOTO.jpg']);
    expect(two.ok && two.article.image).toBeUndefined();
    expect(messages(two)).toContain("the photo 'photo.jpg' was not found; the article prints without it");
  });

  it('leaves out, with a reason, a figure whose photo is not in the input folder, is remote, or is pasted as data:', () => {
    const text = '---\nheadline: Boats\n---\n\nText.\n\n![Gone](gone.jpg)\n\n![Remote](https://example.com/x.jpg)\n\n![Pasted](data:image/png;base64,AAAA)\n\n![Outside](../../x.jpg)\n\nMore text.';
    const outcome = parse(text, 'boats.md', ['boats.md']);
    expect(figures(outcome)).toEqual([]);
    expect(messages(outcome)).toEqual([
      'an image embedded in the body as a data: URI was dropped; put the photo beside the article and name it (`image:`, or `![caption](photo.jpg)` in the text)',
      "the photo 'gone.jpg' in the text was not found; it was left out",
      "a photo in the text (“Remote”): the photo 'https://example.com/x.jpg' is not in the input folder (remote or special URLs are never loaded); it was left out",
      "a photo in the text (“Outside”): the photo path '../../x.jpg' leads outside the input folder; it was left out",
    ]);
    expect(outcome.ok && outcome.article.body.map((b) => b.kind)).toEqual(['paragraph', 'paragraph']);
  });

  it('cuts a caption or credit past 600 characters at a word, with "…", and says so: pasted copy made a photo deeper than a page, and its story was never placed', () => {
    const long = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const outcome = parse(`---\nheadline: Long\nimage: p.jpg\ncaption: "${long}"\n---\n\nText.\n\n![${long}](p.jpg "${long}")\n\nMore.`, 'long.md', ['long.md', 'p.jpg']);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const [figure] = figures(outcome);
    for (const text of [outcome.article.image!.caption!, figure.kind === 'figure' ? figure.caption! : '', figure.kind === 'figure' ? figure.credit! : '']) {
      expect([...text].length).toBeLessThanOrEqual(600);
      expect(text).toMatch(/ word\d+…$/);
      expect(long.startsWith(text.slice(0, -1))).toBe(true);
    }
    expect(messages(outcome)).toEqual([
      `a photo's caption in the text is ${long.length} characters long; it prints cut at 600, at a word, with "…"`,
      `a photo's credit in the text is ${long.length} characters long; it prints cut at 600, at a word, with "…"`,
      `the caption is ${long.length} characters long; it prints cut at 600, at a word, with "…"`,
    ]);
  });

  it(`prints at most ${8} photos of one story's text, and says how many were left out`, () => {
    const body = Array.from({ length: 10 }, (_, i) => `Paragraph ${i}.\n\n![Photo ${i}](p${i}.jpg)`).join('\n\n');
    const outcome = parse(`---\nheadline: Many\n---\n\n${body}`, 'many.md', ['many.md', ...Array.from({ length: 10 }, (_, i) => `p${i}.jpg`)]);
    expect(figures(outcome).map((f) => f.kind === 'figure' && f.ref)).toEqual(['p0.jpg', 'p1.jpg', 'p2.jpg', 'p3.jpg', 'p4.jpg', 'p5.jpg', 'p6.jpg', 'p7.jpg']);
    expect(messages(outcome)).toEqual(['the text has 10 photos; the first 8 print and the last 2 were left out']);
  });
});
