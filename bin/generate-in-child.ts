/**
 * A generated edition (test/fixtures/generate-edition.ts) made in a separate process, for the
 * bench and `epaper quality`: the generator is the tests' TypeScript (run with tsx), and making its
 * photos with sharp grows a process's memory for good, where the bench measures a build's peak.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedEdition, GenerateEditionOptions } from '../test/fixtures/generate-edition';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function generateInChildProcess(dir: string, options: GenerateEditionOptions): Promise<GeneratedEdition> {
  const [generated] = await generateAllInChildProcess([{ dir, options }]);
  return generated;
}

/**
 * Several generated editions made one after another in one child process, in the order given: each
 * process of its own costs a Node and tsx start-up (about a second of CPU on a busy machine).
 */
export function generateAllInChildProcess(inputs: readonly { readonly dir: string; readonly options: GenerateEditionOptions }[]): Promise<GeneratedEdition[]> {
  const script = `import { generateEdition } from ${JSON.stringify(join(REPO_ROOT, 'test', 'fixtures', 'generate-edition.ts'))};
const generated = [];
for (const { dir, options } of ${JSON.stringify(inputs)}) generated.push(await generateEdition(dir, options));
process.stdout.write(JSON.stringify(generated));`;
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done(JSON.parse(out) as GeneratedEdition[]) : fail(new Error(`generating ${inputs.map((input) => input.dir).join(', ')} failed (exit ${code})`))));
  });
}
