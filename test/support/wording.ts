/**
 * A page's text as worded, without the first-strong isolates (U+2068 … U+2069) the reader and the
 * desk set around each upload's text inside their own sentences (test/e2e/reader-bidi.test.ts).
 */
export function wording(text: string | null): string {
  return (text ?? '').replace(/[\u2068\u2069]/g, '');
}
