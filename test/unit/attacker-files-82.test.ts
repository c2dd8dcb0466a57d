/**
 * The 82nd round's hostile and careless uploads left from the 81st (docs/ARCHITECTURE.md, "Attacks
 * tried"), read as `epaper build <folder>` and the render read them (collectInputs and
 * readEditionConfig over a folder): a document type declaration's internal subset spread over a
 * Markdown story's lines prints nothing of itself, however its lines are laid out; an edition.yaml
 * that is not UTF-8 is told as the settings file, not as an article; and the settings' text loses
 * the bidi controls and control characters a story's text loses, `lead:` and `front:` too, with a
 * warning naming them. The originals are left as they were.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsInputSource } from '../../lambdas/adapters/fs-input-source';
import { SharpImages } from '../../lambdas/adapters/sharp-images';
import { blockText } from '../../lambdas/core/article';
import { collectInputs, readEditionConfig, type CollectedInputs } from '../../lambdas/core/inputs';
import { sanitizeArticleHtml } from '../../lambdas/core/sanitize';

const DATE = '2019-12-04';
const front = (headline: string, extra = '') => `---\nheadline: ${headline}\ndate: ${DATE}\n${extra}---\n`;

/** A declaration's subset as an XML export writes it, over `lines` laid out as named. */
const SUBSETS: Record<string, string> = {
  // Each line of its own: Markdown reads `<!ENTITY …>` as an HTML block and `]>` as a paragraph.
  'lines.md': '<!DOCTYPE x [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n\nLINESTOKEN &xxe; end.\n',
  // Blank lines inside the subset: every declaration a block of its own.
  'blank-lines.md': '<!DOCTYPE x [\n\n<!ENTITY a "AAAA">\n\n<!ENTITY b "&a;&a;">\n\n]>\n\nBLANKTOKEN &b; end.\n',
  // `]` and `>` on lines of their own (XML allows blank space between them): `>` alone is a quotation.
  'split-close.md': '<!DOCTYPE x [\n<!ENTITY a "AAAA">\n]\n>\nSPLITTOKEN end.\n',
  // Begun inside a paragraph: its first line was the paragraph's end, `]>` the next one's start.
  'in-paragraph.md': 'INLINETOKEN before <!DOCTYPE x [\n<!ENTITY a "AAAA">\n]> after.\n',
  // Inside a quotation, each line behind its `>`.
  'quoted.md': '> <!DOCTYPE x [\n> <!ENTITY a "AAAA">\n> ]>\n> QUOTETOKEN quoted.\n',
  // Two of them, the second after the story's first paragraph, words after its close.
  'two.md': '<!DOCTYPE x [\n<!ENTITY a "AAAA">\n]>\n\nTWOTOKEN first.\n\n<!DOCTYPE y [\n<!ENTITY b "BBBB">\n]> closing words.\n',
};

describe("the 82nd round's attacker files in the input folder", () => {
  let dir: string;
  let collected: CollectedInputs;
  const hashes = new Map<string, string>();
  const hashOf = (name: string) => createHash('sha256').update(readFileSync(path.join(dir, name))).digest('hex');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'epaper-attacker-82-'));
    const files: Record<string, string> = {
      'good.md': `${front('The good story prints')}GOODTOKEN082 is in the good story.\n`,
      ...Object.fromEntries(Object.entries(SUBSETS).map(([name, body]) => [name, `${front(`A declaration laid out as ${name}`)}${body}`])),
      // Written as text, not markup: it prints as written.
      'code.md': `${front('A declaration shown as code')}CODETOKEN shows:\n\n\`\`\`\n<!DOCTYPE x [\n<!ENTITY a "AAAA">\n]>\n\`\`\`\n\nand \`<!DOCTYPE y [ ]>\` inline.\n`,
    };
    for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
    for (const name of Object.keys(files)) hashes.set(name, hashOf(name));
    collected = await collectInputs(new FsInputSource(dir), new SharpImages(), { today: DATE });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const story = (file: string) => collected.articles.find((a) => a.source === file);
  const paragraphs = (file: string) => story(file)?.body.map((b) => (b.kind === 'figure' ? '' : blockText(b))) ?? [];

  it('prints nothing of a document type declaration spread over a Markdown story\'s lines, however they are laid out', () => {
    expect(paragraphs('lines.md')).toEqual(['LINESTOKEN &xxe; end.']);
    expect(paragraphs('blank-lines.md')).toEqual(['BLANKTOKEN &b; end.']);
    expect(paragraphs('split-close.md')).toEqual(['SPLITTOKEN end.']);
    expect(paragraphs('in-paragraph.md')).toEqual(['INLINETOKEN before after.']);
    expect(story('quoted.md')?.body.map((b) => [b.kind, blockText(b)])).toEqual([['quotation', 'QUOTETOKEN quoted.']]);
    expect(paragraphs('two.md')).toEqual(['TWOTOKEN first.', 'closing words.']);
    for (const file of Object.keys(SUBSETS)) expect(paragraphs(file).join('\n'), file).not.toMatch(/\]|>|ENTITY|DOCTYPE|passwd|AAAA/);
  });

  it('prints a declaration written as code as it was written', () => {
    const text = paragraphs('code.md').join('\n');
    expect(text).toContain('<!DOCTYPE x [');
    expect(text).toContain(']>');
    expect(text).toContain('<!DOCTYPE y [ ]>');
  });

  it('leaves out every declaration of a ninjs body, not only the first', () => {
    expect(sanitizeArticleHtml('<!DOCTYPE x [<!ENTITY a "A">]><p>one</p><!DOCTYPE y [\n<!ENTITY b "B">\n]\n><p>two</p>')).toBe('<p>one</p><p>two</p>');
  });

  it('keeps the good story and leaves every original as it was', () => {
    expect(paragraphs('good.md')).toEqual(['GOODTOKEN082 is in the good story.']);
    for (const [name, hash] of hashes) expect(hashOf(name), name).toBe(hash);
  });
});

describe("edition.yaml's own faults, told as the settings file's", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'epaper-settings-82-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** The warnings and settings read from a folder holding only `name` with `bytes`. */
  async function settingsOf(folder: string, name: string, bytes: Uint8Array | string) {
    mkdirSync(path.join(dir, folder));
    writeFileSync(path.join(dir, folder, name), bytes);
    const before = hashFile(path.join(dir, folder, name));
    const read = await readEditionConfig(new FsInputSource(path.join(dir, folder)));
    expect(hashFile(path.join(dir, folder, name))).toBe(before);
    return read;
  }
  const hashFile = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

  it('names the settings file, not an article, when edition.yaml is not UTF-8 text', async () => {
    const binary = await settingsOf('binary', 'edition.yaml', new Uint8Array([0x70, 0x61, 0x70, 0x65, 0x72, 0x3a, 0x00, 0x01]));
    expect(binary.warnings).toEqual([{ file: 'edition.yaml', message: 'the file contains NUL bytes: it looks binary, not text; save edition.yaml as UTF-8 text; the edition defaults are used' }]);
    // Latin-1, as an old editor saves "Café": the file is named as the newsroom named it.
    const latin1 = await settingsOf('latin1', 'edition.yml', new Uint8Array([...new TextEncoder().encode('paper: Caf'), 0xe9, 0x0a]));
    expect(latin1.warnings).toEqual([{ file: 'edition.yml', message: 'the file is not UTF-8 text (saved as Latin-1 or Windows-1252?); save edition.yml as UTF-8; the edition defaults are used' }]);
    expect(latin1.config).toEqual({});
  });

  it("cleans `lead` and `front` as every other text, and tells of what each setting held", async () => {
    const yaml = [
      'paper: "The \\u202EHerald"',
      'lead: "good\\u202E"',
      'front: ["\\u2066second\\u2069", "third"]',
      'sections: ["News\\u0007"]',
      'houseAds: [{ headline: "Subscribe\\u202B today" }]',
      '',
    ].join('\n');
    const read = await settingsOf('bidi', 'edition.yaml', yaml);
    expect(read.config).toMatchObject({ paper: 'The Herald', lead: 'good', front: ['second', 'third'], sections: ['News'], houseAds: [{ headline: 'Subscribe today' }] });
    expect(read.warnings.map((w) => [w.file, w.message])).toEqual([
      ['edition.yaml', '`paper` held U+202E (a bidi control); it was left out, as from every text of the edition'],
      ['edition.yaml', '`lead` held U+202E (a bidi control); it was left out, as from every text of the edition'],
      ['edition.yaml', '`front` held U+2066, U+2069 (bidi controls); they were left out, as from every text of the edition'],
      ['edition.yaml', '`sections` held U+0007 (a control character); it was left out, as from every text of the edition'],
      ['edition.yaml', '`houseAds` held U+202B (a bidi control); it was left out, as from every text of the edition'],
    ]);
    // Settings without any are read without a word, as before.
    expect((await settingsOf('plain', 'edition.yaml', 'paper: The Herald\nlead: good\n')).warnings).toEqual([]);
  });
});
