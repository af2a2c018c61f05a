import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readMetadataText, type MetadataField } from '../../../src/metadata';
import { decodeUserComment, decodeXmlEntities, latin1OrUtf8, rawProfileBytes } from '../../../src/metadata/text';
import { insertAfterIhdr, insertAfterSoi, photo, pngChunk } from '../redact/fixtures';
import { NAMING_EXIF, NAMING_IPTC, NAMING_XMP, iptcApp13, iptcBlock, namingJpeg, rawProfile, xmpTitle } from './fixtures';

const texts = (fields: MetadataField[], source: MetadataField['source'], tag: string) => fields.filter((f) => f.source === source && f.tag === tag).map((f) => f.text);

/** Every text the NAMING_EXIF fixture puts in EXIF, as it must be read back. */
function expectNamingExif(fields: MetadataField[]): void {
  expect(texts(fields, 'exif', 'ImageDescription')).toEqual(['Noor Jansen bij de finish']);
  expect(texts(fields, 'exif', 'Artist')).toEqual(['Juf Marieke']);
  expect(texts(fields, 'exif', 'XPComment')).toEqual(['Lotte de Vries wint']); // UCS-2 in the file
  expect(texts(fields, 'exif', 'XPKeywords')).toEqual(['sportdag;Zoë Bakker']);
  expect(texts(fields, 'exif', 'UserComment')).toEqual(['met Fenna van Dijk']);
}

/** Every text NAMING_XMP carries, entities decoded; the editing history (xmpMM) and region geometry are left out. */
function expectNamingXmp(fields: MetadataField[]): void {
  const xmp = fields.filter((f) => f.source === 'xmp');
  expect(texts(xmp, 'xmp', 'dc:title')).toEqual(['Noor Jansen, groep 8']);
  expect(texts(xmp, 'xmp', 'dc:description')).toEqual(['Lotte de Vries en Noor', 'Lotte <3']);
  expect(texts(xmp, 'xmp', 'dc:subject')).toEqual(['sportdag', 'Fenna van Dijk']);
  expect(texts(xmp, 'xmp', 'Iptc4xmpExt:PersonInImage')).toEqual(['Zoë Bakker']);
  expect(texts(xmp, 'xmp', 'lr:hierarchicalSubject')).toEqual(['Mensen|Leerlingen|Daan van der Berg']);
  expect(texts(xmp, 'xmp', 'photoshop:Headline')).toEqual(['Sportdag & Daan van der Berg']);
  expect(texts(xmp, 'xmp', 'mwg-rs:Regions/RegionList/Name')).toEqual(['Lotte de Vries', 'Fenna van Dijk']);
  expect(texts(xmp, 'xmp', 'MP:RegionInfo/Regions/PersonDisplayName')).toEqual(['Noor Jansen']);
  expect(xmp.filter((f) => /xmpMM|Area|Rectangle|Type|AppliedToDimensions/.test(f.tag))).toEqual([]);
}

describe('readMetadataText: JPEG', () => {
  it('reads EXIF (ASCII, UCS-2 XP tags, UserComment), IPTC and XMP text, and sees the GPS position', async () => {
    const { fields, gps, errors } = await readMetadataText(await namingJpeg(photo()));
    expect(errors).toEqual([]);
    expect(gps).toBe(true);
    expectNamingExif(fields);
    expectNamingXmp(fields);
    expect(texts(fields, 'iptc', 'Caption')).toEqual(['Noor Jansen en Lotte de Vries op schoolreis']);
    expect(texts(fields, 'iptc', 'ObjectName')).toEqual(['Schoolreis Zoë Bakker']); // UTF-8 IPTC, read as such
    expect(texts(fields, 'iptc', 'Keywords')).toEqual(['schoolreis', 'Fenna van Dijk']);
    expect(texts(fields, 'iptc', 'Byline')).toEqual(['Meester Bas']);
    expect(texts(fields, 'iptc', 'Headline')).toEqual(['Daan van der Berg wint']);
    // The binary ApplicationRecordVersion is no text.
    expect(fields.filter((f) => f.source === 'iptc')).toHaveLength(NAMING_IPTC.length);
    // Technical EXIF (Orientation, resolution, ExifVersion) is not text someone wrote.
    expect(new Set(fields.filter((f) => f.source === 'exif').map((f) => f.tag))).toEqual(new Set(['ImageDescription', 'Artist', 'XPComment', 'XPKeywords', 'UserComment']));
  });

  it('reads Latin-1 IPTC as Latin-1', async () => {
    const jpeg = insertAfterSoi(await photo().jpeg().toBuffer(), iptcApp13(iptcBlock([[120, 'Zoë Bakker']], { latin1: true })));
    expect((await readMetadataText(jpeg)).fields).toEqual([{ source: 'iptc', tag: 'Caption', text: 'Zoë Bakker' }]);
  });

  it('finds nothing, and no errors, in a photo without metadata', async () => {
    expect(await readMetadataText(await photo().jpeg().toBuffer())).toEqual({ fields: [], gps: false, errors: [] });
    expect(await readMetadataText(await photo().withIccProfile('p3').jpeg().toBuffer())).toEqual({ fields: [], gps: false, errors: [] });
  });

  it('sees no GPS position where there is none', async () => {
    const jpeg = await photo().withExif({ IFD0: { ImageDescription: 'Noor' } }).jpeg().toBuffer();
    expect(await readMetadataText(jpeg)).toEqual({ fields: [{ source: 'exif', tag: 'ImageDescription', text: 'Noor' }], gps: false, errors: [] });
  });
});

describe('readMetadataText: PNG', () => {
  it('reads eXIf and the XMP sharp writes (compressed zTXt)', async () => {
    const png = await photo().withExif(NAMING_EXIF).withXmp(NAMING_XMP).png().toBuffer();
    const { fields, gps, errors } = await readMetadataText(png);
    expect(errors).toEqual([]);
    expect(gps).toBe(true);
    expectNamingExif(fields);
    expectNamingXmp(fields);
  });

  it('reads XMP in iTXt, plain and compressed, and in tEXt', async () => {
    const plain = await photo().png().toBuffer();
    const itxt = (compressed: boolean, text: string) =>
      pngChunk('iTXt', Buffer.concat([Buffer.from(`XML:com.adobe.xmp\0${compressed ? '\x01' : '\0'}\0\0\0`, 'latin1'), compressed ? deflateSync(Buffer.from(text)) : Buffer.from(text)]));
    const png = insertAfterIhdr(plain, itxt(false, xmpTitle('Noor Jansen')), itxt(true, xmpTitle('Lotte de Vries')), pngChunk('tEXt', `XML:com.adobe.xmp\0${xmpTitle('Fenna van Dijk')}`));
    const { fields, errors } = await readMetadataText(png);
    expect(errors).toEqual([]);
    expect(texts(fields, 'xmp', 'dc:title')).toEqual(['Noor Jansen', 'Lotte de Vries', 'Fenna van Dijk']);
  });

  it("reads ImageMagick's raw EXIF, IPTC and XMP profiles", async () => {
    const tiffFrom = async (exif: object) => {
      const webp = await photo(8, 8).withExif(exif as never).webp().toBuffer();
      const at = webp.indexOf('EXIF');
      return webp.subarray(at + 8, at + 8 + webp.readUInt32LE(at + 4)); // "Exif\0\0" + TIFF
    };
    const chunks = [
      pngChunk('zTXt', Buffer.concat([Buffer.from('Raw profile type exif\0\0', 'latin1'), deflateSync(rawProfile('exif', await tiffFrom({ IFD0: { ImageDescription: 'Noor Jansen' } })))])),
      pngChunk('tEXt', `Raw profile type iptc\0${rawProfile('iptc', iptcBlock([[120, 'Zoë Bakker']]))}`),
      pngChunk('tEXt', `Raw profile type xmp\0${rawProfile('xmp', Buffer.from(xmpTitle('Daan van der Berg')))}`),
      pngChunk('tEXt', 'Comment\0Lotte de Vries'), // a PNG text chunk is not EXIF, IPTC or XMP
    ];
    const { fields, errors } = await readMetadataText(insertAfterIhdr(await photo().png().toBuffer(), ...chunks));
    expect(errors).toEqual([]);
    expect(fields).toEqual([
      { source: 'exif', tag: 'ImageDescription', text: 'Noor Jansen' },
      { source: 'iptc', tag: 'Caption', text: 'Zoë Bakker' },
      { source: 'xmp', tag: 'dc:title', text: 'Daan van der Berg' },
    ]);
  });

  it('reports a compressed chunk it cannot inflate, and reads the rest', async () => {
    const png = insertAfterIhdr(
      await photo().withExif({ IFD0: { ImageDescription: 'Noor' } }).png().toBuffer(),
      pngChunk('zTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0', 'latin1'), Buffer.from('not zlib at all')])),
    );
    const { fields, errors } = await readMetadataText(png);
    expect(fields).toEqual([{ source: 'exif', tag: 'ImageDescription', text: 'Noor' }]);
    expect(errors).toEqual(['PNG zTXt "XML:com.adobe.xmp": cannot be decompressed']);
  });

  it('finds nothing in a PNG without metadata', async () => {
    expect(await readMetadataText(await photo().png().toBuffer())).toEqual({ fields: [], gps: false, errors: [] });
  });
});

describe('readMetadataText: WebP', () => {
  it('reads the EXIF and XMP chunks', async () => {
    const webp = await photo().withExif(NAMING_EXIF).withXmp(NAMING_XMP).webp().toBuffer();
    const { fields, gps, errors } = await readMetadataText(webp);
    expect(errors).toEqual([]);
    expect(gps).toBe(true);
    expectNamingExif(fields);
    expectNamingXmp(fields);
  });

  it('finds nothing in a WebP without metadata', async () => {
    expect(await readMetadataText(await photo().webp().toBuffer())).toEqual({ fields: [], gps: false, errors: [] });
  });
});

describe('readMetadataText: anything else', () => {
  it('says what it could not read instead of throwing', async () => {
    const notImage = await readMetadataText(new TextEncoder().encode('%PDF-1.7 not a photo'));
    expect(notImage.fields).toEqual([]);
    expect(notImage.errors.length).toBeGreaterThan(0);
    expect((await readMetadataText(new Uint8Array())).fields).toEqual([]);
    expect((await readMetadataText(await photo().gif().toBuffer())).errors).toEqual(['GIF: its comments and XMP are not read']);
  });

  it('never throws on truncated or damaged files', async () => {
    const files = [await namingJpeg(photo()), await photo().withExif(NAMING_EXIF).withXmp(NAMING_XMP).png().toBuffer(), await photo().withExif(NAMING_EXIF).withXmp(NAMING_XMP).webp().toBuffer()];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const file of files) {
      for (let n = 0; n < 1200; n += 97) await expect(readMetadataText(file.subarray(0, n))).resolves.toBeDefined();
      for (let trial = 0; trial < 40; trial++) {
        const broken = Buffer.from(file);
        for (let k = 0; k < 6; k++) broken[Math.floor(random() * Math.min(broken.length, 3000))] = Math.floor(random() * 256);
        await expect(readMetadataText(broken)).resolves.toBeDefined();
      }
    }
  });

  it('reads EXIF and XMP in HEIF/AVIF, where exifr alone reads neither of what libheif writes', async () => {
    const avif = await photo().withExif(NAMING_EXIF).withXmp(NAMING_XMP).avif().toBuffer();
    const { fields, gps, errors } = await readMetadataText(avif);
    expect(errors).toEqual([]);
    expect(gps).toBe(true);
    expectNamingExif(fields);
    expectNamingXmp(fields);
    expect(await readMetadataText(await photo().avif().toBuffer())).toEqual({ fields: [], gps: false, errors: [] });
  });

  it('reads TIFF photos through exifr', async () => {
    // sharp's TIFF writer keeps no EXIF text, but XMP goes into the TIFF's XMP tag.
    const tiff = await photo().withXmp(xmpTitle('Noor Jansen')).tiff().toBuffer();
    expect(texts((await readMetadataText(tiff)).fields, 'xmp', 'dc:title')).toEqual(['Noor Jansen']);
  });
});

describe('text decoding', () => {
  it('decodes XML entities and leaves unknown ones alone', () => {
    expect(decodeXmlEntities('Zo&#235; &amp; Noor &lt;3 &#x1F600; &nbsp; &#xD800;')).toBe('Zoë & Noor <3 😀 &nbsp; &#xD800;');
  });

  it('reads UTF-8 IPTC that exifr decoded as Latin-1', () => {
    expect(latin1OrUtf8('ZoÃ« Bakker')).toBe('Zoë Bakker');
    expect(latin1OrUtf8('Zoë Bakker')).toBe('Zoë Bakker'); // Latin-1 that is no valid UTF-8 stays
    expect(latin1OrUtf8('Daan')).toBe('Daan');
  });

  it('decodes EXIF UserComment in ASCII, UNICODE (either byte order) and undefined', () => {
    const ucs2 = (text: string, be: boolean) => {
      const b = Buffer.from(text, 'utf16le');
      if (be) b.swap16();
      return new Uint8Array(Buffer.concat([Buffer.from('UNICODE\0', 'latin1'), b]));
    };
    expect(decodeUserComment(new Uint8Array(Buffer.from('ASCII\0\0\0Noor Jansen', 'latin1')))).toBe('Noor Jansen');
    expect(decodeUserComment(ucs2('Zoë Bakker', false))).toBe('Zoë Bakker');
    expect(decodeUserComment(ucs2('Zoë Bakker', true))).toBe('Zoë Bakker');
    expect(decodeUserComment(new Uint8Array(Buffer.concat([Buffer.alloc(8), Buffer.from('Zoë', 'utf8')])))).toBe('Zoë');
    expect(decodeUserComment(new Uint8Array(4))).toBeNull();
    expect(decodeUserComment('already text')).toBe('already text');
  });

  it("decodes ImageMagick's raw profiles and refuses short ones", () => {
    expect(Array.from(rawProfileBytes(rawProfile('iptc', new Uint8Array([1, 2, 255])))!)).toEqual([1, 2, 255]);
    expect(rawProfileBytes('\niptc\n       9\n0102\n')).toBeNull();
  });
});
