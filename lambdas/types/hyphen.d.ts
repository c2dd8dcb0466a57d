// The `hyphen` package ships no types; these cover the pattern modules we use.
declare module 'hyphen/en-gb' {
  const hyphenator: { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };
  export default hyphenator;
}
declare module 'hyphen/en-us' {
  /** A node of the pattern trie: a branch, a level index, or both ([branch, level index]). */
  type PatternNode = number | { readonly [letter: string]: PatternNode } | readonly [{ readonly [letter: string]: PatternNode }, number];
  const hyphenator: {
    hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string;
    /** [levels by index, the pattern trie, hyphenation points of exception words by lower-case word]. */
    readonly patterns: readonly [readonly (readonly number[])[], { readonly [letter: string]: PatternNode }, { readonly [word: string]: readonly number[] }];
  };
  export default hyphenator;
}
