/** Test support: the edition's real font files, as the composer gets them. */
import { loadEditionResources } from '../../lambdas/adapters/resources';
import { fontBookFor, type FontBook } from '../../lambdas/core/typeset/fonts';

let book: Promise<FontBook> | undefined;

/** One FontBook over the npm font files, shared by a test file. */
export function testFonts(): Promise<FontBook> {
  book ??= loadEditionResources().then((resources) => fontBookFor(resources.fonts));
  return book;
}
