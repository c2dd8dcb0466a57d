/**
 * YAML as the inputs read it (an article's front matter, edition.yaml): parsed, and every mapping's
 * keys required to be unique, as the yaml library's `uniqueKeys` does, but in one pass: its check
 * compares each key with every key before it, and a front matter of 120,000 one-line keys (1 MiB,
 * within the file limit) took three minutes to parse, an ingest's whole time budget and more (an
 * adversarial review, 2026-12-06). A repeated key is an error of the document, as before.
 */
import { isMap, isScalar, LineCounter, parseDocument, visit, YAMLParseError, type Document } from 'yaml';

export function parseYamlDocument(text: string): Document.Parsed {
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, lineCounter: lines });
  // The parser recurses with the nesting: 100,000 "[" overflowed its stack, and the editor read
  // "Maximum call stack size exceeded".
  for (const error of doc.errors) if (/call stack/i.test(error.message)) error.message = 'it is nested too deeply to read (lists or mappings inside one another thousands deep)';
  if (doc.errors.length > 0) return doc;
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<string>();
      for (const pair of map.items) {
        // Scalars by their value, its type included (1 and "1" differ, as in the library's check);
        // a merge key may repeat, and a key that is itself a mapping is compared by nothing.
        if (!isScalar(pair.key) || pair.key.value === '<<') continue;
        const identity = `${typeof pair.key.value}:${String(pair.key.value)}`;
        if (!seen.has(identity)) {
          seen.add(identity);
          continue;
        }
        const offset = pair.key.range?.[0] ?? 0;
        const error = new YAMLParseError([offset, offset + 1], 'DUPLICATE_KEY', 'Map keys must be unique');
        error.linePos = [lines.linePos(offset)];
        doc.errors.push(error);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return doc;
}
