// The `hyphen` package ships no types; these cover the pattern modules we use.
declare module 'hyphen/en-gb' {
  const hyphenator: { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };
  export default hyphenator;
}
declare module 'hyphen/en-us' {
  const hyphenator: { hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string };
  export default hyphenator;
}
