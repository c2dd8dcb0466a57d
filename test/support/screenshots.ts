import { rm } from 'node:fs/promises';

/**
 * The reader's screenshots after a test file: removed, unless EPAPER_KEEP_SCREENSHOTS=1 asks to keep
 * them for a look (then the folder is printed). Kept always, every run left two folders of 4 MB in
 * the temp directory (52 found after a day's runs).
 */
export async function keepOrRemoveScreenshots(folder: string): Promise<void> {
  if (process.env.EPAPER_KEEP_SCREENSHOTS === '1') console.log(`reader screenshots: ${folder}`);
  else await rm(folder, { recursive: true, force: true });
}
