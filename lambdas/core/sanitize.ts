/**
 * The allow-list sanitizer every piece of article HTML passes (ninjs body_html, Markdown rendered
 * with inline HTML on). Only structure and emphasis survive, and no attribute but an ordered
 * list's numeric `start` (digits only, so that "5." stays 5) and a photo's relative `src`, `alt`
 * and `title`. No URL ever reaches the printed page, so Chromium can never fetch one: a photo's
 * `src` only names a file of the input folder (parse/index.ts resolves it against the listing),
 * and the page shows that file fitted, under a path of its own.
 */
import sanitizeHtml from 'sanitize-html';

/** Tags whose text an editor meant to print; everything else is unwrapped or dropped. */
export const ALLOWED_TAGS: readonly string[] = [
  'p', 'br', 'div', 'pre',
  'b', 'strong', 'i', 'em',
  'sup', 'sub',
  'ul', 'ol', 'li',
  'blockquote',
  'h2', 'h3', 'h4', 'h5', 'h6',
  'a',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'figure', 'figcaption', 'img',
];

/**
 * Tags dropped together with their content: code, styles and embedded documents are never article
 * text (an iframe's or object's inner text is fallback for old browsers, not copy).
 */
export const DROPPED_WITH_CONTENT: readonly string[] = [
  'script', 'style', 'textarea', 'noscript', 'template', 'title', 'head',
  'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'svg', 'math', 'select', 'option', 'canvas', 'audio', 'video', 'picture', 'xmp', 'plaintext',
];

/**
 * Block elements outside the allow-list, renamed rather than unwrapped: unwrapped, their text ran
 * into the next block's ("Route 19Electric since March." from a definition list). A term, a
 * description or an address is a paragraph of its own (preformatted text is kept, for its line
 * ends); a section or a list of terms is a division around its blocks. (A figure and its caption
 * are kept: the caption is its photo's.)
 */
const AS_PARAGRAPH = ['dt', 'dd', 'address', 'summary', 'legend'];
const AS_DIVISION = ['article', 'aside', 'details', 'dialog', 'dl', 'fieldset', 'footer', 'form', 'header', 'hgroup', 'main', 'nav', 'section', 'center'];

/** Deepest element nesting kept; deeper tags are unwrapped. */
export const MAX_HTML_NESTING = 32;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [...ALLOWED_TAGS],
  // No attributes: href, src, style, on* handlers all go, whatever their value.
  allowedAttributes: { ol: ['start'], img: ['src', 'alt', 'title'] },
  allowedSchemes: [],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  allowedStyles: {},
  // No style attribute is kept, so none is parsed (the command's bundle leaves postcss out).
  parseStyleAttributes: false,
  disallowedTagsMode: 'discard',
  nonTextTags: [...DROPPED_WITH_CONTENT],
  // A top-level heading inside a body is a crosshead; the article headline lives elsewhere.
  transformTags: {
    h1: 'h2',
    ...Object.fromEntries(AS_PARAGRAPH.map((tag) => [tag, 'p'])),
    ...Object.fromEntries(AS_DIVISION.map((tag) => [tag, 'div'])),
    // A list's first number, and nothing else: any other value is dropped.
    ol: (tagName, attribs) => {
      const kept: sanitizeHtml.Attributes = {};
      if (/^\d{1,6}$/.test(attribs.start ?? '')) kept.start = attribs.start;
      return { tagName, attribs: kept };
    },
  },
  // Real copy nests a few levels; deeper tags are unwrapped (text kept) so that a file of 200,000
  // opening tags costs linear time downstream instead of quadratic.
  nestingLimit: MAX_HTML_NESTING,
  parser: { decodeEntities: true, lowerCaseTags: true },
};

/**
 * A document type declaration with an internal subset (`<!DOCTYPE x [<!ENTITY e SYSTEM
 * "file:///etc/passwd">]>`, as an XML or NITF export carries one): the HTML parser ends the
 * declaration at its first `>`, and the rest of the subset, `]>` at least, printed as the story's
 * first paragraph. Nothing in it is ever read or expanded (an entity it declares stays its
 * reference, as text); each is left out whole, up to the `]>` that closes it (`]`, blank space, `>`:
 * its lines laid out any way), found in one pass: a pattern over every `<!DOCTYPE x [` of a file
 * that closes none looked for the close from each, in time growing with their square. `keep`
 * names the declarations that are text, not markup (Markdown's code, parse/markdown.ts); one with
 * no close is left as it is. Until the 82nd round only the first was left out.
 */
export function withoutDoctypeSubsets(text: string, keep: (at: number) => boolean = () => false): string {
  const open = /<!DOCTYPE\b[^[<>]*\[/gi;
  const close = /\]\s*>/g;
  let kept = '';
  let from = 0;
  for (let start = open.exec(text); start; start = open.exec(text)) {
    if (keep(start.index)) continue;
    close.lastIndex = start.index + start[0].length;
    const end = close.exec(text);
    if (!end) break;
    kept += text.slice(from, start.index);
    from = end.index + end[0].length;
    open.lastIndex = from;
  }
  return from === 0 ? text : kept + text.slice(from);
}

/** Reduces untrusted HTML to the allow-listed tags with no attributes (text content escaped). */
export function sanitizeArticleHtml(html: string): string {
  return sanitizeHtml(withoutDoctypeSubsets(html), OPTIONS);
}
