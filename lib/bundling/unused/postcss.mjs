// Stands in for postcss in epaper's bundles: sanitize-html parses style attributes with it, and epaper's sanitizer keeps none.
export function parse() {
  throw new Error('epaper keeps no style attribute, so it never parses CSS');
}
export default { parse };
