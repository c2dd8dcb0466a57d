/**
 * Short-lived GET links to objects of one bucket, signed with the caller's credentials
 * (the API function's role in AWS, any credentials against the local S3 of `epaper dev`).
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Presigner } from '../core/subscriber-api';

/**
 * Creates a presigner for `bucket`: key + lifetime in seconds → a URL that stops working after it.
 * With `saveAs` (an ASCII file name), S3 answers that link with `Content-Disposition: inline;
 * filename="…"`: the browser still shows the PDF, and saves it under that name; with
 * `saveAsAsPrinted` too, `filename*=UTF-8''…` names it in the paper's own letters (RFC 6266: a
 * browser takes it over `filename`), so a Hebrew paper's edition is not "edition-<date>.pdf".
 *
 * Every link's answer says `Cache-Control: private, max-age=<lifetime>`: the subscriber's browser
 * may keep it while the link lives, a shared cache (an office's or an ISP's proxy) not at all. The
 * objects carry no Cache-Control of their own, only a Last-Modified, so a proxy could keep a
 * subscriber's PDF, page images and photos by heuristic and hand them out under that URL after S3
 * stopped honouring it.
 */
export function createS3Presigner(client: S3Client, bucket: string): Presigner {
  return (key, lifetimeSeconds, saveAs, saveAsAsPrinted) =>
    getSignedUrl(
      client,
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseCacheControl: `private, max-age=${lifetimeSeconds}`,
        ...(saveAs ? { ResponseContentDisposition: contentDisposition(saveAs, saveAsAsPrinted) } : {}),
      }),
      { expiresIn: lifetimeSeconds },
    );
}


/** `inline; filename="<ascii>"`, and `filename*` (RFC 5987's UTF-8 percent-encoding) for a name in other letters. */
export function contentDisposition(saveAs: string, saveAsAsPrinted?: string): string {
  const ascii = `inline; filename="${saveAs.replace(/[^\w.-]/g, '_')}"`;
  if (!saveAsAsPrinted) return ascii;
  const encoded = encodeURIComponent(saveAsAsPrinted).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${ascii}; filename*=UTF-8''${encoded}`;
}
