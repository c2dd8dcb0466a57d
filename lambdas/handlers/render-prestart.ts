/**
 * The render handler's first import: in Lambda (the runtime sets AWS_LAMBDA_FUNCTION_NAME), Chromium
 * starts unpacking (in a worker thread) before the rest of the bundle is evaluated, rather than
 * after the AWS SDK, puppeteer's neighbours and the typesetter have loaded. The renderer later
 * awaits the same unpacking (chromium-binary.js keeps one per process).
 */
import { chromiumExecutablePath } from '../adapters/chromium-binary.js';

if (process.env.AWS_LAMBDA_FUNCTION_NAME) {
  chromiumExecutablePath().catch(() => {
    // The renderer reports a failed unpacking when it needs the binary, and tries again.
  });
}
