/**
 * A renderer that prints one blank page per `.page` of the edition's HTML: for measuring or testing
 * what happens around the print (compose, photos, post-processing) without Chromium competing for
 * the CPU. The post-processing's bookmarks still find their pages.
 */
import { PDFDocument } from 'pdf-lib';
import type { Renderer } from '../../lambdas/core/ports';

export const blankPrinter: Renderer = {
  async render(html) {
    const doc = await PDFDocument.create();
    const pages = html.split('class="page"').length - 1;
    for (let i = 0; i < Math.max(1, pages); i++) doc.addPage([100, 100]);
    return { pdf: await doc.save(), blockedRequests: [] };
  },
};
