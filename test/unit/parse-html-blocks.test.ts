import { describe, expect, it } from 'vitest';
import { htmlToBlocks, normalizeRuns, untrustedHtmlToBlocks } from '../../lambdas/core/parse/html-blocks';
import { LINE_BREAK } from '../../lambdas/core/article';

describe('htmlToBlocks', () => {
  it('turns paragraphs into runs with bold and italic, whitespace collapsed', () => {
    expect(htmlToBlocks('<p>  Plain <b>bold <i>both</i></b>\n  <em>italic</em>  end </p>')).toEqual([
      {
        kind: 'paragraph',
        runs: [
          { text: 'Plain ' },
          { text: 'bold ', bold: true },
          { text: 'both', bold: true, italic: true },
          { text: ' ' },
          { text: 'italic', italic: true },
          { text: ' end' },
        ],
      },
    ]);
  });

  it('maps headings to crossheads, blockquotes to quotations (one per paragraph, emphasis kept) and list items to list items', () => {
    expect(htmlToBlocks('<h2>Cross <b>head</b></h2><blockquote><p>One <i>said</i></p><p>Two</p></blockquote><ul><li>A</li><li><b>B</b></li></ul>')).toEqual([
      { kind: 'crosshead', text: 'Cross head' },
      { kind: 'quotation', runs: [{ text: 'One ' }, { text: 'said', italic: true }] },
      { kind: 'quotation', runs: [{ text: 'Two' }] },
      { kind: 'list-item', runs: [{ text: 'A' }] },
      { kind: 'list-item', runs: [{ text: 'B', bold: true }] },
    ]);
  });

  it('treats loose text and divs as paragraphs, two <br> as a paragraph break and one as a line break', () => {
    expect(htmlToBlocks('Loose text<div>In a div</div>First<br><br>Second<br>same')).toEqual([
      { kind: 'paragraph', runs: [{ text: 'Loose text' }] },
      { kind: 'paragraph', runs: [{ text: 'In a div' }] },
      { kind: 'paragraph', runs: [{ text: 'First' }] },
      { kind: 'paragraph', runs: [{ text: `Second${LINE_BREAK}same` }] },
    ]);
  });

  it('keeps the line breaks a writer made: alone, with no space beside them, none at a paragraph’s ends', () => {
    // An address as a CMS writes it: spaces and new lines around each <br>, one at the end.
    expect(untrustedHtmlToBlocks('<p><br> Delta Poetry Prize <br>\n  <b>12 Hai Bà Trưng</b><br/>\nNinh Kiều <br></p>')).toEqual([
      { kind: 'paragraph', runs: [{ text: `Delta Poetry Prize${LINE_BREAK}` }, { text: '12 Hai Bà Trưng', bold: true }, { text: `${LINE_BREAK}Ninh Kiều` }] },
    ]);
    // In a quotation and a list item two breaks in a row are one (they do not end the block).
    expect(htmlToBlocks('<blockquote>The river keeps no diary,<br><br>it writes each morning</blockquote><ul><li>a<br>b</li></ul>')).toEqual([
      { kind: 'quotation', runs: [{ text: `The river keeps no diary,${LINE_BREAK}it writes each morning` }] },
      { kind: 'list-item', runs: [{ text: `a${LINE_BREAK}b` }] },
    ]);
    // A heading is set by the headline setter: its break is a space.
    expect(htmlToBlocks('<h2>Night<br>market</h2>')).toEqual([{ kind: 'crosshead', text: 'Night market' }]);
    // A list item's paragraphs still run on as one item (a space, not a line break).
    expect(htmlToBlocks('<ul><li><p>First part.</p><p>Second part.</p></li></ul>')).toEqual([{ kind: 'list-item', runs: [{ text: 'First part. Second part.' }] }]);
    // Preformatted text (a Markdown code block, a poem set as written) keeps its line ends, and
    // only it: a line end in the HTML after it is a space again.
    expect(untrustedHtmlToBlocks('<pre><code>06:00  Bến Thành\r\n06:30  Chợ Lớn\n</code></pre><p>Buses run\nevery hour.</p>')).toEqual([
      { kind: 'paragraph', runs: [{ text: `06:00 Bến Thành${LINE_BREAK}06:30 Chợ Lớn` }] },
      { kind: 'paragraph', runs: [{ text: 'Buses run every hour.' }] },
    ]);
  });

  it('decodes entities into plain text and keeps NBSP', () => {
    expect(htmlToBlocks('<p>a &amp; b &lt;script&gt; c\u00a0d</p>')).toEqual([
      { kind: 'paragraph', runs: [{ text: 'a & b <script> c\u00a0d' }] },
    ]);
  });

  it('drops empty blocks', () => {
    expect(htmlToBlocks('<p> </p><h2></h2><ul><li> </li></ul>')).toEqual([]);
  });

  it('keeps the text of a hostile paragraph, never its markup', () => {
    const blocks = untrustedHtmlToBlocks('<p onclick="x()">Safe <script>alert(1)</script><a href="javascript:x">link</a></p>');
    expect(blocks).toEqual([{ kind: 'paragraph', runs: [{ text: 'Safe link' }] }]);
  });
});

describe('normalizeRuns', () => {
  it('merges equal runs and collapses spaces across run boundaries', () => {
    expect(normalizeRuns([{ text: ' a ' }, { text: ' b' }, { text: 'c ', bold: true }, { text: ' ' }])).toEqual([
      { text: 'a b' },
      { text: 'c', bold: true },
    ]);
  });
});

describe('HTML bodies beyond structure and emphasis', () => {
  it('keeps a definition list’s terms, a figure, preformatted text and sections as blocks of their own, never run together', () => {
    const html = '<section><p>Routes:</p><dl><dt>Route 19</dt><dd>Electric since March.</dd><dt>Route 56</dt><dd>Electric since June.</dd></dl></section>'
      + '<figure><img src="x.jpg"><figcaption>An electric bus.</figcaption></figure><pre>06:00  Bến Thành</pre><article><header>Later</header><p>More routes.</p></article>';
    expect(untrustedHtmlToBlocks(html).map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b.kind === 'figure' ? `figure ${b.ref}: ${b.caption}` : b.kind))).toEqual([
      'Routes:', 'Route 19', 'Electric since March.', 'Route 56', 'Electric since June.', 'figure x.jpg: An electric bus.', '06:00 Bến Thành', 'Later', 'More routes.',
    ]);
  });

  it('reads a photo in the text as a figure after the text around it, its caption from <figcaption>, else its alt text, its credit from its title', () => {
    const kinds = (html: string) => untrustedHtmlToBlocks(html).map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : b));
    // An image inside a paragraph ends nothing: the paragraph's text stays whole, the figure follows it.
    expect(kinds('<p>Before the <img src="a.jpg" alt="A bus" title="VNA">rain.</p><p>Next.</p>')).toEqual(['Before the rain.', { kind: 'figure', ref: 'a.jpg', caption: 'A bus', credit: 'VNA' }, 'Next.']);
    expect(kinds('<figure><p><img src="b.jpg" alt="alt words"></p><figcaption>The <em>caption</em>  itself</figcaption></figure>')).toEqual([{ kind: 'figure', ref: 'b.jpg', caption: 'The caption itself' }]);
    // A caption with no photo is a paragraph, as before; a photo with no source is a figure with none (left out when parsed).
    expect(kinds('<figure><figcaption>Only words</figcaption></figure>')).toEqual(['Only words']);
    expect(kinds('<img src="https://example.com/x.jpg">')).toEqual([{ kind: 'figure', ref: '' }]);
  });

  it('sets superscript and subscript figures as Unicode’s own characters, and other raised text on the line', () => {
    const text = (html: string) => untrustedHtmlToBlocks(html).map((b) => (b.kind === 'paragraph' ? b.runs.map((r) => r.text).join('') : '')).join('|');
    expect(text('<p>40 km<sup>2</sup> and 12 m<sup>3</sup>/s of CO<sub>2</sub>, x<sup>-1</sup></p>')).toBe('40 km² and 12 m³/s of CO₂, x⁻¹');
    expect(text('<p>the 10<sup>th</sup> day, H<sub>2</sub>O<sub>(l)</sub></p>')).toBe('the 10th day, H₂O(l)');
    // Emphasis around and inside is kept; the raised text joins its word.
    expect(untrustedHtmlToBlocks('<p><b>CO<sub>2</sub></b> fell</p>')).toEqual([{ kind: 'paragraph', runs: [{ text: 'CO₂', bold: true }, { text: ' fell' }] }]);
  });
});
