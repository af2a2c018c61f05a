/** Photos whose metadata names pupils of demo/roster.csv, written here with sharp and byte splicing. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { importRoster, type Roster } from '../../../src/consent';
import { insertAfterSoi, jpegSegment } from '../redact/fixtures';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Noor Jansen (2001), Lotte de Vries (2002), Fenna van Dijk (2003), Zoë Bakker (2004), Daan van der Berg (2005). */
export function demoRoster(): Roster {
  const result = importRoster(readFileSync(join(ROOT, 'demo/roster.csv'), 'utf8'), 'roster.csv');
  if (!result.ok) throw new Error('demo/roster.csv did not load');
  return result.roster;
}

/** A real photo (face-api's demo sample, always installed), scaled down: re-encoding costs are realistic on it. */
export function realPhoto(width = 240): Sharp {
  const demo = join(dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api/package.json')), 'demo', 'sample1.jpg');
  return sharp(demo).resize({ width });
}

/** EXIF as sharp writes it: ASCII ImageDescription and Artist, UCS-2 XP tags, UserComment, a GPS position. */
export const NAMING_EXIF = {
  IFD0: { ImageDescription: 'Noor Jansen bij de finish', Artist: 'Juf Marieke', XPComment: 'Lotte de Vries wint', XPKeywords: 'sportdag;Zoë Bakker' },
  IFD2: { UserComment: 'met Fenna van Dijk' },
  IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 5/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '5/1 7/1 0/1' },
};

/** XMP as Lightroom, digiKam and Windows Photos write it: title, description, keywords, people and face regions. */
export const NAMING_XMP = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
 xmlns:mwg-rs="http://www.metadataworkinggroup.com/schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#"
 xmlns:stDim="http://ns.adobe.com/xap/1.0/sType/Dimensions#" xmlns:lr="http://ns.adobe.com/lightroom/1.0/"
 xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:MP="http://ns.microsoft.com/photo/1.2/"
 xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#" xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmpMM:DocumentID="xmp.did:Noor-Jansen-1" photoshop:Headline="Sportdag &amp; Daan van der Berg">
 <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Noor Jansen, groep 8</rdf:li></rdf:Alt></dc:title>
 <dc:description><rdf:Alt><rdf:li xml:lang="x-default">Lotte de Vries en Noor</rdf:li><rdf:li xml:lang="en">Lotte &lt;3</rdf:li></rdf:Alt></dc:description>
 <dc:subject><rdf:Bag><rdf:li>sportdag</rdf:li><rdf:li>Fenna van Dijk</rdf:li></rdf:Bag></dc:subject>
 <Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Zo&#235; Bakker</rdf:li></rdf:Bag></Iptc4xmpExt:PersonInImage>
 <lr:hierarchicalSubject><rdf:Bag><rdf:li>Mensen|Leerlingen|Daan van der Berg</rdf:li></rdf:Bag></lr:hierarchicalSubject>
 <mwg-rs:Regions rdf:parseType="Resource">
  <mwg-rs:AppliedToDimensions stDim:w="96" stDim:h="64" stDim:unit="pixel"/>
  <mwg-rs:RegionList><rdf:Bag>
   <rdf:li><rdf:Description mwg-rs:Name="Lotte de Vries" mwg-rs:Type="Face"><mwg-rs:Area stArea:x="0.5" stArea:y="0.5" stArea:w="0.1" stArea:h="0.1" stArea:unit="normalized"/></rdf:Description></rdf:li>
   <rdf:li rdf:parseType="Resource"><mwg-rs:Name>Fenna van Dijk</mwg-rs:Name><mwg-rs:Type>Face</mwg-rs:Type></rdf:li>
  </rdf:Bag></mwg-rs:RegionList>
 </mwg-rs:Regions>
 <MP:RegionInfo rdf:parseType="Resource"><MPRI:Regions><rdf:Bag><rdf:li rdf:parseType="Resource"><MPReg:PersonDisplayName>Noor Jansen</MPReg:PersonDisplayName><MPReg:Rectangle>0.1, 0.1, 0.2, 0.2</MPReg:Rectangle></rdf:li></rdf:Bag></MPRI:Regions></MP:RegionInfo>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** A short XMP packet naming one pupil in dc:title. */
export const xmpTitle = (title: string) =>
  `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta>`;

/** IPTC IIM datasets (record 2 unless given), each [dataset, text]; UTF-8 declared in 1:90 unless `latin1`. */
export function iptcBlock(datasets: [number, string][], options: { latin1?: boolean } = {}): Buffer {
  const encode = (text: string) => Buffer.from(text, options.latin1 ? 'latin1' : 'utf8');
  const parts = options.latin1 ? [] : [Buffer.from([0x1c, 0x01, 0x5a, 0x00, 0x03, 0x1b, 0x25, 0x47])];
  parts.push(Buffer.from([0x1c, 0x02, 0x00, 0x00, 0x02, 0x00, 0x04])); // 2:00 ApplicationRecordVersion 4: binary
  for (const [dataset, text] of datasets) {
    const data = encode(text);
    parts.push(Buffer.from([0x1c, 0x02, dataset, data.length >> 8, data.length & 255]), data);
  }
  return Buffer.concat(parts);
}

/** The IIM block wrapped as JPEG APP13: Photoshop 3.0, an 8BIM 0x0404 resource. */
export function iptcApp13(iim: Buffer): Buffer {
  const padded = iim.length % 2 ? Buffer.concat([iim, Buffer.from([0])]) : iim;
  const size = Buffer.alloc(4);
  size.writeUInt32BE(iim.length);
  return jpegSegment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0' + '8BIM', 'latin1'), Buffer.from([0x04, 0x04, 0, 0]), size, padded]));
}

/** IPTC naming pupils: caption, object name (title), keywords, by-line, headline. */
export const NAMING_IPTC: [number, string][] = [
  [120, 'Noor Jansen en Lotte de Vries op schoolreis'],
  [5, 'Schoolreis Zoë Bakker'],
  [25, 'schoolreis'],
  [25, 'Fenna van Dijk'],
  [80, 'Meester Bas'],
  [105, 'Daan van der Berg wint'],
];

/** A JPEG naming pupils in EXIF, IPTC and XMP. */
export async function namingJpeg(base: Sharp = realPhoto()): Promise<Buffer> {
  const jpeg = await base.clone().withExif(NAMING_EXIF).withXmp(NAMING_XMP).jpeg({ quality: 95 }).toBuffer();
  return insertAfterSoi(jpeg, iptcApp13(iptcBlock(NAMING_IPTC)));
}

/** ImageMagick's text form of a profile in a PNG "Raw profile type …" chunk. */
export function rawProfile(name: string, bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex').replace(/(.{72})/g, '$1\n');
  return `\n${name}\n${String(bytes.length).padStart(8)}\n${hex}\n`;
}
