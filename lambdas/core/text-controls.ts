/**
 * Characters copy never means to print, removed wherever text enters the edition (the article
 * parsers and edition.yaml's settings):
 * - bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): the paper prints
 *   left-to-right scripts only, and an unterminated U+202E would print the rest of its line reversed;
 * - control characters (C0 but tab, line feed and carriage return, DEL, C1): an escape sequence
 *   pasted into a headline (ESC [31m) went into the page's HTML and the PDF's text, where a reader
 *   who copies it gets it, and out of a terminal that printed it.
 * - half a character: a surrogate without its pair (JSON's "\ud800", text cut between an emoji's
 *   halves), which no font has and which printed as an empty box.
 * The vertical tab, form feed and next line (U+000B, U+000C, U+0085) end lines: they become spaces.
 * And presentation forms that stand for letters: the Latin ligatures ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ (U+FB00–FB06) and
 * the Armenian ones (U+FB13–FB17), as text copied out of a PDF carries them, become their letters:
 * kept, "oﬃce" and "ﬁnance" were not found by "office" and "finance", and the print carried the
 * character, which hyphenation does not know as letters. The fonts set their own ligatures.
 */
const TEXT_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const LINE_ENDING_CONTROLS = /[\u000B\u000C\u0085]/g;

const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Compatibility ligatures: their NFKC form is their letters ("ﬃ" is "ffi", "ﬅ" is "st"). */
const LIGATURES = /[\uFB00-\uFB06\uFB13-\uFB17]/g;

/** `text` without bidi controls, control characters and lone surrogates (controls that end lines become spaces), and ligatures as their letters. */
export function cleanCharacters(text: string): string {
  return text.replace(LINE_ENDING_CONTROLS, ' ').replace(TEXT_CONTROLS, '').replace(LONE_SURROGATES, '').replace(LIGATURES, (ligature) => ligature.normalize('NFKC'));
}

/** How many of a value's strings heldControls reads at most: a setting's text, not a document. */
const MAX_STRINGS_LOOKED_AT = 100_000;

/**
 * The characters cleanCharacters leaves out (bidi controls, control characters, half a surrogate
 * pair) that a value's strings hold, each once, in the order met: its text, an array's items, an
 * object's keys and values, any depth. What a setting of edition.yaml held, to tell the newsroom
 * (edition-schema.ts): they were left out without a word, and `lead:` kept them.
 */
export function heldControls(value: unknown): string[] {
  const held = new Set<string>();
  const pending: unknown[] = [value];
  for (let looked = 0; pending.length > 0 && looked < MAX_STRINGS_LOOKED_AT; looked++) {
    const next = pending.pop();
    if (typeof next === 'string') {
      for (const found of next.match(TEXT_CONTROLS) ?? []) held.add(found);
      for (const found of next.match(LONE_SURROGATES) ?? []) held.add(found);
    } else if (Array.isArray(next)) {
      // One at a time, last first (so they are met in order): a spread of 60,000 house ads is past the stack's limit of arguments.
      for (let i = next.length - 1; i >= 0; i--) pending.push(next[i]);
    } else if (next !== null && typeof next === 'object') {
      const entries = Object.entries(next);
      for (let i = entries.length - 1; i >= 0; i--) pending.push(entries[i][1], entries[i][0]);
    }
  }
  return [...held];
}
