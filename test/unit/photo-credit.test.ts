import { describe, expect, it } from 'vitest';
import { embeddedPhotoCredit, iptcCredit, PHOTO_CREDIT_POLICY, xmpCredit } from '../../lambdas/core/photo-credit';
import { iimRecords, photoshopIptcBlock, xmpPacket } from '../support/photo-metadata';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('a photo credit from IPTC IIM', () => {
  it('reads Credit (2:110) and By-line (2:80) inside a Photoshop resource block, as sharp hands it over, and as bare records', () => {
    const iim = iimRecords([[1, 90, '\u001b%G'], [2, 5, 'Harbour'], [2, 80, 'Nguyễn Văn A'], [2, 110, 'Reuters']]);
    expect(iptcCredit(photoshopIptcBlock(iim))).toEqual({ credit: 'Reuters', creators: ['Nguyễn Văn A'] });
    expect(iptcCredit(iim)).toEqual({ credit: 'Reuters', creators: ['Nguyễn Văn A'] });
    expect(embeddedPhotoCredit({ iptc: photoshopIptcBlock(iim) })).toBe('Reuters/Nguyễn Văn A');
  });

  it('reads Latin-1 when no character set is declared and the bytes are not UTF-8, as older desks wrote', () => {
    const iim = iimRecords([[2, 80, Uint8Array.from([0x4a, 0x6f, 0x73, 0xe9])], [2, 110, 'AFP']]);
    expect(embeddedPhotoCredit({ iptc: iim })).toBe('AFP/José');
  });

  it('skips an extended dataset and stops, without throwing, at truncated or foreign data', () => {
    const extended = Buffer.concat([Buffer.from([0x1c, 2, 120, 0x80, 0x02, 0x00, 0x04]), Buffer.from('long'), iimRecords([[2, 110, 'AP Photo']])]);
    expect(iptcCredit(extended)).toEqual({ credit: 'AP Photo', creators: [] });
    const whole = photoshopIptcBlock(iimRecords([[2, 110, 'AP Photo']]));
    for (let cut = 0; cut < whole.length; cut += 3) expect(() => iptcCredit(whole.subarray(0, cut))).not.toThrow();
    expect(iptcCredit(bytes('not iptc at all'))).toBeUndefined();
    expect(iptcCredit(Buffer.concat([Buffer.from([0x1c, 2, 110, 0x7f, 0xff]), Buffer.from('short')]))).toEqual({ credit: 'short', creators: [] });
  });

  it('keeps a few by-lines of a repeated list, and the credit alone when it already names the photographer', () => {
    const many = iimRecords(Array.from({ length: 50 }, (_, i) => [2, 80, `Name ${i}`] as const));
    expect(iptcCredit(many)?.creators).toHaveLength(PHOTO_CREDIT_POLICY.maxCreators);
    expect(embeddedPhotoCredit({ iptc: iimRecords([[2, 80, 'Jane Doe'], [2, 110, 'Jane Doe/Reuters']]) })).toBe('Jane Doe/Reuters');
    expect(embeddedPhotoCredit({ iptc: iimRecords([[2, 80, 'Jane Doe'], [2, 110, '  ']]) })).toBe('Jane Doe');
    expect(embeddedPhotoCredit({ iptc: iimRecords([[2, 25, 'keyword']]) })).toBeUndefined();
  });
});

describe('a photo credit from XMP', () => {
  it('reads photoshop:Credit as an attribute or an element, and dc:creator’s list', () => {
    expect(xmpCredit(bytes(xmpPacket({ credit: 'Reuters', creators: ['Jane Doe', 'John Roe'] })))).toEqual({ credit: 'Reuters', creators: ['Jane Doe', 'John Roe'] });
    const element = '<x:xmpmeta><rdf:RDF><rdf:Description><photoshop:Credit>EPA</photoshop:Credit><dc:creator><rdf:Bag><rdf:li xml:lang="x-default">Ann Lee</rdf:li></rdf:Bag></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';
    expect(embeddedPhotoCredit({ xmp: bytes(element) })).toBe('EPA/Ann Lee');
    // XMP first (always Unicode), then IPTC.
    expect(embeddedPhotoCredit({ xmp: bytes(xmpPacket({ credit: 'AFP' })), iptc: iimRecords([[2, 110, 'Other']]) })).toBe('AFP');
    expect(embeddedPhotoCredit({ xmp: bytes(xmpPacket({})), iptc: iimRecords([[2, 110, 'Other']]) })).toBe('Other');
  });

  it('decodes only XML’s own entities and numeric references, and reads nothing of a packet that declares a DTD or entities', () => {
    expect(embeddedPhotoCredit({ xmp: bytes(xmpPacket({ credit: 'Smith &amp; Sons &#x2014; &#169; &bogus; &#xD800;' })) })).toBe('Smith & Sons — © &bogus;');
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${xmpPacket({ credit: '&b;' })}`;
    expect(xmpCredit(bytes(bomb))).toBeUndefined();
    expect(xmpCredit(bytes('<x:xmpmeta><dc:creator><rdf:Seq><rdf:li>Unclosed'))).toBeUndefined();
  });

  it('looks at no more of a packet than the policy’s bytes', () => {
    const padding = ' '.repeat(PHOTO_CREDIT_POLICY.maxMetadataBytes);
    expect(xmpCredit(bytes(xmpPacket({ extra: `${padding}<photoshop:Credit>Late</photoshop:Credit>` })))).toBeUndefined();
    expect(xmpCredit(bytes(xmpPacket({ credit: 'Early', extra: padding })))).toEqual({ credit: 'Early', creators: [] });
  });
});
