/**
 * Regenerates lambdas/core/typeset/plain-metrics.data.ts from the shipped font files: the advance
 * widths and pair kerning of each face's plain characters (see plain-metrics.ts), so a fresh
 * process measures most words without running fontkit's layout. Run after changing a font:
 *   npx tsx bin/generate-plain-metrics.ts
 * test/unit/plain-metrics.test.ts fails while the file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEditionResources } from '../lambdas/adapters/resources';
import { FACE_KEYS } from '../lambdas/core/typeset/fonts';
import { renderPlainMetricsModule } from '../lambdas/core/typeset/plain-metrics';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'lambdas', 'core', 'typeset', 'plain-metrics.data.ts');
const resources = await loadEditionResources();
const source = renderPlainMetricsModule(resources.fonts, FACE_KEYS, resources.parseFont);
await writeFile(target, source);
process.stderr.write(`wrote ${target} (${Math.round(source.length / 1024)} KB)\n`);
