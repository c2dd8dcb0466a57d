/**
 * The project's base Lambda function: every epaper function runs the same runtime and architecture,
 * traces, logs JSON to a log group it owns (so retention and deletion are explicit), and is bundled
 * the same way. Per-function props only say what differs: size, time, environment, and which
 * packages must sit in the asset as files instead of inside the bundle.
 */
import { Duration, RemovalPolicy, Size, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, Tracing, ApplicationLogLevel, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
import { Construct } from 'constructs';
import { LOCK_FILE, PROJECT_ROOT } from '../paths';
import { PROCESS_ENVIRONMENT } from '../process-environment.js';
import { lambdaNodeOptions } from '../render-memory';

/** Where the asset's copy of `templates/` lands inside the Lambda task root. */
export const LAMBDA_TEMPLATES_DIR = '/var/task/templates';

/** Where packages installed into the asset (fonts, Chromium) are found at run time. */
export const LAMBDA_NODE_MODULES_DIR = '/var/task/node_modules';

export interface EpaperFunctionProps {
  /** The handler file (exports `handler`), absolute path inside the project. */
  readonly entry: string;
  /** Shown in the console: what this function does in the flow. */
  readonly description: string;
  /** 128…10240 MB; CPU share grows with it. */
  readonly memorySizeMb: number;
  /**
   * MB, the JavaScript heap's limit (`--max-old-space-size`), when the function's own work is
   * measured against it (the render function: lib/render-memory.ts).
   * @default - Node's own choice for the function's memory
   */
  readonly heapLimitMb?: number;
  /** Per invocation. */
  readonly timeout: Duration;
  /** Retention of the function's own log group. */
  readonly logRetention: RetentionDays;
  /** @default - no extra variables */
  readonly environment?: Record<string, string>;
  /** @default - unreserved (shares the account pool) */
  readonly reservedConcurrentExecutions?: number;
  /** @default 512 MiB */
  readonly ephemeralStorageSize?: Size;
  /**
   * Packages kept out of the esbuild bundle and installed into the asset's node_modules instead:
   * those read as files at run time (Chromium's brotli archives, font TTFs) or carrying native code.
   * @default - everything is bundled
   */
  readonly installedModules?: readonly string[];
  /**
   * Single files (paths relative to the project root, e.g. one TTF of a large font package) copied
   * into the asset at the same relative path: a package of nine weights of a 10 MB CJK font need
   * not be installed whole for the one weight the function reads.
   * @default - none
   */
  readonly copiedFiles?: readonly string[];
  /**
   * Copy `templates/` into the asset and point EPAPER_TEMPLATES_DIR at it.
   * @default false
   */
  readonly includeTemplates?: boolean;
  /**
   * Store @sparticuz/chromium's binary in the asset as chunked LZ4 instead of brotli
   * (bin/repack-chromium.js; the function must install `lz4-napi` to unpack it): a cold start
   * unpacks it in about 0.4–0.5 s instead of 1.2 s, on the CPU that also composes.
   * @default false
   */
  readonly chromiumLz4?: boolean;
}

/** Where bin/compile.js and the functions' bundles find the stubs of packages epaper never runs. */
const UNUSED_MODULES_DIR = 'lib/bundling/unused';

/** esbuild `--alias` entries, `<package>=./lib/bundling/unused/<package>.mjs` (paths from the project root, where esbuild runs). */
function unusedModuleAliases(): string[] {
  return readdirSync(join(PROJECT_ROOT, UNUSED_MODULES_DIR))
    .filter((file) => file.endsWith('.mjs'))
    .map((file) => `${file.slice(0, -'.mjs'.length)}=./${UNUSED_MODULES_DIR}/${file}`);
}

/** A NodejsFunction with the project's runtime, architecture, tracing, logging and bundling fixed. */
export class EpaperFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;
  /** The execution role; grants from the stacks land on it. */
  readonly role: Role;

  constructor(scope: Construct, id: string, props: EpaperFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      // Logs are operational, not records; deleting the stack should not leave them behind.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // Our own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to any log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${this.node.path}`,
    });
    this.logGroup.grantWrite(this.role);

    const includeTemplates = props.includeTemplates ?? false;
    const commandHooks: ICommandHooks = {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [
        ...(includeTemplates ? [`cp -r ${inputDir}/templates ${outputDir}/templates`] : []),
        ...(props.copiedFiles ?? []).map((file) => `mkdir -p "${outputDir}/${posix.dirname(file)}" && cp "${inputDir}/${file}" "${outputDir}/${file}"`),
        ...(props.chromiumLz4 ? [`node "${inputDir}/bin/repack-chromium.js" "${outputDir}/node_modules/@sparticuz/chromium/bin"`] : []),
      ],
    };

    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      role: this.role,
      runtime: Runtime.NODEJS_22_X,
      // @sparticuz/chromium ships x86_64 binaries; one architecture everywhere keeps sharp's native build consistent.
      architecture: Architecture.X86_64,
      memorySize: props.memorySizeMb,
      timeout: props.timeout,
      ephemeralStorageSize: props.ephemeralStorageSize,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      logGroup: this.logGroup,
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: LOCK_FILE,
      environment: {
        NODE_OPTIONS: lambdaNodeOptions(props.heapLimitMb),
        ...PROCESS_ENVIRONMENT,
        ...(includeTemplates ? { EPAPER_TEMPLATES_DIR: LAMBDA_TEMPLATES_DIR } : {}),
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        // ESM output still meets CommonJS dependencies that call require(); give them one.
        banner: "import { createRequire as __epaperCreateRequire } from 'node:module'; const require = __epaperCreateRequire(import.meta.url);",
        sourceMap: true,
        sourcesContent: false,
        minify: false,
        // Bundle the pinned AWS SDK rather than trusting whatever version the runtime carries.
        externalModules: [],
        nodeModules: [...(props.installedModules ?? [])],
        // Packages epaper never runs, each replaced by its stub (lib/bundling/unused/, shared with
        // the command's bundle, bin/compile.js): puppeteer-core is bundled like the rest, and without
        // the stubs its WebSocket transport and browser downloads would come with it.
        esbuildArgs: { '--alias': unusedModuleAliases() },
        // The lock file pins every tarball by integrity, so npm's cache may answer without asking the
        // registry: synth then works offline once the cache is warm.
        // The platform is the function's, not the deploying machine's: npm then installs the linux-x64
        // glibc builds of the native packages (sharp, lz4-napi) from a Mac or an arm64 laptop too.
        environment: {
          npm_config_prefer_offline: 'true',
          npm_config_audit: 'false',
          npm_config_fund: 'false',
          npm_config_os: 'linux',
          npm_config_cpu: 'x64',
          npm_config_libc: 'glibc',
        },
        commandHooks,
      },
    });

    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'Active tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; every other statement names its resource.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'nodejs22.x is the runtime docs/ARCHITECTURE.md fixes and the one the bundles target (node22); moving to a newer runtime is a deliberate, tested change, not a silent default.',
      },
    );
  }
}
