/**
 * Photos that carry a credit in their own metadata, as agencies send them: an IPTC IIM block in a
 * Photoshop APP13 segment (written by hand: sharp writes no IPTC) and an XMP packet (sharp's withXmp).
 */
import sharp from 'sharp';

/** One IIM dataset: record, dataset number and its bytes (a string is written as UTF-8). */
export type IimDataset = readonly [record: number, dataset: number, value: string | Uint8Array];

/** IIM records as they stand in a file: 0x1C, record, dataset, a two-byte length, the value. */
export function iimRecords(datasets: readonly IimDataset[]): Buffer {
  return Buffer.concat(
    datasets.map(([record, dataset, value]) => {
      const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
      return Buffer.concat([Buffer.from([0x1c, record, dataset, bytes.length >> 8, bytes.length & 0xff]), bytes]);
    }),
  );
}

/** A Photoshop image resource block ("Photoshop 3.0", 8BIM resources) holding `iim` as resource 0x0404, after another resource. */
export function photoshopIptcBlock(iim: Uint8Array): Buffer {
  const resource = (id: number, name: string, data: Uint8Array) => {
    const pascal = Buffer.concat([Buffer.from([name.length]), Buffer.from(name, 'latin1')]);
    const size = Buffer.alloc(4);
    size.writeUInt32BE(data.length);
    return Buffer.concat([Buffer.from('8BIM'), Buffer.from([id >> 8, id & 0xff]), pascal, pascal.length % 2 ? Buffer.from([0]) : Buffer.alloc(0), size, data, data.length % 2 ? Buffer.from([0]) : Buffer.alloc(0)]);
  };
  return Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), resource(0x03ed, 'res', Buffer.from([0, 72, 0, 0, 0, 1])), resource(0x0404, '', iim)]);
}

/** `jpeg` with `block` as an APP13 segment right after its SOI marker. */
export function withApp13(jpeg: Uint8Array, block: Uint8Array): Buffer {
  const length = block.length + 2;
  return Buffer.concat([Buffer.from(jpeg.subarray(0, 2)), Buffer.from([0xff, 0xed, length >> 8, length & 0xff]), Buffer.from(block), Buffer.from(jpeg.subarray(2))]);
}

/** An XMP packet with photoshop:Credit as an attribute and dc:creator's list. */
export function xmpPacket(fields: { readonly credit?: string; readonly creators?: readonly string[]; readonly extra?: string }): string {
  const credit = fields.credit === undefined ? '' : ` photoshop:Credit="${fields.credit}"`;
  const creators = fields.creators ? `<dc:creator><rdf:Seq>${fields.creators.map((name) => `<rdf:li>${name}</rdf:li>`).join('')}</rdf:Seq></dc:creator>` : '';
  return (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    `<rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"${credit}>${creators}${fields.extra ?? ''}</rdf:Description>` +
    '</rdf:RDF></x:xmpmeta>'
  );
}

/** A plain JPEG photo, `width`×`height`, with GPS-bearing EXIF (what must never reach an output). */
export function plainJpeg(width = 800, height = 600): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 90, g: 120, b: 200 } } })
    .withExif({ IFD0: { Copyright: 'Agency' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '10/1 45/1 0/1' } })
    .jpeg()
    .toBuffer();
}

/** A JPEG carrying an IPTC By-line and Credit (Photoshop APP13), UTF-8 declared. */
export async function iptcCreditedJpeg(credit: string, byline: string): Promise<Buffer> {
  return withApp13(await plainJpeg(), photoshopIptcBlock(iimRecords([[1, 90, '\u001b%G'], [2, 80, byline], [2, 110, credit]])));
}

/** A JPEG carrying an XMP packet. */
export async function xmpCreditedJpeg(fields: Parameters<typeof xmpPacket>[0]): Promise<Buffer> {
  return sharp(await plainJpeg()).withXmp(xmpPacket(fields)).jpeg().toBuffer();
}
