/**
 * An honest cold start of the render Lambda (issue 15, item 3): the render function as `cdk synth`
 * bundles it (its cdk.out asset: esbuild bundle, installed Chromium, fonts, templates), imported
 * in a fresh Node process with the function's environment and an empty temp folder (a new
 * instance's /tmp: Chromium unpacks from scratch), handed a synthetic SQS message for the sample
 * edition's date, against `epaper dev`'s S3 (s3rver) holding the sample edition. Reported: the
 * time from spawning the process until the version's PDF and its pointer (manifest.json, or the
 * proof pointer proof.json when the edition waits for an editor) exist in the editions bucket; the
 * init phase (Node's start and the bundle's import, what Lambda bills as INIT); the bundle's size;
 * the process tree's peak memory (Node and Chromium, PSS).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createS3Client, S3ObjectStore } from '../lambdas/adapters/s3-store';
import type { Logger } from '../lambdas/core/ports';
import { DEFAULT_EPAPER_CONFIG } from '../lib/config';
import { lambdaNodeOptions, renderHeapLimitMb } from '../lib/render-memory';
import { ProcessTreeCpu, processTreeMemoryBytes } from './process-memory';

const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const MIB = 1024 * 1024;
/** The sample edition's date (samples/ is dated 2019-12-04). */
export const SAMPLE_DATE = '2019-12-04';
/** What the pipeline stack is called with cdk.json's stackPrefix. */
const PIPELINE_STACK = 'EpaperPipeline';

export interface LambdaColdStart {
  /** The asset folder that was run, relative to the repository when inside it. */
  readonly asset: string;
  /** `cdk synth` of the pipeline stack (bundling included), ms; null when an asset was given. */
  readonly synthMs: number | null;
  /** index.mjs, the esbuild bundle the handler lives in. */
  readonly bundleBytes: number;
  /** The whole asset as uploaded (Chromium's archives, fonts, native sharp, templates). */
  readonly assetBytes: number;
  /** Process start to the bundle imported (Lambda's INIT phase, less the runtime's own start). */
  readonly initMs: number;
  /** The handler call, from the event to its answer. */
  readonly invokeMs: number;
  /** Spawn to the version's PDF and its pointer existing in the editions bucket. */
  readonly toPublishedMs: number;
  /** The pointer that appeared: manifest.json (published) or proof.json (waiting for an editor). */
  readonly pointer: string;
  readonly pages: number;
  /** Node and Chromium of the cold process, proportional set sizes. */
  readonly peakMb: number;
  /**
   * CPU time the cold process and its Chromium used, spawn to published (every thread: Chromium's
   * unpacking, parse and compose, sharp's encoding, Chromium's print and page images).
   */
  readonly cpuMs: number;
  /**
   * The least time that CPU takes on the function as deployed: Lambda gives a function CPU in
   * proportion to its memory, one vCPU at 1,769 MB, so a 2048 MB function has about 1.16. This
   * machine runs the cold start on all its cores, so toPublishedMs can be below it.
   */
  readonly deployedFloorMs: number;
  /** The function's memory size and the vCPUs it gives. */
  readonly memoryMb: number;
  readonly vcpus: number;
  /**
   * The Node.js that ran the function (`node --version`): the bench's own unless
   * EPAPER_BENCH_LAMBDA_NODE names another binary. The deployed function runs Node 22
   * (nodejs22.x); this project runs on Node 20 and later.
   */
  readonly node: string;
  /**
   * With `correction`: a second cold process rendering the edition after a one-word correction of
   * its lead story (CORRECTED_STORY), the first render's version in the bucket: spawn to the new
   * version's PDF and pointer, and its CPU. Its unchanged pages' images come from that version.
   */
  readonly correction?: { readonly toPublishedMs: number; readonly cpuMs: number; readonly pointer: string };
}

/** The correction the bench makes: a word of the lead story changed for one that sets on as many lines. */
export const CORRECTED_STORY = { file: 'ha-noi-flood-sensors.md', from: 'the largest early-warning network', to: 'the biggest early-warning network' } as const;

/** Lambda's CPU share: "at 1,769 MB, a function has the equivalent of one vCPU" (AWS Lambda, memory and computing power). */
export const LAMBDA_MB_PER_VCPU = 1769;

const quietLogger: Logger = { info: () => {}, warn: () => {} };

async function sizeOf(path: string): Promise<number> {
  const info = await stat(path);
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const name of await readdir(path)) total += await sizeOf(join(path, name));
  return total;
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`))));
  });
}

/**
 * `npx cdk synth EpaperPipeline` into `outdir` (bundling the render function for real), and the
 * render function's asset folder from the synthesized template.
 */
export async function synthRenderAsset(outdir: string): Promise<string> {
  await run('npx', ['cdk', 'synth', PIPELINE_STACK, '--quiet', '--output', outdir], { ...process.env });
  const template = JSON.parse(await readFile(join(outdir, `${PIPELINE_STACK}.template.json`), 'utf8')) as { Resources: Record<string, { Type: string; Properties: { Code?: { S3Key?: string } } }> };
  const render = Object.entries(template.Resources).find(([id, r]) => r.Type === 'AWS::Lambda::Function' && /^RenderFunction[0-9A-F]{8}$/.test(id));
  const key = render?.[1].Properties.Code?.S3Key;
  if (!key) throw new Error(`no render function in ${PIPELINE_STACK}.template.json`);
  return join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
}

/** Every file below `dir`, as paths relative to it. */
async function filesBelow(dir: string): Promise<string[]> {
  const names = await readdir(dir, { recursive: true });
  const files: string[] = [];
  for (const name of names) if ((await stat(join(dir, name))).isFile()) files.push(name);
  return files;
}

/** The SQS record a FIFO render queue delivers for `date`. */
function renderEvent(date: string) {
  return {
    Records: [
      {
        messageId: '00000000-0000-4000-8000-000000000001',
        receiptHandle: 'bench',
        body: JSON.stringify({ date }),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: 'bench',
          ApproximateFirstReceiveTimestamp: String(Date.now()),
          MessageGroupId: date,
          MessageDeduplicationId: `bench-${date}`,
          SequenceNumber: '1',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:EpaperRenderQueue.fifo',
        awsRegion: 'us-east-1',
      },
    ],
  };
}

/**
 * The cold process: imports the bundle (timed), calls the handler with the event and a Lambda-like
 * context, prints both timings as JSON. A file in the temp folder, so nothing of the bench loads.
 */
function runnerScript(bundleUrl: string, event: unknown): string {
  return `const { handler } = await import(${JSON.stringify(bundleUrl)});
const initMs = performance.now();
const context = { functionName: 'EpaperRender', functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:EpaperRender',
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, awsRequestId: 'bench', logGroupName: 'bench', logStreamName: 'bench', callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 300000, done() {}, fail() {}, succeed() {} };
const answer = await handler(${JSON.stringify(event)}, context);
const invokeMs = performance.now() - initMs;
process.stdout.write(JSON.stringify({ initMs, invokeMs, answer }) + '\\n');
process.exit(0);
`;
}

/**
 * Runs the cold start once. `asset` is a synthesized render asset (else one is synthesized into
 * the work folder). The local cloud runs in this process with its own renders held back, so the
 * only render is the cold process's. With `correction`, then a second cold process renders the
 * edition after a one-word correction (CORRECTED_STORY), the first version in the bucket.
 */
export async function runLambdaColdStart(opts: { workDir: string; asset?: string; log: (line: string) => void; correction?: boolean }): Promise<LambdaColdStart> {
  let synthMs: number | null = null;
  let asset = opts.asset;
  if (!asset) {
    opts.log('lambda: cdk synth EpaperPipeline (bundles the render function)');
    const started = performance.now();
    asset = await synthRenderAsset(join(opts.workDir, 'cdk.out'));
    synthMs = Math.round(performance.now() - started);
  }
  const bundle = join(asset, 'index.mjs');
  const [bundleBytes, assetBytes] = await Promise.all([sizeOf(bundle), sizeOf(asset)]);
  const lambdaNode = process.env.EPAPER_BENCH_LAMBDA_NODE ?? process.execPath;
  const node = execFileSync(lambdaNode, ['--version'], { encoding: 'utf8' }).trim();

  const { startDevCloud } = await import('./dev');
  const cloudDir = await mkdtemp(join(opts.workDir, 'lambda-cloud-'));
  // Renders an hour away: the cloud ingests the uploads, but the render is the cold process's. Its
  // ports are the system's choice as it listens: a port found free and listened on later was taken
  // meanwhile once in a bench run (EADDRINUSE), and the run lost its Lambda measure.
  const cloud = await startDevCloud({ dir: cloudDir, s3Port: 0, apiPort: 0, interactive: false, logger: quietLogger, renderDelayMs: 3_600_000 });
  const lambdaTemp = await mkdtemp(join(tmpdir(), 'epaper-lambda-tmp-'));
  try {
    const s3 = createS3Client({ endpoint: cloud.s3Endpoint, forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
    const content = new S3ObjectStore(s3, 'epaper-content');
    const editions = new S3ObjectStore(s3, 'epaper-editions');
    const samples = join(REPO_ROOT, 'samples');
    const files = await filesBelow(samples);
    for (const file of files) {
      const key = `articles/${SAMPLE_DATE}/${file.split('\\').join('/')}`;
      await content.put(key, await readFile(join(samples, file)), file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    }
    await waitForIngest(content, opts.log);

    /**
     * One cold process handed the render message, timed from its spawn until a pointer whose
     * fingerprint is not `notFingerprint` names a version whose PDF is in the bucket. Each run has
     * a temp folder of its own, empty as a cold Lambda's /tmp.
     */
    const coldRender = async (notFingerprint?: string) => {
      const runTemp = await mkdtemp(join(lambdaTemp, 'run-'));
      const runner = join(runTemp, 'runner.mjs');
      await writeFile(runner, runnerScript(pathToFileURL(bundle).href, renderEvent(SAMPLE_DATE)));
      // The function's own environment (lib/pipeline-stack.ts, epaper-function.ts), with the asset
      // standing in for /var/task and a fresh temp folder for /tmp.
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: runTemp,
        TMPDIR: runTemp,
        LANG: 'C.UTF-8',
        NODE_OPTIONS: lambdaNodeOptions(renderHeapLimitMb(DEFAULT_EPAPER_CONFIG.render.memoryMb)),
        MALLOC_ARENA_MAX: '2',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'bench',
        AWS_SECRET_ACCESS_KEY: 'bench',
        AWS_ENDPOINT_URL_S3: cloud.s3Endpoint,
        CONTENT_BUCKET: 'epaper-content',
        EDITIONS_BUCKET: 'epaper-editions',
        RENDER_QUEUE_URL: 'http://127.0.0.1:9/000000000000/EpaperRenderQueue.fifo',
        EPAPER_TEMPLATES_DIR: join(asset, 'templates'),
        EPAPER_FONTS_DIR: join(asset, 'node_modules'),
        POWERTOOLS_SERVICE_NAME: 'epaper-render',
        // Set by the Lambda runtime in every function.
        AWS_LAMBDA_FUNCTION_NAME: 'EpaperRender',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(DEFAULT_EPAPER_CONFIG.render.memoryMb),
        // EPAPER_BENCH_LAMBDA_LOG=INFO shows the function's own log lines (after the run) to see where its time goes.
        POWERTOOLS_LOG_LEVEL: process.env.EPAPER_BENCH_LAMBDA_LOG ?? 'WARN',
        // EPAPER_BENCH_PAGE_IMAGE_WIDTH_PX=0 renders without the reader's page images, to see their share.
        ...(process.env.EPAPER_BENCH_PAGE_IMAGE_WIDTH_PX !== undefined ? { PAGE_IMAGE_WIDTH_PX: process.env.EPAPER_BENCH_PAGE_IMAGE_WIDTH_PX } : {}),
      };
      const started = performance.now();
      const child = spawn(lambdaNode, [runner], { cwd: asset, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-8000)));
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

      let peak = 0;
      let sampling = true;
      const cpu = new ProcessTreeCpu(child.pid ?? 0);
      const sampler = (async () => {
        while (sampling && child.pid !== undefined) {
          peak = Math.max(peak, await processTreeMemoryBytes({ root: child.pid }));
          await cpu.sample();
          await new Promise((done) => setTimeout(done, 100));
        }
      })();
      let published: { pointer: string; ms: number; pages: number; cpuMs: number; fingerprint: string } | undefined;
      let childDone = false;
      void exited.then(() => (childDone = true));
      const pointers = [`editions/${SAMPLE_DATE}/manifest.json`, `editions/${SAMPLE_DATE}/proof.json`];
      const stamps = new Map<string, number>();
      try {
        // Poll the bucket, not the process: what counts is when a reader could have the edition. The
        // store's files are watched first and the bucket asked only once a pointer's file is there
        // (or has changed): two requests every 20 ms cost the bench process (which runs the store the
        // function writes to) 36–39% of a core, the files 6.5%.
        while (!published) {
          const onDisk = await Promise.all(pointers.map((key) => stat(storedObjectPath(cloudDir, 'epaper-editions', key)).then((file) => file.mtimeMs, () => undefined)));
          const fresh = onDisk.some((mtime, i) => mtime !== undefined && mtime !== stamps.get(pointers[i]));
          if (!fresh && !childDone) {
            await new Promise((done) => setTimeout(done, 10));
            continue;
          }
          for (const [i, pointer] of pointers.entries()) {
            const object = await editions.get(pointer).catch(() => undefined);
            if (!object) continue;
            const manifest = JSON.parse(new TextDecoder().decode(object.body)) as { version?: string; pdf?: string; pageCount?: number; fingerprint?: string };
            if (manifest.fingerprint === notFingerprint) {
              // The earlier render's pointer: asked again only once its file changes.
              if (onDisk[i] !== undefined) stamps.set(pointer, onDisk[i]!);
              continue;
            }
            const pdfKey = `editions/${SAMPLE_DATE}/${manifest.version ?? ''}${manifest.pdf ?? 'edition.pdf'}`;
            if (await editions.head(pdfKey)) {
              const ms = Math.round(performance.now() - started);
              published = { pointer: pointer.split('/').pop()!, ms, pages: manifest.pageCount ?? 0, cpuMs: await cpu.sample(), fingerprint: manifest.fingerprint ?? '' };
              break;
            }
          }
          if (published) break;
          if (childDone) throw new Error(`the cold render ended without publishing: ${stderr.trim().split('\n').slice(-3).join(' | ') || stdout.trim()}`);
          await new Promise((done) => setTimeout(done, 20));
        }
        const code = await exited;
        if (code !== 0) throw new Error(`the cold render process exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
      } finally {
        sampling = false;
        await sampler;
        if (!childDone) child.kill('SIGKILL');
      }
      if (process.env.EPAPER_BENCH_LAMBDA_LOG) for (const line of `${stdout}${stderr}`.trim().split('\n')) opts.log(`lambda log: ${line}`);
      const timings = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as { initMs: number; invokeMs: number };
      return { ...published, peak, timings };
    };

    opts.log(`lambda: cold render of the sample edition from ${relative(REPO_ROOT, asset) || asset}`);
    const first = await coldRender();
    const memoryMb = DEFAULT_EPAPER_CONFIG.render.memoryMb;
    const vcpus = Math.round((memoryMb / LAMBDA_MB_PER_VCPU) * 100) / 100;
    let correction: LambdaColdStart['correction'];
    if (opts.correction) {
      // A newsroom's correction after the edition went out: one word of the lead story, set on as
      // many lines, so that the other pages are the same (and their images the version's own).
      const key = `articles/${SAMPLE_DATE}/${CORRECTED_STORY.file}`;
      const story = new TextDecoder().decode((await content.get(key))!.body);
      if (!story.includes(CORRECTED_STORY.from)) throw new Error(`${CORRECTED_STORY.file} no longer says '${CORRECTED_STORY.from}'`);
      await content.put(key, story.replace(CORRECTED_STORY.from, CORRECTED_STORY.to), 'application/octet-stream');
      await waitForIngest(content, opts.log);
      opts.log('lambda: cold render of a one-word correction of it');
      const corrected = await coldRender(first.fingerprint);
      correction = { toPublishedMs: corrected.ms, cpuMs: corrected.cpuMs, pointer: corrected.pointer };
    }
    return {
      asset: relative(REPO_ROOT, asset).startsWith('..') ? asset : relative(REPO_ROOT, asset),
      synthMs,
      bundleBytes,
      assetBytes,
      initMs: Math.round(first.timings.initMs),
      invokeMs: Math.round(first.timings.invokeMs),
      toPublishedMs: first.ms,
      pointer: first.pointer,
      pages: first.pages,
      peakMb: Math.round(first.peak / MIB),
      cpuMs: first.cpuMs,
      deployedFloorMs: Math.round(first.cpuMs / vcpus),
      memoryMb,
      vcpus,
      node,
      ...(correction ? { correction } : {}),
    };
  } finally {
    await cloud.stop();
    await rm(lambdaTemp, { recursive: true, force: true });
    await rm(cloudDir, { recursive: true, force: true });
  }
}

/** Where the local cloud keeps an object's bytes: s3rver's file store under `<dir>/s3` (bin/dev.ts). */
function storedObjectPath(cloudDir: string, bucket: string, key: string): string {
  const parts = key.split('/');
  const name = parts.pop() ?? '';
  return join(cloudDir, 's3', bucket, ...parts, `${name}._S3rver_object`);
}

/** Waits until the local cloud has ingested the uploads (its output stops changing), so it does not compete with the cold render. */
async function waitForIngest(content: S3ObjectStore, log: (line: string) => void): Promise<void> {
  let last = -1;
  let stableSince = performance.now();
  const deadline = performance.now() + 20_000;
  while (performance.now() < deadline) {
    const count = (await content.list('normalized/')).length + (await content.list('rejected/')).length;
    if (count !== last) {
      last = count;
      stableSince = performance.now();
    } else if (count > 0 && performance.now() - stableSince > 700) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  log('lambda: the local cloud had not finished ingesting after 20 s; measuring anyway');
}
