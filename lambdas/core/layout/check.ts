/**
 * The composer's own inspection of what it made, in the terms of ARCHITECTURE.md's page rules:
 * widows, orphans, one-line fragments, headlines without text under them, anything past the foot
 * of the type area. Findings become manifest warnings, so a page that breaks a rule never passes silently.
 */
import { rowsOf } from './columns';
import type { ComposedPage } from './composition';
import type { Grid } from './config';

/** Rule breaks found on the composed pages, each as one readable sentence. */
export function checkPages(pages: readonly ComposedPage[], grid: Grid): string[] {
  const problems: string[] = [];
  for (const page of pages) {
    for (const module of page.modules) {
      const where = `page ${page.number}, "${module.slug}"`;
      if (module.top + module.rows > grid.rows) problems.push(`${where}: the module runs ${module.top + module.rows - grid.rows} rows past the foot of the page`);
      if (module.column + module.span > grid.columns) problems.push(`${where}: the module is wider than the page`);
      const textRows = module.columns.reduce((n, column) => n + rowsOf(column), 0);
      if (module.continuedFrom === undefined && module.continuedOn !== undefined && textRows < 3) {
        problems.push(`${where}: fewer than 3 lines of text under the headline`);
      }
      module.columns.forEach((column, c) => {
        if (column.length === 0) return;
        if (module.head.rows + rowsOf(column) > module.rows) problems.push(`${where}, column ${c + 1}: text overflows the module`);
        const lines = column.filter((unit) => unit.kind === 'line');
        const storyLines = module.columns.reduce((n, col) => n + col.filter((u) => u.kind === 'line').length, 0);
        if (lines.length === 1 && storyLines > 1 && column.length === 1) problems.push(`${where}, column ${c + 1}: a one-line fragment`);
        const first = column[0];
        const last = column[column.length - 1];
        if (first.kind === 'line' && first.paragraphLines! > 1 && first.lineInParagraph === first.paragraphLines! - 1) {
          problems.push(`${where}, column ${c + 1}: a widow (a paragraph's last line alone at the top)`);
        }
        if (last.kind === 'line' && last.paragraphLines! > 1 && last.lineInParagraph === 0) {
          problems.push(`${where}, column ${c + 1}: an orphan (a paragraph's first line alone at the foot)`);
        }
        if (last.keepWithNext) problems.push(`${where}, column ${c + 1}: a crosshead (or a line kept with the next) at the foot of a column`);
        let ladder = 0;
        for (const unit of column) {
          for (const line of unit.lines) {
            ladder = line.hyphenated ? ladder + 1 : 0;
            if (ladder === 3) problems.push(`${where}, column ${c + 1}: three hyphenated lines in a row`);
          }
        }
      });
    }
  }
  return problems;
}
