/** Non-space code points of `text` (NFC) with their counts: what a PDF's text must hold of a story's. */
export function tally(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const ch of text.normalize('NFC')) if (!/\s/u.test(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return counts;
}
