// Stands in for ws in epaper's bundles: puppeteer's WebSocket transport, and epaper talks to Chromium over a pipe.
export default class WebSocket {
  constructor() {
    throw new Error('epaper talks to Chromium over a pipe, never a WebSocket');
  }
}
