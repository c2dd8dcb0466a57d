/**
 * The Chromium renderer: turns composed edition HTML into PDF bytes (and page thumbnails) with
 * puppeteer-core and @sparticuz/chromium, the same build locally and on Lambda.
 *
 * The page is sealed (docs/ARCHITECTURE.md, "Never trust article HTML in the renderer"): web security stays on,
 * JavaScript is off, and every request is intercepted. Only `https://edition.invalid/edition.html`
 * and the assets handed in are answered, from memory; everything else is aborted and reported.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, CDPSession, Page, Protocol } from 'puppeteer-core';
import { chromiumBinary } from './chromium-binary.js';
import { EDITION_HTML_TYPE } from '../core/edition';
import { escapeHtml } from '../core/html/emit';
import type { Asset, Renderer, RenderOptions, RenderResult } from '../core/ports';

/** A made-up origin: `.invalid` can never resolve, so nothing served from it can reach a network. */
export const EDITION_ORIGIN = 'https://edition.invalid';
export const EDITION_URL = `${EDITION_ORIGIN}/edition.html`;

/** @sparticuz relaxes these for scraping; for untrusted HTML they would reopen file:// and mixed content. */
const UNSAFE_ARGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

const NAVIGATION_TIMEOUT_MS = 30_000;
const PRINT_TIMEOUT_MS = 60_000;
/** data: URLs (Chromium's own media controls use them) can be megabytes; the log needs only a hint. */
const MAX_RECORDED_URL_LENGTH = 200;
/** CSS pixels per millimetre (96 px per inch). */
const PX_PER_MM = 96 / 25.4;

/**
 * The process's browsers, by slot, each launched on first use: slot 0 is the one every renderer
 * shares; the others are launched only by a renderer that prints documents in parallel.
 */
const browserPromises: (Promise<Browser> | undefined)[] = [];

/**
 * At most this many browsers print at once. @sparticuz's Chromium runs single-process: one browser
 * lays out and prints one document at a time, however many pages it has open, so printing in
 * parallel takes a browser per print. Each holds its own document (about 5 MB a page, on top of
 * about 100 MB of its own), and two already keep both cores of this machine busy.
 */
export const MAX_PARALLEL_PRINTS = 2;

/** Browsers worth printing with at once on this machine: one per core, up to MAX_PARALLEL_PRINTS. */
export function parallelPrintsHere(): number {
  return Math.max(1, Math.min(availableParallelism(), MAX_PARALLEL_PRINTS));
}

/**
 * Each launch's profile folder, made by the renderer rather than by puppeteer, so that the renderer
 * can remove it itself: after a kill (a one-shot build, a signal) without waiting for puppeteer to
 * see Chromium's exit, which is the kernel tearing down a process of a few hundred megabytes
 * (about 45 ms at the end of every `epaper build`), and without leaving it behind when puppeteer
 * never gets to.
 */
const profiles = new WeakMap<Browser, string>();
/** Whether this process has looked for other processes' orphaned profiles (once is enough). */
let sweptOrphans = false;

/** Profile folders are named for the process that made them: `epaper-chromium-<pid>-<random>`. */
const PROFILE_PREFIX = 'epaper-chromium-';

/** Whether a process with this id exists (one of another user's counts: it cannot be signalled). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the profile folders whose process has ended. A process killed outright (SIGKILL, the
 * kernel out of memory, a Lambda timeout) cannot remove its own, and a warm Lambda's /tmp, 512 MB,
 * outlives the process: each folder is about a megabyte. Folders of running processes (another
 * build, a test's) are left alone, and so are folders of the old name, which say no process, and
 * this process's own: another thread of it may have a renderer of its own.
 * Returns the folders removed.
 */
export async function removeOrphanedProfiles(dir = tmpdir(), exists: (pid: number) => boolean = processExists): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const pid = name.startsWith(PROFILE_PREFIX) ? Number(/^(\d+)-/.exec(name.slice(PROFILE_PREFIX.length))?.[1]) : Number.NaN;
    if (!Number.isSafeInteger(pid) || pid === process.pid || exists(pid)) continue;
    await rm(join(dir, name), { recursive: true, force: true }).then(
      () => removed.push(join(dir, name)),
      () => {}, // gone already, or not ours to remove
    );
  }
  return removed;
}

/**
 * A new folder for one launch (its profile and fontconfig), named for this process, so that
 * removeOrphanedProfiles removes it once the process has ended, however it ended.
 */
export function newProfileFolder(): string {
  return mkdtempSync(join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
}

function removeProfile(browser: Browser | undefined): void {
  const profile = browser && profiles.get(browser);
  if (!profile) return;
  profiles.delete(browser);
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // A folder in the temporary directory: the system's own clean-up gets it later.
  }
}

/**
 * @sparticuz's GPU emulation (ANGLE on SwiftShader, for WebGL) with nothing to use it here: JavaScript
 * is off, and there is no GPU on Lambda or in CI. Without it and with `--disable-gpu`, Chromium
 * rasterises with Skia's own software path, which takes the page screenshots in a third of the time
 * (sample edition, six pages at 1600 px: 2.9–3.8 s → 1.0–1.5 s; the 240 px thumbnails 1.2–2.2 s →
 * 0.25–0.9 s); the PDF is the same bytes (Skia's PDF backend never touched the GPU) and the
 * screenshots differ only in anti-aliasing (PSNR 52–57 dB).
 */
const GPU_EMULATION_ARGS = new Set(['--use-gl', '--use-angle', '--enable-unsafe-swiftshader']);
const SOFTWARE_RENDERING_ARGS = ['--disable-gpu'];

/**
 * Launch arguments for a sealed browser: @sparticuz's own (`chromium.args`, which the renderer gets
 * from chromiumBinary()), minus the ones that weaken web security and the GPU emulation, with
 * software rendering.
 */
export function sealedLaunchArgs(sparticuzArgs: readonly string[]): string[] {
  return [...sparticuzArgs.filter((arg) => !UNSAFE_ARGS.has(arg.split('=')[0]) && !GPU_EMULATION_ARGS.has(arg.split('=')[0])), ...SOFTWARE_RENDERING_ARGS];
}

/**
 * The fonts a sealed browser finds by itself, besides the edition's own: only those @sparticuz unpacks
 * beside the binary (Open Sans), which are all a render Lambda's Chromium has, never the machine's.
 * A character no face of the edition has then prints as that face's empty box, as the build's
 * warning says and as the typesetter measured it, on a laptop as in the cloud: with the machine's
 * fonts a laptop printed ♔ ♕ ♖ in DejaVu Sans (and an edition's PDF depended on what the machine
 * had installed). Text in a family the page does not load still has a font: with none at all,
 * Chromium prints such text as nothing. Written into the launch's profile (its cache too), so it
 * goes with it; undefined, and the machine's fonts used, only if no fonts were unpacked.
 */
export function sealedFontconfig(profile: string, binaryPath: string): string | undefined {
  const fonts = join(dirname(binaryPath), 'fonts');
  if (!existsSync(fonts)) return undefined;
  const file = join(profile, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${escapeHtml(fonts)}</dir>\n  <cachedir>${escapeHtml(join(profile, 'fontconfig'))}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}

/**
 * puppeteer-core is loaded here, not at the top: it is the heaviest module the build loads (about
 * 250 ms), and loading it after the unpacking has started lets a cold start do both at once.
 */
async function launchBrowser(): Promise<Browser> {
  const binary = chromiumBinary();
  // Made before the first await, so that a killBrowser at any moment of the launch knows its folder.
  const profile = newProfileFolder();
  const launch: LaunchUnderWay = { profile, abandoned: false };
  launchesUnderWay.add(launch);
  // Off the launch's path: what killed processes left behind (removeOrphanedProfiles).
  if (!sweptOrphans) {
    sweptOrphans = true;
    void removeOrphanedProfiles();
  }
  let browser: Browser;
  try {
    const { default: puppeteer } = await import('puppeteer-core');
    const { path, args } = await binary;
    if (launch.abandoned) throw new Error('Chromium was not launched: the process is stopping.');
    const fontconfig = sealedFontconfig(profile, path);
    browser = await puppeteer.launch({
      executablePath: path,
      args: [...sealedLaunchArgs(args), `--user-data-dir=${profile}`],
      ...(fontconfig ? { env: { ...process.env, FONTCONFIG_FILE: fontconfig } } : {}),
      headless: 'shell',
      defaultViewport: null,
      // Puppeteer's own handlers would close Chromium gracefully on SIGTERM/SIGHUP and keep the
      // process alive meanwhile (a swallowed SIGTERM: `timeout` could not stop a build). The process
      // that owns the browser decides what a signal means; the CLI kills it at once (killBrowser).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // Over a pipe, Chromium (which puppeteer starts in its own process group) quits by itself when
      // this process ends, however it ends: a kill during the launch or a SIGKILL leaves no orphan.
      pipe: true,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  } finally {
    launchesUnderWay.delete(launch);
  }
  profiles.set(browser, profile);
  // Launched after the process gave up waiting for it (killBrowser): ended at once, as the others were.
  if (launch.abandoned) {
    browser.process()?.kill('SIGKILL');
    removeProfile(browser);
    throw new Error('Chromium was launched as the process stopped, and killed.');
  }
  return browser;
}

/** A Chromium launch not yet finished, with its profile folder; `abandoned` once a stopping process gave up waiting for it. */
interface LaunchUnderWay {
  readonly profile: string;
  abandoned: boolean;
}

const launchesUnderWay = new Set<LaunchUnderWay>();

/**
 * Ends a launch the stopping process will not wait for: a Chromium already started on its profile
 * (found by its command line, Linux's /proc; puppeteer gives no handle before the launch returns)
 * is killed with its process group, then the folder is removed. Left, the folder stayed in the
 * temporary directory until the next launch swept it (removeOrphanedProfiles): a SIGTERM during a
 * launch slower than killBrowser's wait (a loaded machine, a cold unpacking).
 */
function abandonLaunch(launch: LaunchUnderWay): void {
  launch.abandoned = true;
  for (const pid of processesUsingProfile(launch.profile)) {
    try {
      // Puppeteer starts Chromium in a process group of its own (detached): its zygote and renderers go with it.
      process.kill(-pid, 'SIGKILL');
    } catch {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone already.
      }
    }
  }
  try {
    rmSync(launch.profile, { recursive: true, force: true, maxRetries: 2 });
  } catch {
    // A folder in the temporary directory: the next launch's sweep gets it.
  }
}

/** The processes whose command line names `--user-data-dir=<profile>` (none where there is no /proc). */
function processesUsingProfile(profile: string): number[] {
  const flag = `--user-data-dir=${profile}`;
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').includes(flag)) found.push(Number(name));
    } catch {
      // Ended meanwhile, or another user's.
    }
  }
  return found;
}

/**
 * A browser slot's browser, launched on first use and relaunched if it went away (a warm Lambda
 * must survive a Chromium crash). Concurrent callers share one launch.
 */
async function sharedBrowser(slot = 0): Promise<Browser> {
  for (let attempt = 0; attempt < 2; attempt++) {
    browserPromises[slot] ??= launchBrowser();
    const pending = browserPromises[slot]!;
    let browser: Browser;
    try {
      browser = await pending;
    } catch (error) {
      // A failed launch must not be cached: the next render should try again.
      if (browserPromises[slot] === pending) browserPromises[slot] = undefined;
      throw error;
    }
    if (browser.connected) return browser;
    if (browserPromises[slot] === pending) browserPromises[slot] = undefined;
    browser.process()?.kill('SIGKILL');
    removeProfile(browser);
  }
  throw new Error('Chromium disconnected right after it was launched.');
}

/** Every browser launch under way or done, forgotten: the next render launches afresh. */
function takeBrowsers(): Promise<Browser>[] {
  const pending = browserPromises.filter((p): p is Promise<Browser> => p !== undefined);
  browserPromises.length = 0;
  return pending;
}

/** Closes the shared browsers, if any, so that a CLI run or a test file can exit cleanly. */
export async function closeBrowser(): Promise<void> {
  await Promise.all(
    takeBrowsers().map(async (pending) => {
      const browser = await pending.catch(() => undefined);
      if (browser?.connected) await browser.close();
      removeProfile(browser);
    }),
  );
}

/**
 * Ends the shared browsers for a process that is about to exit (the CLI after its edition): killed
 * rather than closed, since nothing of their state is wanted (a graceful close made a one-shot build
 * wait about 250 ms for Chromium to shut itself down), and their profile folders removed at once.
 * The process does not wait to see Chromium's exit: that is the kernel freeing its memory, and the
 * killed process is reaped by the system when this one has ended.
 */
export async function discardBrowser(): Promise<void> {
  await Promise.all(
    takeBrowsers().map(async (pending) => {
      const browser = await pending.catch(() => undefined);
      if (!browser) return;
      browser.process()?.kill('SIGKILL');
      removeProfile(browser);
    }),
  );
}

/**
 * Kills the shared browsers' processes at once (SIGKILL), for a process that is being stopped by a
 * signal; waits for a launch under way to finish first, up to `withinMs`, then ends the launches it
 * gave up on, their profile folders with them (abandonLaunch).
 */
export async function killBrowser(withinMs = 1_500): Promise<void> {
  const giveUp = new Promise<undefined>((r) => (setTimeout(r, withinMs) as unknown as NodeJS.Timeout).unref());
  await Promise.all(
    takeBrowsers().map(async (pending) => {
      const browser = await Promise.race([pending.catch(() => undefined), giveUp]);
      browser?.process()?.kill('SIGKILL');
      removeProfile(browser);
    }),
  );
  for (const launch of launchesUnderWay) abandonLaunch(launch);
}

/** Maps a request URL to the relative asset key it asks for, or undefined if it leaves the edition origin. */
export function assetKeyFor(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.origin !== EDITION_ORIGIN) return undefined;
  // Keys are the relative paths as the composer wrote them; URL parsing percent-encodes non-ASCII.
  const path = parsed.pathname.replace(/^\/+/, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Base64 of each asset body, kept while the body lives: a warm renderer serves the same fonts every time. */
const base64Bodies = new WeakMap<Uint8Array, string>();

function base64Of(body: Uint8Array): string {
  let encoded = base64Bodies.get(body);
  if (encoded === undefined) {
    encoded = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64');
    base64Bodies.set(body, encoded);
  }
  return encoded;
}

/**
 * Answers edition requests from memory and refuses everything else, recording what it refused.
 * Chromium's Fetch domain directly, on a session of its own, rather than puppeteer's request
 * interception: that one pairs each paused request with its network events before answering and
 * encodes every body to base64 in JavaScript (3 MB of fonts and photos a build), which cost the
 * 30-article edition's page load about 100 ms over loading the same files from disk.
 */
async function sealPage(page: Page, html: string, assets: ReadonlyMap<string, Asset>, blocked: string[], pending?: ReadonlyMap<string, Promise<Asset>>): Promise<CDPSession> {
  const session = await page.createCDPSession();
  const { frameTree } = await session.send('Page.getFrameTree');
  const mainFrameId = frameTree.frame.id;
  const htmlBase64 = Buffer.from(html, 'utf8').toString('base64');
  // Served once, to the main frame: a refresh or frame pointing back at the edition would
  // otherwise reload it (mid-print) or nest it.
  let editionServed = false;
  session.on('Fetch.requestPaused', (event: Protocol.Fetch.RequestPausedEvent) => {
    const { requestId, request, resourceType, frameId } = event;
    const url = request.url;
    const isMainNavigation = resourceType === 'Document' && frameId === mainFrameId;
    const fulfil = (contentType: string, body: string) =>
      void session.send('Fetch.fulfillRequest', { requestId, responseCode: 200, responseHeaders: [{ name: 'Content-Type', value: contentType }], body }).catch(() => {});
    if (url === EDITION_URL && request.method === 'GET' && isMainNavigation && !editionServed) {
      editionServed = true;
      fulfil(EDITION_HTML_TYPE, htmlBase64);
      return;
    }
    const key = assetKeyFor(url);
    const asset = key === undefined ? undefined : assets.get(key);
    if (asset && request.method === 'GET' && resourceType !== 'Document') {
      fulfil(asset.contentType, base64Of(asset.body));
      return;
    }
    // An asset still being made (a photo being fitted) is answered when it is ready. One that
    // fails is a failed load, not a refusal: the build reports it and prints without it.
    const later = key === undefined ? undefined : pending?.get(key);
    if (later && request.method === 'GET' && resourceType !== 'Document') {
      later.then(
        (ready) => fulfil(ready.contentType, base64Of(ready.body)),
        () => void session.send('Fetch.failRequest', { requestId, errorReason: 'Failed' }).catch(() => {}),
      );
      return;
    }
    blocked.push(url.length > MAX_RECORDED_URL_LENGTH ? `${url.slice(0, MAX_RECORDED_URL_LENGTH)}…` : url);
    // A failed main-frame navigation makes Chromium swap in its error page, and the PDF would come
    // out blank; 'Aborted' leaves the edition in place.
    void session.send('Fetch.failRequest', { requestId, errorReason: isMainNavigation ? 'Aborted' : 'BlockedByClient' }).catch(() => {});
  });
  await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  return session;
}

/** How a renderer is used by the process that owns it. */
export interface ChromiumRendererOptions {
  /**
   * The process renders one edition and ends (the CLI's `build`): its page's memory is not handed
   * back after printing (about 90 ms on the 30-article edition), since Chromium is killed next.
   * @default false: a warm Lambda or `epaper dev` renders edition after edition.
   */
  readonly oneShot?: boolean;
  /**
   * How many documents it prints at once, each in a browser of its own (a long edition is printed
   * in parts: build-edition.ts, PRINT_POLICY). parallelPrintsHere() gives one per core; the render
   * Lambda keeps one, since at its memory size it has a little more than one core's time.
   * @default 1
   */
  readonly browsers?: number;
}

/** Prints composed HTML in a sealed page with the shared Chromium. */
export class ChromiumRenderer implements Renderer {
  readonly concurrentRenders: number;
  /** Photos still being fitted are answered from the page's interception when they are ready (sealPage). */
  readonly servesPendingAssets = true;
  /** Renders under way in each browser slot, so that a new one goes to the least busy. */
  private readonly rendersBySlot: number[];

  constructor(private readonly options: ChromiumRendererOptions = {}) {
    this.concurrentRenders = Math.max(1, Math.min(MAX_PARALLEL_PRINTS, Math.floor(options.browsers ?? 1)));
    this.rendersBySlot = new Array<number>(this.concurrentRenders).fill(0);
  }

  /**
   * Starts unpacking and launching Chromium in the background: on a cold start that takes about
   * 1.5 s, which then overlaps parsing and composition instead of following them.
   */
  prepare(): void {
    for (let slot = 0; slot < this.concurrentRenders; slot++) this.handBack(slot, true);
    const launching = sharedBrowser();
    launching.catch(() => {
      // A failed launch is not cached; render() launches again and reports the error.
    });
    // The next render's page is opened as soon as Chromium is up, while the edition is still being
    // composed (Chromium is idle then): a new page and its settings are five round trips to Chromium
    // that are otherwise on the way to the print.
    if (!this.nextPage) {
      const opening = launching.then(openBlankPage);
      this.nextPage = opening;
      opening.catch(() => {
        if (this.nextPage === opening) this.nextPage = undefined;
      });
    }
  }

  private nextPage?: Promise<Page>;

  /**
   * The page the browser's last part printed in (`moreToFollow`), if it is still usable, its seal
   * taken off; else, in the first browser, the page prepare() opened; else a new one.
   */
  private async takePage(slot: number): Promise<Page> {
    const kept = this.kept[slot];
    if (kept) {
      this.kept[slot] = undefined;
      // The last part's seal stays on until its document is gone: nothing it asks for escapes.
      const cleared = !kept.page.isClosed() && kept.page.browser().connected && (await clearForNextDocument(kept.page));
      await kept.seal.detach().catch(() => {});
      if (cleared) return kept.page;
      // Its memory was asked back just now (or its browser is gone): only closing is left.
      await kept.page.close().catch(() => {});
    }
    if (slot === 0) {
      const prepared = this.nextPage;
      this.nextPage = undefined;
      const page = prepared && (await prepared.catch(() => undefined));
      if (page && !page.isClosed() && page.browser().connected) return page;
    }
    return openBlankPage(await sharedBrowser(slot));
  }

  /**
   * Renders one document; a new page per call, closed afterwards whatever happens (at once, or
   * with `releaseAfterReturn` at the next prepare() or render). Calls made at once go to different
   * browsers, up to `concurrentRenders`, the least busy first.
   */
  async render(html: string, assets: ReadonlyMap<string, Asset>, options: RenderOptions): Promise<RenderResult> {
    const slot = this.rendersBySlot.indexOf(Math.min(...this.rendersBySlot));
    this.rendersBySlot[slot]++;
    try {
      // A browser's last document is handed back before it loads another, so that a warm process
      // never holds two editions' documents in one browser (releasePage).
      await this.handBack(slot);
      return await this.renderIn(slot, html, assets, options);
    } finally {
      this.rendersBySlot[slot]--;
    }
  }

  /**
   * A page whose render asked to hand its memory back later (`releaseAfterReturn`), per browser:
   * released when the next edition's build starts (prepare(), while the pages are composed and
   * Chromium is idle) or, at the latest, before that browser renders again. In the render Lambda
   * this takes the release (a blank navigation, a garbage collection, the pressure signal: about
   * 200 ms of the sample edition's cold render) off the way to the published proof.
   */
  private readonly parked: (Page | undefined)[] = [];
  /** Each browser's release of its parked page, under way. */
  private readonly releasing: (Promise<void> | undefined)[] = [];

  /**
   * A page kept for the next part of the same edition (`moreToFollow`), per browser, with the
   * session that seals it. The next part is loaded into it once its document is gone
   * (clearForNextDocument), which saves closing it and opening and setting up a new page: the
   * 97-page edition's eight parts printed in a median 3.07 s against 3.20 s with a page each,
   * fourteen alternating rounds in one process, the same peak memory. The last is handed back by
   * settle(), beside the join of the parts, or at the latest by the next prepare().
   */
  private readonly kept: ({ readonly page: Page; readonly seal: CDPSession } | undefined)[] = [];

  /** Hands back every parked and kept page; resolves when every browser holds none. */
  async settle(): Promise<void> {
    await Promise.all(Array.from({ length: this.concurrentRenders }, (_, slot) => this.handBack(slot, true)));
  }

  /**
   * Starts handing back the slot's parked page, and with `alsoKept` the page kept for a next part
   * (a render takes that one instead), if any; resolves when the slot holds neither.
   */
  private handBack(slot: number, alsoKept = false): Promise<void> | undefined {
    const parked = this.parked[slot];
    const kept = alsoKept ? this.kept[slot] : undefined;
    this.parked[slot] = undefined;
    if (alsoKept) this.kept[slot] = undefined;
    const work: Promise<void>[] = [];
    if (parked) work.push(releasePage(parked));
    // The kept page's seal comes off once its document is gone.
    if (kept) work.push(releasePage(kept.page).then(() => kept.seal.detach().catch(() => {})));
    if (work.length > 0) {
      const release: Promise<void> = Promise.all([this.releasing[slot], ...work])
        .then(() => undefined)
        .finally(() => {
          if (this.releasing[slot] === release) this.releasing[slot] = undefined;
        });
      this.releasing[slot] = release;
    }
    return this.releasing[slot];
  }

  private async renderIn(slot: number, html: string, assets: ReadonlyMap<string, Asset>, options: RenderOptions): Promise<RenderResult> {
    const page = await this.takePage(slot);
    const blockedRequests: string[] = [];
    let seal: CDPSession | undefined;
    let keep = false;
    try {
      seal = await sealPage(page, html, assets, blockedRequests, options.pendingAssets);

      await page.goto(EDITION_URL, { waitUntil: 'load', timeout: NAVIGATION_TIMEOUT_MS }).catch((error: unknown) => {
        throw explainTimeout(error, `loading the edition took longer than ${NAVIGATION_TIMEOUT_MS / 1000} s`);
      });
      await loadEveryFaceAndPhoto(page);
      assertStillOnEdition(page);

      // The interception handler stays attached through printing: print media can fetch more.
      const printing = page.pdf({
        width: `${options.widthMm}mm`,
        height: `${options.heightMm}mm`,
        margin: { top: '0', right: '0', bottom: '0', left: '0' },
        preferCSSPageSize: true,
        printBackground: true,
        // Every line is its own absolutely positioned box, so Chromium's structure tree would be one
        // element per line: thousands of objects that double the file and the print time and give a
        // screen reader nothing a bookmark does not (the outline is added in post-processing).
        tagged: false,
        outline: false,
        timeout: PRINT_TIMEOUT_MS,
        // loadEveryFaceAndPhoto has waited for every face: puppeteer's own wait would only add a
        // round trip through an isolated world before the print starts.
        waitForFonts: false,
      });
      printing.catch(() => {}); // awaited below, unless the caller's work throws first
      if (options.onPrinting) {
        // The print command is on its way (sent in page.pdf's first step): the caller's work runs
        // while Chromium prints, on a main thread that would otherwise only wait.
        await new Promise<void>((resume) => setImmediate(resume));
        options.onPrinting();
      }
      const pdf = await printing.catch((error: unknown) => {
        throw explainTimeout(error, `printing the edition took longer than ${PRINT_TIMEOUT_MS / 1000} s`);
      });
      assertStillOnEdition(page);
      const printed = new Uint8Array(pdf);
      options.onPrinted?.(printed);

      if (options.pageImageWidthPx) {
        const pageImages = await screenshotPages(page, options.widthMm, options.pageImageWidthPx, true, options.onPageImage, options.pageImagesKnown);
        return { pdf: printed, blockedRequests, pageImages };
      }
      if (options.thumbnailWidthPx) {
        // Without known pages every page is taken.
        const thumbnails = (await screenshotPages(page, options.widthMm, options.thumbnailWidthPx, true)) as Uint8Array[];
        return { pdf: printed, blockedRequests, thumbnails };
      }
      // Only a page that printed and nothing more is kept (screenshots change its viewport), and
      // not by a one-shot process, which closes its pages without handing their memory back.
      keep = options.moreToFollow === true && !this.options.oneShot && this.kept[slot] === undefined;
      return { pdf: printed, blockedRequests };
    } finally {
      if (keep && seal) this.kept[slot] = { page, seal };
      else if (this.options.oneShot) await page.close().catch(() => {});
      else if (options.releaseAfterReturn) this.parked[slot] = page;
      else await releasePage(page);
    }
  }
}

/**
 * A blank page set up for an edition: JavaScript off, no cache (a photo may keep its path with
 * other bytes from one edition to the next) and print media, so that print-only resources load
 * with the page and thumbnails match the PDF. It is sealed when its edition is known (sealPage).
 */
async function openBlankPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  try {
    page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
    page.setDefaultTimeout(NAVIGATION_TIMEOUT_MS);
    await Promise.all([page.setJavaScriptEnabled(false), page.setCacheEnabled(false), page.emulateMediaType('print')]);
    return page;
  } catch (error) {
    await page.close().catch(() => {});
    throw error;
  }
}

/**
 * Empties a page for the next document of the same edition, as releasePage does but without
 * closing it: a blank navigation, a garbage collection and the pressure signal. Loading the next
 * part straight over the last was quicker still (the 97-page edition's parts in about 2.9 s
 * against 3.6 s), but left about 250 MB more of Chromium's memory at its peak; without the
 * pressure signal alone, 60-70 MB more at the 600-article edition's peak. False when the page
 * may still hold its document or cannot be used.
 */
async function clearForNextDocument(page: Page): Promise<boolean> {
  let blank = true;
  await page.goto('about:blank', { timeout: 5_000 }).catch(() => {
    blank = false;
  });
  try {
    const session = await page.createCDPSession();
    try {
      await session.send('HeapProfiler.collectGarbage');
      await session.send('Memory.simulatePressureNotification', { level: 'critical' });
    } finally {
      await session.detach().catch(() => {});
    }
    return blank;
  } catch {
    return false;
  }
}

/**
 * Closes a rendered page and hands its memory back. In @sparticuz's single-process Chromium a closed
 * page's document is not collected on its own: each 100-page render left about 600 MB behind, so a
 * warm Lambda grew by that much per edition until it ran out. Unloading the document, collecting
 * garbage and signalling critical memory pressure before closing (clearForNextDocument) returns the
 * process to its post-launch size (measured: 1.9 GB after three renders without this, under 200 MB
 * with it). Releasing memory is best effort; closing the page is what must happen.
 */
async function releasePage(page: Page): Promise<void> {
  try {
    if (!page.isClosed()) await clearForNextDocument(page);
  } finally {
    await page.close().catch(() => {});
  }
}

/**
 * Loads every font face the edition declares and waits until every photo has arrived.
 * print.css gives pages `content-visibility: auto`, so pages away from the viewport are not styled
 * while loading and a face used only on them would not have been requested yet; printing must never
 * shape text with a face still loading. Photos are waited for, not decoded: the print (and any
 * screenshot after it) decodes what it paints, and decoding all ten of the 30-article edition
 * first cost 60–80 ms before the print could start. A photo decoded before the print and one
 * decoded by it print the same bytes only as long as nothing is painted under it, which is why
 * print.css gives a photo no background (test/render/print-load.test.ts prints a photo both ways).
 * After a full page load every photo has arrived already; the check costs one round trip. The
 * faces and photos come from memory; one that fails stays as Chromium left it.
 */
async function loadEveryFaceAndPhoto(page: Page): Promise<void> {
  const deadline = Date.now() + NAVIGATION_TIMEOUT_MS;
  const failure = () => new Error(`Chromium timed out: the edition's fonts and photos were not ready after ${NAVIGATION_TIMEOUT_MS / 1000} s.`);
  // No forEach: with JavaScript off, Chromium refuses to call back into script from its own
  // methods, but iterating and promise reactions run.
  const loaded = page.evaluate(() => {
    const loads: Promise<unknown>[] = [];
    for (const face of document.fonts as unknown as Iterable<FontFace>) loads.push(face.load().catch(() => undefined));
    return Promise.all(loads).then(() => document.fonts.ready).then(() => undefined);
  });
  // page.evaluate has no timeout of its own: a wait that never ends must fail the render (it is
  // retried) rather than hold it, and the Lambda with it, for ever.
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(failure()), NAVIGATION_TIMEOUT_MS);
  });
  loaded.catch(() => {}); // when the timer wins, the page is closed under it
  try {
    await Promise.race([loaded, expired]);
  } finally {
    clearTimeout(timer);
  }
  // A photo's load event cannot be listened for with JavaScript off, so its `complete` flag (set
  // when it has loaded or failed) is asked for until all are; from memory this takes milliseconds.
  const photosPending = () =>
    page.evaluate(() => {
      const images = document.images;
      let pending = 0;
      for (let i = 0; i < images.length; i++) if (!images[i].complete) pending++;
      return pending;
    });
  while ((await photosPending()) > 0) {
    if (Date.now() > deadline) throw failure();
    await new Promise((resume) => setTimeout(resume, 2));
  }
}

/**
 * Screenshots need every page rendered: a page scrolled into view under `content-visibility: auto`
 * is only painted a frame later, so the capture could come out blank.
 */
async function showEveryPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    const pages = document.querySelectorAll<HTMLElement>('.page');
    for (let i = 0; i < pages.length; i++) pages[i].style.setProperty('content-visibility', 'visible');
  });
}

/** Puppeteer's timeout messages name its internals; the log reader needs the step that stalled. */
function explainTimeout(error: unknown, what: string): unknown {
  // puppeteer's TimeoutError, known by name: the module is loaded lazily.
  if (error instanceof Error && error.name === 'TimeoutError') return new Error(`Chromium timed out: ${what}.`, { cause: error });
  return error;
}

/** A navigation that slipped through would print someone else's page under our masthead. */
function assertStillOnEdition(page: Page): void {
  const url = page.url();
  if (url !== EDITION_URL) {
    throw new Error(`The edition page navigated away to ${url}; refusing to print it.`);
  }
}

/**
 * One PNG per `.page` element, `widthPx` wide: the viewport is as wide as the paper and the device
 * scale factor maps the page's CSS width onto the requested pixel width. With `fast` (the reader's
 * page images, and thumbnails too: the same pictures, tested page by page; in a cold render
 * Lambda without page images it took the sample's render from 5.1 to 4.1 s) the viewport is one page tall and each page is scrolled into it and captured as it
 * is, with Chromium's fast PNG encoding: measured on the sample at 1600 px, about half the time of
 * capturing beyond the viewport (which re-rasterises the whole page per shot); the bytes are
 * re-encoded as WebP by sharp anyway. The pages in `known` (their images remembered by the
 * caller) are not taken: `undefined` in their place.
 */
async function screenshotPages(
  page: Page,
  widthMm: number,
  widthPx: number,
  fast = false,
  onImage?: (index: number, image: Uint8Array) => void,
  known?: ReadonlySet<number>,
): Promise<(Uint8Array | undefined)[]> {
  const pageCount = known && known.size > 0 ? await page.$$eval('.page', (pages) => pages.length) : 0;
  // Every page's image known already: the viewport is not even changed.
  if (known && pageCount > 0 && Array.from({ length: pageCount }, (_, i) => i).every((i) => known.has(i))) return new Array<undefined>(pageCount).fill(undefined);
  await showEveryPage(page);
  const pageWidthCss = Math.round(widthMm * PX_PER_MM);
  const first = await page
    .$eval('.page', (el) => ({ width: el.getBoundingClientRect().width, height: el.getBoundingClientRect().height }))
    .catch(() => ({ width: 0, height: 0 }));
  const cssWidth = first.width > 0 ? first.width : pageWidthCss;
  await page.setViewport({
    width: Math.max(pageWidthCss, Math.ceil(cssWidth)),
    height: fast && first.height > 0 ? Math.ceil(first.height) : 800,
    deviceScaleFactor: widthPx / cssWidth,
  });
  const elements = await page.$$('.page');
  const pngs: (Uint8Array | undefined)[] = [];
  for (const element of elements) {
    if (known?.has(pngs.length)) {
      pngs.push(undefined);
      continue;
    }
    if (fast) {
      // Clip coordinates are the document's; the page is scrolled into the viewport first.
      const clip = await element.evaluate((el) => {
        window.scrollTo(0, (el as HTMLElement).offsetTop);
        const r = el.getBoundingClientRect();
        return { x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height };
      });
      pngs.push(new Uint8Array(await page.screenshot({ type: 'png', clip, captureBeyondViewport: false, optimizeForSpeed: true })));
    } else {
      pngs.push(new Uint8Array(await element.screenshot({ type: 'png', captureBeyondViewport: true })));
    }
    onImage?.(pngs.length - 1, pngs[pngs.length - 1]!);
  }
  return pngs;
}
