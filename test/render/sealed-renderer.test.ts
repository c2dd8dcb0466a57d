/**
 * The renderer must not let article HTML reach anything but the edition's own in-memory assets:
 * a canary HTTP server on loopback, the cloud metadata address and file:// are all referenced in
 * every form we know, and the canary must see nothing.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bodyFontAsset, embeddedFontNames } from '../support/fonts';
import { getDocument } from '../support/pdfjs';
import { ChromiumRenderer, closeBrowser, EDITION_URL } from '../../lambdas/adapters/chromium-renderer';

const MARKER = 'SEALED-EDITION-MARKER';
const canaryHits: string[] = [];
let canary: Server;
let canaryBase = '';

beforeAll(async () => {
  canary = createServer((req, res) => {
    canaryHits.push(`${req.method} ${req.url}`);
    // Answer with something printable so that a leak would also show up in the PDF text.
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<p>CANARY-LEAKED</p>');
  });
  await new Promise<void>((resolve) => canary.listen(0, '127.0.0.1', resolve));
  canaryBase = `http://127.0.0.1:${(canary.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await closeBrowser();
  await new Promise<void>((resolve) => canary.close(() => resolve()));
});

/** Every way we know for HTML and CSS to make the browser fetch something, aimed at `target`. */
function hostileForms(target: (name: string) => string, id = 'x'): string[] {
  const t = target;
  return [
    `<img src="${t('img')}">`,
    `<img srcset="${t('srcset')} 1x, ${t('srcset2')} 2x">`,
    `<picture><source srcset="${t('picture-source')}"><img src="${t('picture-img')}"></picture>`,
    `<link rel="stylesheet" href="${t('stylesheet')}">`,
    `<link rel="preload" as="image" href="${t('preload')}">`,
    `<link rel="prefetch" href="${t('prefetch')}">`,
    `<link rel="icon" href="${t('icon')}">`,
    `<style>@import url("${t('import')}");</style>`,
    `<div style="background: url('${t('background')}'); width: 10px; height: 10px"></div>`,
    `<style>@font-face { font-family: Evil; src: url("${t('font-face')}"); } .evil { font-family: Evil; }</style><span class="evil">x</span>`,
    `<iframe src="${t('iframe')}"></iframe>`,
    `<frameset><frame src="${t('frame')}"></frameset>`,
    `<object data="${t('object')}"></object>`,
    `<embed src="${t('embed')}">`,
    `<video src="${t('video')}" poster="${t('poster')}"><track src="${t('track')}" default></video>`,
    `<audio src="${t('audio')}" autoplay></audio>`,
    `<script src="${t('script')}"></script>`,
    `<script>fetch("${t('inline-fetch')}"); new Image().src = "${t('inline-image')}";</script>`,
    `<form action="${t('form')}" method="get"><input autofocus name="q" value="1"><button>go</button></form>`,
    `<svg width="10" height="10"><image href="${t('svg-image')}" width="10" height="10"/></svg>`,
    `<svg width="10" height="10"><use href="${t('svg-use')}#x"/></svg>`,
    `<div style="background-image: image-set(url('${t('image-set')}') 1x); width: 10px; height: 10px"></div>`,
    `<div style="background-image: -webkit-image-set(url('${t('webkit-image-set')}') 1x); width: 10px; height: 10px"></div>`,
    `<div style="cursor: url('${t('cursor')}'), auto">c</div>`,
    `<ul style="list-style-image: url('${t('list-style')}')"><li>li</li></ul>`,
    `<div style="border: 10px solid; border-image: url('${t('border-image')}') 30 round">b</div>`,
    `<div style="mask-image: url('${t('mask-image')}'); -webkit-mask-image: url('${t('webkit-mask')}'); width: 10px; height: 10px"></div>`,
    `<a href="${t('a-href')}" ping="${t('a-ping')}">link</a>`,
    `<input type="image" src="${t('input-image')}">`,
    `<iframe srcdoc="&lt;img src=&quot;${t('srcdoc-img')}&quot;&gt;"></iframe>`,
    `<iframe src="data:text/html,&lt;img src=&quot;${t('data-frame-img')}&quot;&gt;"></iframe>`,
    `<style>@media print { #print-${id} { background: url("${t('print-background')}"); } }</style><div id="print-${id}" style="width: 10px; height: 10px"></div>`,
  ];
}

/** Forms that do issue a request in a print render with JavaScript off (the rest never fetch). */
const FETCHING_FORMS = [
  'img', 'srcset', 'picture-source', 'stylesheet', 'preload', 'prefetch', 'import', 'background',
  'font-face', 'iframe', 'object', 'embed', 'video', 'poster', 'audio', 'svg-image', 'image-set',
  'webkit-image-set', 'cursor', 'list-style', 'border-image', 'print-background', 'input-image',
  'srcdoc-img',
];

function hostileHtml(): string {
  const targets = [
    (name: string) => `${canaryBase}/${name}`,
    (name: string) => `http://169.254.169.254/latest/meta-data/${name}`,
    () => 'file:///etc/passwd',
  ];
  const forms = targets.flatMap((target, index) => hostileForms(target, String(index)));
  // Placed after the content so that the edition itself still parses as a document with a body.
  return `<!doctype html><html><head><meta charset="utf-8">
<base href="${canaryBase}/base/">
<meta http-equiv="refresh" content="0; url=${canaryBase}/refresh">
<meta http-equiv="refresh" content="0; url=file:///etc/passwd">
</head><body><h1>${MARKER}</h1>
${forms.join('\n')}
</body></html>`;
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes.slice() }).promise;
  const parts: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    parts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await doc.destroy();
  return parts.join('\n');
}

describe('the sealed renderer', () => {
  const renderer = new ChromiumRenderer();

  it('lets none of the hostile references out and still prints the edition', async () => {
    const html = hostileHtml();
    expect(hostileForms(() => '').length).toBeGreaterThanOrEqual(27);
    const result = await renderer.render(html, new Map(), { widthMm: 210, heightMm: 297 });
    // Give any straggling connection a moment to arrive before judging.
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(canaryHits).toEqual([]);
    // Chromium 14x's Local Network Access checks would also stop loopback and link-local requests
    // from a public origin, so zero hits alone does not prove the seal: our interceptor must have
    // seen and refused every form that makes Chromium fetch (with JavaScript off), for both hosts.
    for (const form of FETCHING_FORMS) {
      expect(result.blockedRequests).toContain(`${canaryBase}/${form}`);
      expect(result.blockedRequests).toContain(`http://169.254.169.254/latest/meta-data/${form}`);
    }

    const text = await pdfText(result.pdf);
    expect(text).toContain(MARKER);
    expect(text).not.toContain('CANARY-LEAKED');
    expect(text).not.toMatch(/root:x:0:0|daemon:x:|\/bin\/(ba)?sh/);
  });

  it('prints the edition when a meta refresh is all the page has besides the marker', async () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=${canaryBase}/only-refresh"></head>
<body><p>${MARKER}</p></body></html>`;
    const hitsBefore = canaryHits.length;
    const result = await renderer.render(html, new Map(), { widthMm: 210, heightMm: 297 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(canaryHits.length).toBe(hitsBefore);
    expect(result.blockedRequests).toContain(`${canaryBase}/only-refresh`);
    expect(await pdfText(result.pdf)).toContain(MARKER);
  });

  it('serves the edition once: a refresh or frame pointing back at it is refused', async () => {
    const html = `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=edition.html"></head>
<body><p>${MARKER}</p><iframe src="edition.html"></iframe></body></html>`;
    const result = await renderer.render(html, new Map(), { widthMm: 210, heightMm: 297 });
    expect(result.blockedRequests.filter((url) => url === EDITION_URL).length).toBeGreaterThanOrEqual(1);
    expect(await pdfText(result.pdf)).toContain(MARKER);
  });

  it("paints with the edition's fonts and @sparticuz's own, never the machine's", async () => {
    // ♔ and ⚀ are in none of the edition's faces but in DejaVu Sans, which many machines have (the
    // one this was written on printed them with it): they must print as the body face's empty box,
    // as the build's warning says, on any machine. Text in a generic family must still print.
    const html = `<!doctype html><html><head><meta charset="utf-8"><style>
@font-face { font-family: "Body"; src: url("assets/fonts/body.ttf") format("truetype"); font-display: block; }
.body { font-family: "Body"; font-size: 16px; }
</style></head><body><p class="body">${MARKER} ♔ ⚀</p><p style="font-family: serif">GENERIC-FAMILY</p><p style="font-family: 'DejaVu Sans', monospace">MACHINE-FAMILY ♔</p></body></html>`;
    const result = await renderer.render(html, new Map([['assets/fonts/body.ttf', bodyFontAsset]]), { widthMm: 210, heightMm: 297 });
    const fonts = embeddedFontNames(result.pdf);
    expect(fonts).toContain('SourceSerif4-Regular');
    expect(fonts.filter((name) => name !== 'SourceSerif4-Regular' && !name.startsWith('OpenSans'))).toEqual([]);
    const text = await pdfText(result.pdf);
    expect(text).toContain(MARKER);
    expect(text).toContain('GENERIC-FAMILY');
    expect(text).toContain('MACHINE-FAMILY');
  });

  it('answers only assets it was given, and refuses paths that climb out of the origin', async () => {
    const html = `<!doctype html><html><head><meta charset="utf-8"></head><body><p>${MARKER}</p>
<img src="assets/missing.png"><img src="../../etc/passwd"><img src="assets/ok.svg"></body></html>`;
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
    const result = await renderer.render(
      html,
      new Map([['assets/ok.svg', { contentType: 'image/svg+xml', body: svg }]]),
      { widthMm: 210, heightMm: 297 },
    );
    expect(result.blockedRequests).toContain('https://edition.invalid/assets/missing.png');
    expect(result.blockedRequests).toContain('https://edition.invalid/etc/passwd');
    expect(result.blockedRequests).not.toContain('https://edition.invalid/assets/ok.svg');
  });
});
