// Stands in for proxy-agent in epaper's bundles: puppeteer-core reaches it through @puppeteer/browsers' downloads, which epaper never makes.
export class ProxyAgent {
  constructor() {
    throw new Error('epaper does not download browsers: it launches the @sparticuz/chromium binary');
  }
}
