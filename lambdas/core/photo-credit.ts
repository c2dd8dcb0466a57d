/**
 * The credit a photo carries in its own metadata: IPTC IIM (the Photoshop APP13 block sharp hands
 * over) and XMP. An agency photo (its "Credit Line" and "By-line" filled in by the wire) printed
 * without a credit when the article gave none. Only what a credit needs is read, by hand: IIM
 * datasets 2:80 By-line, 2:110 Credit and 1:90 (the character set), and XMP's photoshop:Credit and
 * dc:creator. The files come from anyone who can upload, so every read is bounded
 * (PHOTO_CREDIT_POLICY) and no XML parser runs: an XMP packet that declares a DTD or entities is not
 * read at all, and only XML's five predefined entities and numeric references are decoded (no entity
 * is ever expanded). The text returned is raw: the build cleans it as every printed text (inputs.ts).
 */

/** How much of a photo's metadata is read for its credit. */
export const PHOTO_CREDIT_POLICY = {
  /** Bytes of an IPTC block or XMP packet looked at (a JPEG segment holds 64 KiB; the rest is not a credit's). */
  maxMetadataBytes: 128 * 1024,
  /** Names read from a repeated By-line or dc:creator list. */
  maxCreators: 4,
  /** Characters kept of any one field before the build cleans and limits the credit (MAX_CAPTION_CHARS). */
  maxFieldChars: 1000,
} as const;

/** What a photo's metadata says of who made it: the agency or credit line, and the photographers. */
export interface EmbeddedCredit {
  readonly credit?: string;
  readonly creators: readonly string[];
}

const PHOTOSHOP_SIGNATURE = 'Photoshop 3.0\0';
/** The Photoshop image resource that holds the IPTC IIM records. */
const IPTC_RESOURCE_ID = 0x0404;
/** IIM 1:90's value for UTF-8 (ISO 2022's ESC % G). */
const UTF8_ESCAPE = [0x1b, 0x25, 0x47];

/**
 * The credit to print for a photo from its IPTC block and XMP packet (each optional, as sharp's
 * metadata() gives them), or undefined. XMP is read first (always Unicode), then IPTC. The credit
 * line and the photographers, both present, print as wires write them: "Reuters/Jane Doe".
 */
export function embeddedPhotoCredit(metadata: { readonly iptc?: Uint8Array; readonly xmp?: Uint8Array }): string | undefined {
  for (const read of [() => metadata.xmp && xmpCredit(metadata.xmp), () => metadata.iptc && iptcCredit(metadata.iptc)]) {
    const found = read();
    const text = found && creditLine(found);
    if (text) return text;
  }
  return undefined;
}

/** The credit line and creators as one line, or undefined when both are empty. */
function creditLine(found: EmbeddedCredit): string | undefined {
  const credit = tidy(found.credit ?? '');
  const creators = [...new Set(found.creators.map(tidy).filter((name) => name !== ''))].join(', ');
  if (credit === '') return creators || undefined;
  if (creators === '' || credit.toLowerCase().includes(creators.toLowerCase())) return credit;
  if (creators.toLowerCase().includes(credit.toLowerCase())) return creators;
  return `${credit}/${creators}`;
}

function tidy(text: string): string {
  return [...text.replace(/\s+/g, ' ').trim()].slice(0, PHOTO_CREDIT_POLICY.maxFieldChars).join('');
}

/**
 * By-line (2:80, repeatable) and Credit (2:110) of an IPTC block: IIM records as they are, or inside
 * a Photoshop image resource block (sharp's `iptc`: "Photoshop 3.0", then 8BIM resources).
 */
export function iptcCredit(block: Uint8Array): EmbeddedCredit | undefined {
  const bytes = block.subarray(0, PHOTO_CREDIT_POLICY.maxMetadataBytes);
  const records = startsWith(bytes, PHOTOSHOP_SIGNATURE) ? iptcResource(bytes.subarray(PHOTOSHOP_SIGNATURE.length)) : bytes;
  if (records === undefined) return undefined;
  let utf8 = false;
  let credit: Uint8Array | undefined;
  const creators: Uint8Array[] = [];
  let at = 0;
  while (at + 5 <= records.length && records[at] === 0x1c) {
    const record = records[at + 1];
    const dataset = records[at + 2];
    const declared = (records[at + 3] << 8) | records[at + 4];
    at += 5;
    // An extended dataset (high bit set) is longer than any credit: its length is skipped over.
    if (declared & 0x8000) {
      const lengthBytes = declared & 0x7fff;
      if (lengthBytes > 4 || at + lengthBytes > records.length) break;
      let length = 0;
      for (let i = 0; i < lengthBytes; i++) length = length * 256 + records[at + i];
      at += lengthBytes + length;
      continue;
    }
    const value = records.subarray(at, Math.min(at + declared, records.length));
    at += declared;
    if (record === 1 && dataset === 90) utf8 = value.length === UTF8_ESCAPE.length && UTF8_ESCAPE.every((b, i) => value[i] === b);
    else if (record === 2 && dataset === 110) credit = value;
    else if (record === 2 && dataset === 80 && creators.length < PHOTO_CREDIT_POLICY.maxCreators) creators.push(value);
  }
  if (credit === undefined && creators.length === 0) return undefined;
  const text = (value: Uint8Array) => iimText(value, utf8);
  return { ...(credit ? { credit: text(credit) } : {}), creators: creators.map(text) };
}

/** The data of the IPTC resource (0x0404) among Photoshop image resources, or undefined. */
function iptcResource(resources: Uint8Array): Uint8Array | undefined {
  let at = 0;
  while (at + 12 <= resources.length && startsWith(resources.subarray(at), '8BIM')) {
    const id = (resources[at + 4] << 8) | resources[at + 5];
    // A Pascal name, padded to an even length with its length byte.
    const nameLength = resources[at + 6];
    const sizeAt = at + 6 + nameLength + 1 + ((nameLength + 1) % 2);
    if (sizeAt + 4 > resources.length) return undefined;
    const size = ((resources[sizeAt] << 24) >>> 0) + (resources[sizeAt + 1] << 16) + (resources[sizeAt + 2] << 8) + resources[sizeAt + 3];
    const dataAt = sizeAt + 4;
    if (id === IPTC_RESOURCE_ID) return resources.subarray(dataAt, Math.min(dataAt + size, resources.length));
    at = dataAt + size + (size % 2);
  }
  return undefined;
}

/** An IIM value: UTF-8 when 1:90 says so or when it is valid UTF-8, else Latin-1 (Windows-1252), as older desks wrote. */
function iimText(value: Uint8Array, declaredUtf8: boolean): string {
  if (declaredUtf8) return new TextDecoder('utf-8').decode(value);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(value);
  } catch {
    return new TextDecoder('latin1').decode(value);
  }
}

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

/**
 * photoshop:Credit (an attribute of rdf:Description or an element) and the names of dc:creator's
 * list, from an XMP packet. Prefixes are the ones every writer uses (`photoshop:`, `dc:`, `rdf:`).
 * A packet that declares a DTD or an entity is refused whole: XMP has no use for either.
 */
export function xmpCredit(packet: Uint8Array): EmbeddedCredit | undefined {
  const xml = new TextDecoder('utf-8').decode(packet.subarray(0, PHOTO_CREDIT_POLICY.maxMetadataBytes));
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) return undefined;
  const credit = attributeValue(xml, 'photoshop:Credit') ?? elementText(xml, 'photoshop:Credit');
  const creatorList = elementText(xml, 'dc:creator', false);
  const creators: string[] = [];
  if (creatorList !== undefined) {
    let from = 0;
    while (creators.length < PHOTO_CREDIT_POLICY.maxCreators) {
      const item = elementAt(creatorList, 'rdf:li', from);
      if (!item) break;
      creators.push(xmlText(item.inner));
      from = item.end;
    }
  }
  if (credit === undefined && creators.length === 0) return undefined;
  return { ...(credit !== undefined ? { credit } : {}), creators };
}

/** The value of the first `name="…"` (or '…') attribute, entities decoded. */
function attributeValue(xml: string, name: string): string | undefined {
  let from = 0;
  for (;;) {
    const at = xml.indexOf(name, from);
    if (at < 0) return undefined;
    from = at + name.length;
    // An attribute, not an element's name or part of a longer one.
    if (at === 0 || !/\s/.test(xml[at - 1])) continue;
    let i = from;
    while (i < xml.length && /\s/.test(xml[i])) i++;
    if (xml[i] !== '=') continue;
    i++;
    while (i < xml.length && /\s/.test(xml[i])) i++;
    const quote = xml[i];
    if (quote !== '"' && quote !== "'") continue;
    const end = xml.indexOf(quote, i + 1);
    if (end < 0) return undefined;
    return decodeXmlEntities(xml.slice(i + 1, end));
  }
}

/** The text of the first `<name …>…</name>` element (tags inside removed unless `plain` is false: then its inner XML). */
function elementText(xml: string, name: string, plain = true): string | undefined {
  const element = elementAt(xml, name, 0);
  if (!element) return undefined;
  return plain ? xmlText(element.inner) : element.inner;
}

/** The first `<name>`/`<name …>` element from `from`, its inner XML and where it ends; a self-closed one has none. */
function elementAt(xml: string, name: string, from: number): { inner: string; end: number } | undefined {
  let at = from;
  for (;;) {
    const open = xml.indexOf(`<${name}`, at);
    if (open < 0) return undefined;
    const after = xml[open + name.length + 1];
    at = open + name.length + 1;
    if (after !== '>' && after !== '/' && !/\s/.test(after ?? '')) continue;
    const close = xml.indexOf('>', at);
    if (close < 0) return undefined;
    if (xml[close - 1] === '/') return { inner: '', end: close + 1 };
    const closing = xml.indexOf(`</${name}>`, close + 1);
    if (closing < 0) return undefined;
    return { inner: xml.slice(close + 1, closing), end: closing + name.length + 3 };
  }
}

/** Character data of XML: tags removed, entities decoded. */
function xmlText(inner: string): string {
  return decodeXmlEntities(inner.replace(/<[^>]*>/g, ' '));
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's five predefined entities and numeric references decoded; anything else is left as written (never expanded). */
function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return PREDEFINED_ENTITIES[ref] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '';
  });
}
