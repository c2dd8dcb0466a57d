/**
 * Markdown articles: YAML front matter for the fields, a Markdown body for the text. Inline HTML
 * is allowed (newsrooms paste it) and goes through the same allow-list sanitizer as ninjs HTML.
 */
import MarkdownIt, { type MarkdownIt as Markdown, type Token } from 'markdown-it';
import footnotes from 'markdown-it-footnote';
import { isScalar } from 'yaml';
import { parseYamlDocument } from './yaml-document';
import type { BodyBlock } from '../article';
import { checkTextPieces, MAX_FOOTNOTE_MARKERS, MAX_YAML_ALIASES } from '../limits';
import { htmlToBlocks, untrustedHtmlToBlocks } from './html-blocks';
import { withoutDoctypeSubsets } from '../sanitize';
import type { ArticleDraft, DraftOutcome } from './draft';

/**
 * Front matter keys an article may carry, as compared: lower case, without "-" or "_" (so
 * `jumpHead`, `jump_head` and `JumpHead` are one key). Others are reported, since they are usually typos.
 */
export const FRONT_MATTER_KEYS: readonly string[] = [
  'headline', 'jumphead', 'section', 'priority', 'byline', 'dateline', 'date', 'standfirst', 'pullquote',
  'image', 'caption', 'credit', 'slug', 'language', 'page', 'hold', 'embargo',
];

/**
 * What other tools call three of our fields (Jekyll, Hugo and WordPress exports write `title`,
 * `author`, `category`), read as ours with a warning, unless the article has ours too. Such a story
 * was refused for want of a headline.
 */
const FOREIGN_KEYS: Readonly<Record<string, string>> = { title: 'headline', author: 'byline', category: 'section' };

/** The body's reader; `withFootnotes` reads footnotes (printFootnotesAsText), the plain one for a body with too many. */
function bodyReader(withFootnotes: boolean): Markdown {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: false, breaks: false });
  // Every link and image is parsed as one (markdown-it would otherwise print `![x](data:…)` as raw
  // text); none can reach the page, since images are removed below and the sanitizer keeps no
  // attribute at all.
  md.validateLink = () => true;
  if (withFootnotes) printFootnotesAsText(md);
  return md;
}
const markdown = bodyReader(true);
const markdownWithoutFootnotes = bodyReader(false);

/**
 * Footnotes (`text[^1]` with `[^1]: note` below, or `^[note]` inline) print as a paper prints them:
 * the reference as a superior figure in the line ("…said¹"), each note as a paragraph at the story's
 * end that opens with its figure. Without the rule the markers printed as written ("[^1]"). The
 * figures go out as <sup>, which the block reader turns into Unicode's superior digits.
 */
function printFootnotesAsText(md: Markdown): void {
  md.use(footnotes);
  type NoteEnv = { pendingNote?: number; unreferencedNotes?: number; footnotes?: { refs?: Record<string, number> } };
  // A note nothing refers to would be dropped with its text: it stays where it was written, a
  // paragraph like any other, and the newsroom is told (renderBody).
  md.core.ruler.before('footnote_tail', 'unreferenced_notes', (state) => {
    const env = state.env as NoteEnv;
    const refs = env.footnotes?.refs;
    if (!refs) return;
    let inside = false;
    for (const token of state.tokens) {
      if (token.type === 'footnote_reference_open' && refs[`:${(token.meta as { label: string }).label}`] < 0) {
        token.type = 'unreferenced_note_open';
        env.unreferencedNotes = (env.unreferencedNotes ?? 0) + 1;
        inside = true;
      } else if (token.type === 'footnote_reference_close' && inside) {
        token.type = 'unreferenced_note_close';
        inside = false;
      }
    }
  });
  const figure = (token: Token) => `<sup>${Number((token.meta as { id: number }).id) + 1}</sup>`;
  const rules = md.renderer.rules;
  rules.footnote_ref = (tokens, idx) => figure(tokens[idx]);
  rules.footnote_block_open = () => '';
  rules.footnote_block_close = () => '';
  rules.footnote_anchor = () => '';
  rules.unreferenced_note_open = () => '';
  rules.unreferenced_note_close = () => '';
  // A note's figure opens its first paragraph: remembered at the note's start, written by the next <p>.
  rules.footnote_open = (tokens, idx, _options, env) => {
    (env as NoteEnv).pendingNote = idx;
    return '';
  };
  rules.footnote_close = (_tokens, _idx, _options, env) => {
    (env as NoteEnv).pendingNote = undefined;
    return '';
  };
  rules.paragraph_open = (tokens, idx, options, env, self) => {
    const open = self.renderToken(tokens, idx, options);
    const note = (env as NoteEnv).pendingNote;
    if (note === undefined) return open;
    (env as NoteEnv).pendingNote = undefined;
    return `${open}${figure(tokens[note])} `;
  };
}

/** Unknown front-matter fields named one by one; past this, they are counted in one more warning. */
export const MAX_UNKNOWN_FIELD_WARNINGS = 10;

/**
 * The deepest block nesting read (a list is two levels, a quotation one), under markdown-it's
 * `maxNesting` (100), where it stops reading: a truncated body always has a token at level 99.
 * Lists 20 deep and quotations 40 deep are read whole.
 */
const MAX_MARKDOWN_LEVEL = 90;

/** Why a body nested past MAX_MARKDOWN_LEVEL is rejected, never printed in part. */
const NESTED_TOO_DEEP = 'the text nests lists or quotations 45 deep or more, where the Markdown reader stops reading; the article was not printed in part: flatten them';

/**
 * The body without its document type declarations' internal subsets (`<!DOCTYPE x [ … ]>`, as an
 * XML export pasted into a story carries one), wherever Markdown would read them as markup. Each
 * line of one spread over several lines is a block of its own to Markdown (`<!ENTITY …>` an HTML
 * block, `]>` a paragraph), so the sanitizer, which sees the rendered HTML, never saw the whole
 * declaration, and `]>` (or more of the subset) printed as the story's first paragraph; it is
 * left out of the source before Markdown reads it. One written as text stays: in a fenced or
 * indented code block, between backticks, or after a backslash.
 */
function withoutMarkupDeclarations(body: string, reader: Markdown): string {
  if (!/<!DOCTYPE\b[^[<>]*\[/i.test(body)) return body;
  const codeLines = new Set<number>();
  for (const token of reader.parse(body, {})) {
    if ((token.type === 'fence' || token.type === 'code_block') && token.map) for (let line = token.map[0]; line < token.map[1]; line++) codeLines.add(line);
  }
  // Read forward once: the declarations are asked about in the order they stand.
  let at = 0;
  let line = 0;
  let backticks = 0;
  return withoutDoctypeSubsets(body, (index) => {
    for (; at < index; at++) {
      if (body[at] === '\n') {
        line++;
        backticks = 0;
      } else if (body[at] === '`') backticks++;
    }
    return codeLines.has(line) || backticks % 2 === 1 || body[index - 1] === '\\';
  });
}

/**
 * Renders the body. An image written in the body (`![caption](photo.jpg "credit")`) is a figure:
 * its path is resolved against the article's folder when the article is parsed. A pasted `data:`
 * URI is dropped here with a reason: the photo belongs beside the article, as a file.
 */
function renderBody(body: string, warnings: string[]): { html: string; rawHtml: boolean } | undefined {
  body = withoutMarkupDeclarations(body, markdown);
  // A hostile body's thousands of notes would take the footnote rule minutes (limits.ts).
  let markers = 0;
  for (let at = body.indexOf('^'); at >= 0 && markers <= MAX_FOOTNOTE_MARKERS; at = body.indexOf('^', at + 1)) {
    if (body[at - 1] === '[' || body[at + 1] === '[') markers++;
  }
  const reader = markers > MAX_FOOTNOTE_MARKERS ? markdownWithoutFootnotes : markdown;
  if (reader !== markdown) warnings.push(`the body has more than ${MAX_FOOTNOTE_MARKERS} footnote markers ([^…], ^[…]): they print as written`);
  // One env for parse and render: the footnote rule keeps its list of notes in it.
  const env: { unreferencedNotes?: number } = {};
  const tokens = reader.parse(body, env);
  // markdown-it stops reading a document where its nesting reaches `maxNesting` (100), and says
  // nothing: the rest of the story was lost (50 nested list markers kept only the first
  // paragraph). A story that nests past MAX_MARKDOWN_LEVEL is refused whole instead (undefined).
  if (tokens.some((token) => token.level > MAX_MARKDOWN_LEVEL)) return undefined;
  if (env.unreferencedNotes) {
    const notes = env.unreferencedNotes === 1 ? 'a footnote has' : `${env.unreferencedNotes} footnotes have`;
    warnings.push(`${notes} no marker in the text (a [^label] to refer to it): printed where written, as a paragraph`);
  }
  let dataImages = 0;
  let rawHtml = false;
  for (const token of tokens) {
    if (token.type === 'html_block') rawHtml = true;
    if (!token.children) continue;
    if (token.children.some((child) => child.type === 'html_inline')) rawHtml = true;
    token.children = token.children.filter((child) => {
      if (child.type !== 'image' || !/^\s*data:/i.test(String(child.attrGet('src') ?? ''))) return true;
      dataImages++;
      return false;
    });
  }
  if (dataImages > 0) {
    warnings.push(`${dataImages === 1 ? 'an image embedded' : `${dataImages} images embedded`} in the body as a data: URI ${dataImages === 1 ? 'was' : 'were'} dropped; put the photo beside the article and name it (\`image:\`, or \`![caption](photo.jpg)\` in the text)`);
  }
  return { html: reader.renderer.render(tokens, reader.options, env), rawHtml };
}

/**
 * The body's blocks. Markdown's own output is markup markdown-it wrote, every text escaped: its
 * tags are structure and emphasis (or ones the block reader ignores, such as code and tables),
 * so it is read directly. Raw HTML the writer typed goes through the sanitizer first, as all
 * article HTML does. Undefined for a body nested past MAX_MARKDOWN_LEVEL.
 */
function bodyBlocks(body: string, warnings: string[]): BodyBlock[] | undefined {
  const rendered = renderBody(body, warnings);
  if (!rendered) return undefined;
  return rendered.rawHtml ? untrustedHtmlToBlocks(rendered.html) : htmlToBlocks(rendered.html);
}

/**
 * A body that opens with a level-one heading (`# Big news`, or a line underlined with `===`), as
 * Markdown's writers title a text: its words as plain text and the body after it; undefined
 * otherwise. Read as the headline when the front matter has none (a file with no front matter at
 * all was refused for want of one).
 */
function leadingTitle(body: string): { text: string; rest: string } | undefined {
  const lines = body.split('\n');
  let first = 0;
  while (first < lines.length && lines[first].trim() === '') first++;
  if (first === lines.length) return undefined;
  const atx = /^ {0,3}#[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/.exec(lines[first]);
  const setext = !atx && first + 1 < lines.length && /^ {0,3}=+[ \t]*$/.test(lines[first + 1]) && !/^ {0,3}(#|>|[-*+] |\d+[.)] )/.test(lines[first]);
  const source = atx ? atx[1] : setext ? lines[first].trim() : undefined;
  if (source === undefined) return undefined;
  const inline = markdown.parseInline(source, {})[0]?.children ?? [];
  const text = inline
    .filter((token) => token.type === 'text' || token.type === 'code_inline')
    .map((token) => token.content)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  if (text === '') return undefined;
  return { text, rest: lines.slice(first + (setext ? 2 : 1)).join('\n') };
}

/** Splits "---\n yaml \n---\n body" into its parts; `yaml` is undefined when there is no front matter. */
export function splitFrontMatter(text: string): { yaml?: string; body: string; unclosed?: boolean } {
  if (!/^---[ \t]*\n/.test(text)) return { body: text };
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    if (/^(---|\.\.\.)[ \t]*$/.test(lines[i])) {
      return { yaml: lines.slice(1, i).join('\n'), body: lines.slice(i + 1).join('\n') };
    }
  }
  return { body: text, unclosed: true };
}

/** First line of a yaml error, shifted to the file's line numbers (the front matter starts on line 2). */
function yamlProblem(message: string, line: number | undefined): string {
  const first = message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '').replace(/:$/, '');
  return line === undefined ? first : `line ${line + 1}: ${first}`;
}

/** Parses a Markdown article's text (already decoded) into a draft. */
export function parseMarkdown(text: string): DraftOutcome {
  const split = splitFrontMatter(text);
  if (split.unclosed) {
    return { ok: false, reason: 'the front matter is not closed: add a line with only --- after the last field' };
  }
  // The body's pieces, before markdown-it reads it (parseArticle counts other formats' whole text).
  const pieces = checkTextPieces(split.body);
  if (!pieces.ok) return { ok: false, reason: pieces.reason };
  let fields: Record<string, unknown> = {};
  const warnings: string[] = [];
  if (split.yaml !== undefined) {
    const doc = parseYamlDocument(split.yaml);
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      return {
        ok: false,
        reason: `the front matter is not valid YAML (${yamlProblem(error.message, error.linePos?.[0].line)}); check its indentation, colons and quotes`,
      };
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (error) {
      if (error instanceof ReferenceError && /alias/i.test(error.message)) {
        return { ok: false, reason: 'the front matter uses too many YAML aliases (a "billion laughs" expansion?); write the fields out' };
      }
      return { ok: false, reason: `the front matter could not be read (${(error as Error).message})` };
    }
    if (value !== null && value !== undefined) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        return { ok: false, reason: 'the front matter must be a list of `key: value` fields' };
      }
      fields = value as Record<string, unknown>;
    }
    const known: Record<string, unknown> = {};
    const unknown: string[] = [];
    // "Headline:" is what a person types at the start of a line; it means `headline`.
    const typedKey = (key: string) => key.trim().toLowerCase().replace(/[-_]/g, '');
    const typedKeys = new Set(Object.keys(fields).map(typedKey));
    for (const key of Object.keys(fields).sort()) {
      const typed = typedKey(key);
      const foreign = Object.hasOwn(FOREIGN_KEYS, typed) ? FOREIGN_KEYS[typed] : undefined;
      const canonical = foreign !== undefined && !typedKeys.has(foreign) ? foreign : typed;
      if (canonical !== typed) warnings.push(`\`${key}\` was read as \`${canonical}\``);
      if (!FRONT_MATTER_KEYS.includes(canonical)) unknown.push(key);
      else if (canonical in known) warnings.push(`\`${key}\` repeats \`${canonical}\`; the first one was used`);
      else {
        // A number YAML cannot hold (1e400 is Infinity) is reported as the editor wrote it.
        const field = fields[key];
        const node = typeof field === 'number' && !Number.isFinite(field) ? doc.get(key, true) : undefined;
        known[canonical] = isScalar(node) && typeof node.source === 'string' ? node.source : field;
      }
    }
    for (const key of unknown.slice(0, MAX_UNKNOWN_FIELD_WARNINGS)) warnings.push(`unknown front matter field \`${key.slice(0, 60)}\` was ignored`);
    if (unknown.length > MAX_UNKNOWN_FIELD_WARNINGS) {
      warnings.push(`and ${unknown.length - MAX_UNKNOWN_FIELD_WARNINGS} more unknown front matter fields were ignored`);
    }
    fields = known;
  }
  let bodySource = split.body;
  if (fields.headline === undefined) {
    const title = leadingTitle(bodySource);
    if (title) {
      fields = { ...fields, headline: title.text };
      bodySource = title.rest;
      warnings.push('the heading on its first line (`# …`) was read as the headline');
    }
  }
  const body = bodyBlocks(bodySource, warnings);
  if (!body) return { ok: false, reason: NESTED_TOO_DEEP };
  const draft: ArticleDraft = {
    format: 'markdown',
    fields: {
      headline: fields.headline,
      jumpHead: fields.jumphead,
      pullQuote: fields.pullquote,
      section: fields.section,
      priority: fields.priority,
      byline: fields.byline,
      dateline: fields.dateline,
      date: fields.date,
      standfirst: fields.standfirst,
      image: fields.image,
      caption: fields.caption,
      credit: fields.credit,
      slug: fields.slug,
      language: fields.language,
      page: fields.page,
      hold: fields.hold,
      embargo: fields.embargo,
    },
    body,
    missingHeadlineReason:
      split.yaml === undefined
        ? 'no headline: start the file with front matter (a line ---, then `headline: …`, then ---)'
        : 'no headline: add `headline:` to the front matter',
  };
  return { ok: true, draft, warnings };
}
