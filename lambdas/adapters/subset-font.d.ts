/** subset-font 2.9 ships no types: the one call the resources use. */
declare module 'subset-font' {
  export default function subsetFont(
    font: Buffer,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2'; preserveNameIds?: number[]; variationAxes?: Record<string, number>; noLayoutClosure?: boolean },
  ): Promise<Buffer>;
}
