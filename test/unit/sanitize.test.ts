import { describe, expect, it } from 'vitest';
import { MAX_HTML_NESTING, sanitizeArticleHtml } from '../../lambdas/core/sanitize';
import { untrustedHtmlToBlocks } from '../../lambdas/core/parse/html-blocks';
import { blockText } from '../../lambdas/core/article';
import { growthRatio } from '../support/growth';

const CANARY = 'http://127.0.0.1:9/canary';

/**
 * Every rule: the sanitized HTML loses the payload, keeps the visible text, and has no URL left. A
 * photo keeps a relative `src` (a file of the input folder, never fetched: parse/index.ts resolves
 * it against the listing) with its `alt` and `title`, which become a figure and its caption.
 */
const RULES: { name: string; html: string; keeps: string; loses: string[] }[] = [
  { name: 'script', html: `<p>KEEP<script>EVIL()</script></p><script src="${CANARY}/x.js"></script>`, keeps: 'KEEP', loses: ['EVIL', 'script', CANARY] },
  { name: 'style element', html: `<style>body{background:url(${CANARY}/a.png)} .EVIL{}</style><p>KEEP</p>`, keeps: 'KEEP', loses: ['EVIL', 'url(', CANARY] },
  { name: 'iframe', html: `<iframe src="${CANARY}/f.html">EVIL</iframe><p>KEEP</p>`, keeps: 'KEEP', loses: ['EVIL', 'iframe', CANARY] },
  { name: 'object', html: `<object data="${CANARY}/o.swf">EVIL</object><p>KEEP</p>`, keeps: 'KEEP', loses: ['EVIL', 'object', CANARY] },
  { name: 'embed', html: `<embed src="${CANARY}/e.swf"><p>KEEP</p>`, keeps: 'KEEP', loses: ['embed', CANARY] },
  { name: 'form and input', html: `<form action="${CANARY}/f"><input value="EVIL"><p>KEEP</p></form>`, keeps: 'KEEP', loses: ['EVIL', 'form', 'input', CANARY] },
  { name: 'meta refresh', html: `<meta http-equiv="refresh" content="0;url=${CANARY}/r"><p>KEEP</p>`, keeps: 'KEEP', loses: ['meta', 'refresh', CANARY] },
  { name: 'link stylesheet', html: `<link rel="stylesheet" href="${CANARY}/s.css"><p>KEEP</p>`, keeps: 'KEEP', loses: ['link', 'stylesheet', CANARY] },
  { name: 'style attribute', html: `<p style="background:url('${CANARY}/bg.png')">KEEP</p>`, keeps: 'KEEP', loses: ['style', 'url(', CANARY] },
  { name: 'event handlers', html: `<p onclick="EVIL()" onmouseover="EVIL()"><img src=x onerror="fetch('${CANARY}')">KEEP</p>`, keeps: 'KEEP', loses: ['EVIL', 'onerror', 'onclick', CANARY] },
  { name: 'javascript: link', html: `<p><a href="javascript:fetch('${CANARY}')">KEEP</a></p>`, keeps: 'KEEP', loses: ['javascript', 'href', CANARY] },
  { name: 'remote link', html: `<p><a href="${CANARY}/page">KEEP</a></p>`, keeps: 'KEEP', loses: ['href', CANARY] },
  { name: 'remote image', html: `<p><img src="${CANARY}/i.png" alt="EVIL">KEEP</p>`, keeps: 'KEEP', loses: ['src', CANARY] },
  { name: 'file: image', html: '<p><img src="file:///etc/passwd">KEEP</p>', keeps: 'KEEP', loses: ['file:', 'passwd'] },
  { name: 'data: image', html: '<p><img src="data:image/png;base64,AAAA">KEEP</p>', keeps: 'KEEP', loses: ['data:'] },
  { name: 'svg', html: `<svg><image href="${CANARY}/s.png"/><text>EVIL</text></svg><p>KEEP</p>`, keeps: 'KEEP', loses: ['svg', 'EVIL', CANARY] },
  { name: 'math', html: '<math><mi>EVIL</mi></math><p>KEEP</p>', keeps: 'KEEP', loses: ['math', 'EVIL'] },
  { name: 'base and video', html: `<base href="${CANARY}/"><video poster="${CANARY}/p.png">EVIL</video><p>KEEP</p>`, keeps: 'KEEP', loses: ['base', 'video', 'EVIL', CANARY] },
  { name: 'srcset', html: `<p><img srcset="${CANARY}/s.png 2x"><source srcset="${CANARY}/t.png">KEEP</p>`, keeps: 'KEEP', loses: ['srcset', CANARY] },
  { name: 'comment', html: '<!-- EVIL --><p>KEEP</p>', keeps: 'KEEP', loses: ['EVIL', '<!--'] },
];

describe('sanitizeArticleHtml', () => {
  for (const rule of RULES) {
    it(`removes ${rule.name} and keeps the visible text`, () => {
      const out = sanitizeArticleHtml(rule.html);
      expect(out).toContain(rule.keeps);
      for (const lost of rule.loses) expect(out).not.toContain(lost);
      // No attribute survives but a photo's relative src, alt and title, so no URL can.
      expect(out.replace(/<img(?: (?:src|alt|title)="[^"]*")* \/>/g, '')).not.toMatch(/<[a-z0-9]+\s/i);
      expect(out).not.toMatch(/src="\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i);
      // And the blocks hold the text only, a figure no more than a relative path.
      const blocks = untrustedHtmlToBlocks(rule.html);
      expect(blocks.filter((b) => b.kind !== 'figure').map(blockText).join('\n')).toBe(rule.keeps);
      for (const figure of blocks) if (figure.kind === 'figure') expect(figure.ref).not.toMatch(/:|^\/\//);
    });
  }

  it('keeps a photo\'s relative path, alt and title, and a figure with its caption: the parts of a figure of the text', () => {
    const out = sanitizeArticleHtml('<figure><img src="images/bến tre.jpg" alt="Boats" title="Herald Photo" width="9" onload="EVIL()"><figcaption class="x">Boats at dawn</figcaption></figure>');
    expect(out).toBe('<figure><img src="images/bến tre.jpg" alt="Boats" title="Herald Photo" /><figcaption>Boats at dawn</figcaption></figure>');
    expect(untrustedHtmlToBlocks(out)).toEqual([{ kind: 'figure', ref: 'images/bến tre.jpg', caption: 'Boats at dawn', credit: 'Herald Photo' }]);
  });

  it('keeps the allow-listed structure and emphasis', () => {
    const html =
      '<h2>Cross</h2><p><b>B</b><strong>S</strong><i>I</i><em>E</em><br>x</p>' +
      '<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>Q</blockquote><h6>small</h6><p><a href="/x">link text</a></p>';
    expect(sanitizeArticleHtml(html)).toBe(
      '<h2>Cross</h2><p><b>B</b><strong>S</strong><i>I</i><em>E</em><br />x</p>' +
        '<ul><li>one</li></ul><ol><li>two</li></ol><blockquote>Q</blockquote><h6>small</h6><p><a>link text</a></p>',
    );
  });

  it('unwraps nesting deeper than the limit, still dropping hostile content down there', () => {
    const depth = MAX_HTML_NESTING + 8;
    const out = sanitizeArticleHtml(`${'<div>'.repeat(depth)}<script>EVIL</script><iframe>EVIL</iframe>KEEP${'</div>'.repeat(depth)}`);
    expect(out).toContain('KEEP');
    expect(out).not.toContain('EVIL');
    expect(out.split('<div>').length - 1).toBe(MAX_HTML_NESTING);
  });

  it('handles 300,000 nested tags in linear time (the parser behind the blocks is quadratic in depth)', async () => {
    const nested = (pairs: number) => () => {
      const blocks = untrustedHtmlToBlocks(`${'<div><b>'.repeat(pairs)}DEEP`);
      expect(blocks.map(blockText)).toEqual(['DEEP']);
    };
    // Ten times the tags: linear work grows about 10× (its CPU time 14–21×, the larger document's
    // collections included, idle and with three busy loops on the two cores), quadratic about 100×;
    // growth, not a wall-clock limit.
    const ratio = await growthRatio(nested(15_000), nested(150_000));
    expect(ratio).toBeLessThan(60);
  });

  it('unwraps unknown harmless tags but keeps their text, escaped', () => {
    expect(sanitizeArticleHtml('<p><span class="x">a &lt;b&gt; c</span> <u>u</u></p>')).toBe('<p>a &lt;b&gt; c u</p>');
  });
});
