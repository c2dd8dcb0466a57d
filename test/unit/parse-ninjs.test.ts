import { describe, expect, it } from 'vitest';
import type { ParseOutcome } from '../../lambdas/core/article';
import { parseArticle } from '../../lambdas/core/parse/index';
import { pickRendition, plainTextToBlocks, urgencyToPriority } from '../../lambdas/core/parse/ninjs';

const parse = (doc: unknown, names?: string[], file = 'wire/story.json'): ParseOutcome =>
  parseArticle(file, new TextEncoder().encode(typeof doc === 'string' ? doc : JSON.stringify(doc)), names ? { inputNames: new Set(names) } : {});
const reasonOf = (outcome: ParseOutcome): string => (outcome.ok ? 'accepted' : outcome.rejection.reason);

describe('ninjs HTML bodies', () => {
  it('prints an image inside body_html that names a file of the input folder as a figure, and tells the editor of one that does not', () => {
    const outcome = parse(
      { uri: 'urn:y', type: 'text', headline: 'Buses', body_html: '<p>Before.</p><figure><img src="a.jpg"><figcaption>A bus.</figcaption></figure><p>After.<img src="b.jpg"><img src="https://cdn.example/c.jpg" alt="C"></p>' },
      ['wire/story.json', 'wire/a.jpg'],
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.warnings.map((w) => w.message)).toEqual([
      "the photo 'wire/b.jpg' in the text was not found; it was left out",
      'a photo in the text names no file of the input folder (remote and data: URLs are never loaded); it was left out',
    ]);
    expect(outcome.article.body.map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b))).toEqual(['Before.', { kind: 'figure', ref: 'wire/a.jpg', caption: 'A bus.' }, 'After.']);
  });
});

describe('ninjs pictures besides the featured one', () => {
  const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `<p>Paragraph ${i + 1}.</p>`).join('');
  const shape = (outcome: ParseOutcome) => (outcome.ok ? outcome.article.body.map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.kind === 'figure' ? `[${b.ref}|${b.caption ?? ''}|${b.credit ?? ''}]` : b.kind)) : reasonOf(outcome));

  it('prints a 1.x item’s second and third pictures as figures spread through its paragraphs, the featured one as its photo', () => {
    const outcome = parse(
      {
        uri: 'urn:p',
        type: 'text',
        headline: 'Floods in the delta',
        body_html: paragraphs(6),
        associations: {
          featuremedia: { type: 'picture', renditions: { original: { href: 'a.jpg' } }, description_text: 'The first.' },
          mainpic2: { type: 'picture', renditions: { small: { href: 'b-small.jpg', width: 320, height: 200 }, large: { href: 'b.jpg', width: 1600, height: 1000 } }, description_html: '<p>The  <b>second</b>\n photo.</p>', byline: 'Lan Anh' },
          video: { type: 'video', renditions: { mp4: { href: 'v.mp4' } } },
          mainpic3: { type: 'picture', renditions: { original: { href: 'c.jpg' } } },
        },
      },
      ['wire/story.json', 'wire/a.jpg', 'wire/b.jpg', 'wire/b-small.jpg', 'wire/c.jpg'],
    );
    expect(outcome.ok && outcome.article.image).toMatchObject({ ref: 'wire/a.jpg', caption: 'The first.' });
    // Two pictures in six paragraphs: after the second and the fourth.
    expect(shape(outcome)).toEqual(['Paragraph 1.', 'Paragraph 2.', '[wire/b.jpg|The second photo.|Lan Anh]', 'Paragraph 3.', 'Paragraph 4.', '[wire/c.jpg||]', 'Paragraph 5.', 'Paragraph 6.']);
    expect(outcome.ok && outcome.warnings).toEqual([]);
  });

  it('reads a 2.x item’s associations, never repeats a picture its body shows, and leaves out a remote one with a warning', () => {
    const outcome = parse(
      {
        uri: 'urn:q',
        type: 'text',
        headlines: [{ role: 'main', value: 'Rice harvest' }],
        bodies: [{ contenttype: 'text/html', value: `<p>One.</p><figure><img src="b.jpg"><figcaption>B in the text.</figcaption></figure>${paragraphs(2)}` }],
        associations: [
          { name: 'featuremedia', type: 'picture', renditions: [{ href: 'a.jpg' }] },
          { name: 'second', type: 'picture', renditions: [{ href: 'b.jpg' }], descriptions: [{ value: 'B again.' }] },
          { name: 'third', type: 'picture', renditions: [{ href: 'https://cdn.example/c.jpg' }], descriptions: [{ value: 'Remote.' }] },
          { name: 'fourth', type: 'picture', renditions: [{ href: 'a.jpg' }] },
        ],
      },
      ['wire/story.json', 'wire/a.jpg', 'wire/b.jpg'],
    );
    expect(shape(outcome)).toEqual(['One.', '[wire/b.jpg|B in the text.|]', 'Paragraph 1.', 'Paragraph 2.']);
    expect(outcome.ok && outcome.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/^a photo in the text \(“Remote\.”\): .*; it was left out$/)]);
  });

  it('names at most five pictures it cannot use, and counts the rest in one warning', () => {
    const associations: Record<string, unknown> = { featuremedia: { type: 'picture', renditions: { o: { href: 'a.jpg' } } } };
    for (let i = 0; i < 12; i++) associations[`pic${i}`] = { type: 'picture', renditions: { o: { href: i % 2 ? `missing-${i}.jpg` : `https://cdn.example/${i}.jpg` } } };
    const outcome = parse({ uri: 'urn:s', type: 'text', headline: 'Flood of pictures', body_html: '<p>One.</p><p>Two.</p>', associations }, ['wire/story.json', 'wire/a.jpg']);
    expect(shape(outcome)).toEqual(['One.', 'Two.']);
    const messages = outcome.ok ? outcome.warnings.map((w) => w.message) : [];
    expect(messages).toHaveLength(6);
    expect(messages[1]).toBe("the photo 'wire/missing-1.jpg' in the text was not found; it was left out");
    expect(messages[5]).toBe('7 more photos in the text could not be used either (remote, missing or outside the input folder); they were left out');
  });

  it('places a picture of a story with no paragraphs after its text', () => {
    const outcome = parse(
      { uri: 'urn:r', type: 'text', headline: 'Scores', body_html: '<ul><li>One</li></ul>', associations: { featuremedia: { type: 'picture', renditions: { o: { href: 'a.jpg' } } }, pic2: { type: 'picture', renditions: { o: { href: 'b.jpg' } } } } },
      ['wire/story.json', 'wire/a.jpg', 'wire/b.jpg'],
    );
    expect(shape(outcome)).toEqual(['list-item', '[wire/b.jpg||]']);
  });
});

describe('ninjs 1.x', () => {
  const doc = {
    uri: 'urn:x',
    version: '1.3',
    type: 'text',
    language: 'vi',
    headline: 'Coffee prices rise',
    byline: 'Minh Thu',
    located: 'ĐẮK LẮK',
    urgency: 4,
    description_text: 'Growers expect a better season.',
    body_html: '<p>Coffee <b>prices</b> rose.</p><h3>Exports</h3><p>Exporters were pleased.</p>',
    service: [{ name: 'Business' }],
    subject: [{ name: 'Agriculture' }],
    associations: {
      featuremedia: {
        type: 'picture',
        description_text: 'Beans drying in the sun.',
        byline: 'VNS Photo Đoàn Tùng',
        renditions: {
          thumb: { href: 'images/coffee-small.jpg', width: 200, height: 133 },
          original: { href: 'images/coffee.jpg', width: 1800, height: 1200 },
          web: { href: 'https://cdn.example/coffee-huge.jpg', width: 4000, height: 3000 },
        },
      },
    },
  };

  it('maps every field onto the article', () => {
    const outcome = parse(doc, ['wire/story.json', 'wire/images/coffee.jpg', 'wire/images/coffee-small.jpg']);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.warnings).toEqual([]);
    expect(outcome.article).toEqual({
      slug: 'story',
      headline: 'Coffee prices rise',
      section: 'Business',
      priority: 3,
      byline: 'Minh Thu',
      dateline: 'ĐẮK LẮK',
      standfirst: 'Growers expect a better season.',
      // The largest rendition inside the input folder, not the larger remote one.
      image: { ref: 'wire/images/coffee.jpg', caption: 'Beans drying in the sun.', credit: 'VNS Photo Đoàn Tùng' },
      language: 'vi',
      source: 'wire/story.json',
      format: 'ninjs',
      body: [
        { kind: 'paragraph', runs: [{ text: 'Coffee ' }, { text: 'prices', bold: true }, { text: ' rose.' }] },
        { kind: 'crosshead', text: 'Exports' },
        { kind: 'paragraph', runs: [{ text: 'Exporters were pleased.' }] },
      ],
    });
  });

  it('falls back to subject for the section and body_text for the body', () => {
    const outcome = parse({ headline: 'H', subject: [{ name: 'Culture' }], body_text: 'One\nline.\n\nTwo.' });
    expect(outcome.ok && outcome.article.section).toBe('Culture');
    expect(outcome.ok && outcome.article.body).toEqual([
      { kind: 'paragraph', runs: [{ text: 'One line.' }] },
      { kind: 'paragraph', runs: [{ text: 'Two.' }] },
    ]);
  });

  it('never treats body_text as HTML', () => {
    const outcome = parse({ headline: 'H', body_text: '<script>x</script> 1 < 2' });
    expect(outcome.ok && outcome.article.body).toEqual([{ kind: 'paragraph', runs: [{ text: '<script>x</script> 1 < 2' }] }]);
  });

  it('drops a picture that exists only remotely, with a warning', () => {
    const outcome = parse({
      headline: 'H',
      body_text: 'B',
      associations: { featuremedia: { type: 'picture', renditions: { a: { href: 'http://127.0.0.1:9/a.jpg' } } } },
    });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.article.image).toBeUndefined();
    expect(outcome.warnings[0].message).toContain('remote');
  });
});

describe('ninjs 2.x', () => {
  it('reads headlines[], bodies[], descriptions[], by and associations[]', () => {
    const outcome = parse(
      {
        headlines: [{ role: 'short', value: 'Short' }, { role: 'main', value: 'Hà Nội opens a metro line' }],
        by: 'Corpus Wire',
        located: 'HÀ NỘI',
        urgency: 1,
        // An image inside an HTML description is no part of its words (its alt text stays out of the standfirst).
        descriptions: [{ role: 'caption', value: 'no' }, { role: 'summary', contenttype: 'text/html', value: '<p>The line links <img src="map.png" alt="A map">west and centre.</p>' }],
        bodies: [
          { contenttype: 'text/plain', value: 'plain fallback' },
          { contenttype: 'text/html', value: '<p>First <i>passengers</i>.</p>' },
        ],
        subjects: [{ name: 'Society' }],
        associations: [
          {
            name: 'featuremedia',
            type: 'picture',
            by: 'VNS Photo',
            descriptions: [{ value: 'The train.' }],
            renditions: [
              { name: 'small', href: 'metro-s.jpg', width: 100, height: 50 },
              { name: 'large', href: 'metro.jpg', width: 1000, height: 500 },
            ],
          },
        ],
      },
      ['story.json', 'metro.jpg', 'metro-s.jpg'],
      'story.json',
    );
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.article).toMatchObject({
      headline: 'Hà Nội opens a metro line',
      byline: 'Corpus Wire',
      dateline: 'HÀ NỘI',
      priority: 1,
      standfirst: 'The line links west and centre.',
      section: 'Society',
      image: { ref: 'metro.jpg', caption: 'The train.', credit: 'VNS Photo' },
      body: [{ kind: 'paragraph', runs: [{ text: 'First ' }, { text: 'passengers', italic: true }, { text: '.' }] }],
    });
  });

  it('rejects a 2.x document without a headline value', () => {
    expect(reasonOf(parse({ headlines: [{ role: 'main' }], bodies: [] }))).toContain('`headlines`');
  });
});

describe('ninjs validation', () => {
  it('rejects broken, deep, wrongly typed and non-object JSON', () => {
    expect(reasonOf(parse('{"headline": "x",'))).toContain('not valid JSON');
    expect(reasonOf(parse(`{"headline":"x","a":${'['.repeat(65)}${']'.repeat(65)}}`))).toContain('nested more than 64');
    expect(parse(`{"headline":"x","a":${'['.repeat(63)}${']'.repeat(63)}}`).ok).toBe(true);
    expect(reasonOf(parse({ headline: 42 }))).toBe('the headline must be text, but it is a number (42)');
    expect(reasonOf(parse([1, 2]))).toContain('not a list');
    expect(reasonOf(parse({ body_text: 'x' }))).toContain('no headline');
  });

  it('says where broken JSON breaks, by line and column, in words, without quoting the file back', () => {
    // V8's own message quotes the file (line breaks and all) or gives a character offset, and
    // differs between Node 20 and the Lambda's 22.
    const story = '{\n  "headline": "Port reopens",\n  "body_text": "First line\nsecond line"\n}';
    expect(reasonOf(parse(story))).toBe(
      'the file is not valid JSON: at line 3, column 16, text in quotes is not closed on its line: a line break inside it is written \\n; check its brackets, commas and quotes',
    );
    expect(reasonOf(parse('{\n  "headline": tru\n}'))).toMatch(/^the file is not valid JSON: at line 2, column 15, something JSON does not allow/);
    expect(reasonOf(parse('{"headline": "x"}\n}'))).toContain('at line 2, column 1, more follows the end of the JSON');
    expect(reasonOf(parse('{"headline": "x",}'))).toContain('at line 1, column 18, a field name in double quotes was expected');
    expect(reasonOf(parse('{"headline": "x", "body_text": "y"'))).toContain('at line 1, column 35, a closing } was expected');
  });

  it('maps urgency onto priority as documented', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(urgencyToPriority)).toEqual([1, 1, 2, 3, 3, 4, 4, 5, 5]);
    const outcome = parse({ headline: 'H', urgency: 'soon' });
    expect(outcome.ok && outcome.article.priority).toBe(3);
    expect(outcome.ok && outcome.warnings.some((w) => w.message.includes('`priority`'))).toBe(true);
  });

  it('picks the largest local rendition, else the first remote one', () => {
    expect(pickRendition({ a: { href: 'a.jpg', width: 10, height: 10 }, b: { href: 'b.jpg', width: 20, height: 20 } })).toBe('b.jpg');
    expect(pickRendition([{ href: 'https://x/y.jpg' }])).toBe('https://x/y.jpg');
    expect(pickRendition('nonsense')).toBeUndefined();
  });

  it('splits plain text into paragraphs at blank lines', () => {
    expect(plainTextToBlocks('a\nb\n \nc')).toHaveLength(2);
  });
});

describe('ninjs rendition hrefs', () => {
  it('finds the photo a percent-encoded href names (an href is a URI), as a photo in the body is found', () => {
    // An adversarial review: "images/caf%C3%A9%20photo.jpg" printed its story without the photo,
    // and a picture item so named was refused, while <img src> with the same path printed.
    const names = ['wire/story.json', 'wire/images/café photo.jpg', 'wire/50%25 off.jpg'];
    const item = (href: string, type = 'text') =>
      type === 'picture'
        ? { uri: 'urn:e', type, headline: 'Market', description_text: 'The market.', renditions: { original: { href } } }
        : { uri: 'urn:e', type, headline: 'Market', body_html: '<p>Text.</p>', associations: { featuremedia: { type: 'picture', description_text: 'The market.', renditions: { original: { href } } } } };
    for (const type of ['text', 'picture']) {
      const outcome = parse(item('images/caf%C3%A9%20photo.jpg', type), names);
      expect(outcome.ok && outcome.article.image?.ref).toBe('wire/images/café photo.jpg');
      expect(outcome.ok && outcome.warnings).toEqual([]);
    }
    // An href with a query, as a CMS's rendition carries (`?w=800`), names the file before it;
    // an <img> in body_html too. Neither was found.
    for (const type of ['text', 'picture']) {
      const outcome = parse(item('images/caf%C3%A9%20photo.jpg?w=800#crop', type), names);
      expect(outcome.ok && outcome.article.image?.ref).toBe('wire/images/café photo.jpg');
      expect(outcome.ok && outcome.warnings).toEqual([]);
    }
    const inBody = parse({ uri: 'urn:f', type: 'text', headline: 'Market', body_html: '<p>Text.</p><img src="images/caf%C3%A9%20photo.jpg?w=800" alt="Stalls"><p>More.</p>' }, names);
    expect(inBody.ok && inBody.article.body.filter((b) => b.kind === 'figure')).toEqual([{ kind: 'figure', ref: 'wire/images/café photo.jpg', caption: 'Stalls' }]);
    // A name with a "%" of its own, written as it is, is still found as written.
    const literal = parse(item('50%25 off.jpg'), names);
    expect(literal.ok && literal.article.image?.ref).toBe('wire/50%25 off.jpg');
    // Decoding leads nowhere outside the input folder.
    const escaping = parse(item('%2e%2e/%2e%2e/x.jpg'), [...names, 'x.jpg']);
    expect(escaping.ok && escaping.article.image).toBeUndefined();
  });
});
