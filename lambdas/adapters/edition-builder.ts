/**
 * The composition root of the real edition builder, shared by the render Lambda and `epaper dev`:
 * buildEdition bound to Chromium, sharp and the fonts and templates on disk.
 */
import { buildEdition } from '../core/build-edition';
import type { EditionResources } from '../core/edition';
import type { PublishPorts } from '../core/publish';
import type { Logger } from '../core/ports';
import { ChromiumRenderer } from './chromium-renderer';
import { loadEditionResources } from './resources';
import { SharpImages } from './sharp-images';

/** Where the builder finds its templates; absent means the repository's own `templates/`. */
export interface EditionBuilderOptions {
  readonly templatesDir?: string;
  readonly logger: Logger;
  /**
   * Start Chromium (unpacking and launch) and read the fonts now rather than at the first build:
   * a cold Lambda does it during INIT, beside loading its inputs from S3. @default false
   */
  readonly warmUp?: boolean;
}

/** The `build` port of renderAndPublish; fonts and templates are read once, on first use. */
export function createEditionBuilder(options: EditionBuilderOptions): PublishPorts['build'] {
  const renderer = new ChromiumRenderer();
  const images = new SharpImages();
  let resources: Promise<EditionResources> | undefined;
  if (options.warmUp) {
    renderer.prepare();
    resources = loadEditionResources(options.templatesDir);
    // A failure here is reported by the build that awaits it.
    resources.catch(() => {});
  }
  return async (source, request) => {
    resources ??= loadEditionResources(options.templatesDir);
    return buildEdition({
      source,
      renderer,
      images,
      resources: await resources,
      logger: options.logger,
      now: () => new Date(),
    })(request);
  };
}
