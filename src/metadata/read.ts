/**
 * The free text a photo carries in its metadata (EXIF, IPTC, XMP), read with exifr: captions, titles, keywords, face
 * tags. Schools promise never to put pupils' names with photos, and a caption written in Lightroom or a face tag from a
 * phone does exactly that. Pure: runs in Node and in the browser.
 *
 * JPEG, HEIC/AVIF and TIFF go to exifr whole. exifr reads no WebP, and of PNG only eXIf and uncompressed iTXt XMP, so
 * for those two the metadata blocks are taken out of the container here and each is handed to exifr on its own; of
 * HEIF it reads only EXIF, so its XMP packet is found in the bytes.
 */
import * as exifrModule from 'exifr';
import { ascii, pngChunks, webpChunks } from '../redact/containers';
import { imageFormat } from '../redact/metadata';
import { cleanText, decodeUserComment, decodeXmlEntities, inflate, latin1OrUtf8, latin1Text, looksLikeText, rawProfileBytes, utf8Text } from './text';

/**
 * Node loads exifr's UMD build, which is CommonJS: everything hangs off the default export. Bundlers and vitest load its
 * ES module, whose named exports are complete (its default export lacks `sidecar`).
 */
const exifr: typeof exifrModule =
  typeof exifrModule.parse === 'function' ? exifrModule : (exifrModule as unknown as { default: typeof exifrModule }).default;

export type MetadataSource = 'exif' | 'iptc' | 'xmp';

export interface MetadataField {
  source: MetadataSource;
  /**
   * exifr's name for EXIF and IPTC tags (`ImageDescription`, `XPComment`, `UserComment`, `Caption`, `Keywords`,
   * `Byline`); for XMP `prefix:Property`, with the path into structures (`mwg-rs:Regions/RegionList/Name`).
   */
  tag: string;
  text: string;
}

export interface MetadataText {
  /** One entry per text value; a list (keywords, people) gives one per item, in the file's order. */
  fields: MetadataField[];
  /** The photo carries a GPS position (EXIF GPS IFD or XMP exif:GPSLatitude/GPSLongitude). */
  gps: boolean;
  /** What could not be read (a damaged EXIF block, an unsupported format): names in it may have been missed. */
  errors: string[];
}

type Tags = Record<string | number, unknown>;
const isTags = (v: unknown): v is Tags => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);

/** EXIF/TIFF tags that hold free text. Numeric keys are tags exifr's dictionary does not name (EXIF 2.32 and later). */
const EXIF_TEXT_TAGS = new Map<string | number, string>([
  ['ImageDescription', 'ImageDescription'],
  ['Artist', 'Artist'],
  ['Copyright', 'Copyright'],
  ['DocumentName', 'DocumentName'],
  ['PageName', 'PageName'],
  [0x011d, 'PageName'],
  ['HostComputer', 'HostComputer'],
  ['XPTitle', 'XPTitle'],
  ['XPComment', 'XPComment'],
  ['XPAuthor', 'XPAuthor'],
  ['XPKeywords', 'XPKeywords'],
  ['XPSubject', 'XPSubject'],
  ['OwnerName', 'OwnerName'],
  ['CameraOwnerName', 'OwnerName'],
  [0xa430, 'OwnerName'],
  ['ImageTitle', 'ImageTitle'],
  [0xa436, 'ImageTitle'],
  ['Photographer', 'Photographer'],
  [0xa437, 'Photographer'],
  ['ImageEditor', 'ImageEditor'],
  [0xa438, 'ImageEditor'],
  ['UserComment', 'UserComment'],
]);

/** IPTC datasets that are codes, dates or binary data rather than text someone typed. */
const IPTC_NOT_TEXT = new Set([
  'ApplicationRecordVersion', 'ObjectTypeReference', 'ObjectAttributeReference', 'EditStatus', 'Urgency', 'SubjectReference', 'Category',
  'FixtureIdentifier', 'ContentLocationCode', 'ReleaseDate', 'ReleaseTime', 'ExpirationDate', 'ExpirationTime', 'ActionAdvised',
  'ReferenceDate', 'ReferenceNumber', 'DateCreated', 'TimeCreated', 'DigitalCreationDate', 'DigitalCreationTime', 'ProgramVersion',
  'ObjectCycle', 'CountryCode', 'RasterizedCaption', 'ImageType', 'ImageOrientation', 'LanguageIdentifier', 'AudioType',
  'AudioSamplingRate', 'AudioSamplingResolution', 'AudioDuration', 'ObjectPreviewFileFormat', 'ObjectPreviewFileVersion',
  'ObjectPreviewData', 'ClassifyState', 'SimilarityIndex',
]);

/** XMP namespaces of editing history, raw-development settings and geometry: identifiers and numbers, never names. */
const XMP_SKIP_NAMESPACES = new Set(['xmlns', 'x', 'rdf', 'xmpMM', 'stEvt', 'stRef', 'stVer', 'stJob', 'stDim', 'stArea', 'crs', 'crd', 'crss', 'xmpNote', 'xmpG', 'xmpGImg', 'xmpTPg', 'GPano', 'GCamera', 'GDepth', 'GImage', 'GAudio', 'hdrgm', 'apdi', 'aux']);
/** Structure fields that describe the value, not text in it. */
const XMP_SKIP_KEYS = new Set(['parseType', 'lang', 'about', 'resource', 'unit', 'Area', 'AppliedToDimensions', 'Rectangle', 'Type', 'ID', 'nodeID', 'datatype']);

const EXIFR_OPTIONS = {
  tiff: true,
  ifd0: {},
  ifd1: false, // the thumbnail's IFD: its tags would collide with IFD0's (exifr's warning for mergeOutput: false)
  exif: true,
  gps: true,
  interop: false,
  makerNote: false,
  userComment: true,
  iptc: true,
  // The XMP packet is read raw and parsed separately, so tiff:/exif: properties stay XMP instead of being merged into
  // IFD0/EXIF; multiSegment joins XMP Extended (which can hold MWG face regions) to the main packet.
  xmp: { parse: false, multiSegment: true },
  icc: false,
  jfif: false,
  ihdr: false,
  mergeOutput: false,
  translateKeys: true,
  translateValues: false, // enum values stay numbers: "Horizontal (normal)" is exifr's text, not the photo's
  reviveValues: true, // decodes the UCS-2 XP* tags
  sanitize: true,
  silentErrors: true,
  chunked: false,
} as const;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

class Collector {
  fields: MetadataField[] = [];
  gps = false;
  errors: string[] = [];

  add(source: MetadataSource, tag: string, raw: unknown): void {
    if (typeof raw !== 'string') return;
    let text = source === 'xmp' ? decodeXmlEntities(raw) : source === 'iptc' ? latin1OrUtf8(raw) : raw;
    text = cleanText(text);
    if (text && looksLikeText(text)) this.fields.push({ source, tag, text });
  }

  noteErrors(output: unknown, where: string): void {
    const errors = isTags(output) && Array.isArray(output.errors) ? output.errors : [];
    for (const e of errors) this.errors.push(`${where}: ${message(e)}`);
  }

  /** IFD0 and the EXIF IFD (exifr with mergeOutput: false), plus the UserComment exifr keeps apart. */
  tiffOutput(output: Tags): void {
    for (const block of ['ifd0', 'exif']) {
      const tags = output[block];
      if (!isTags(tags)) continue;
      for (const [key, value] of Object.entries(tags)) {
        const name = EXIF_TEXT_TAGS.get(key) ?? EXIF_TEXT_TAGS.get(Number(key));
        if (!name) continue;
        if (name === 'UserComment') this.add('exif', name, decodeUserComment(value));
        else if (Array.isArray(value)) for (const v of value) this.add('exif', name, v);
        else this.add('exif', name, value);
      }
    }
    if (output.userComment !== undefined) this.add('exif', 'UserComment', decodeUserComment(output.userComment));
    const gps = output.gps;
    if (isTags(gps) && (gps.GPSLatitude !== undefined || gps.GPSLongitude !== undefined || gps.latitude !== undefined)) this.gps = true;
  }

  iptcOutput(tags: unknown): void {
    if (!isTags(tags)) return;
    for (const [key, value] of Object.entries(tags)) {
      if (IPTC_NOT_TEXT.has(key) || /^\d+$/.test(key)) continue;
      for (const v of Array.isArray(value) ? value : [value]) this.add('iptc', key, v);
    }
  }

  /** exifr's XMP output: one object per namespace prefix; structures nest, lists are arrays, lang-alts `{lang, value}`. */
  xmpOutput(xmp: unknown): void {
    if (!isTags(xmp)) return;
    for (const [ns, props] of Object.entries(xmp)) {
      if (XMP_SKIP_NAMESPACES.has(ns) || !isTags(props)) continue;
      if (ns === 'exif' && (props.GPSLatitude !== undefined || props.GPSLongitude !== undefined)) this.gps = true;
      for (const [key, value] of Object.entries(props)) {
        if (!XMP_SKIP_KEYS.has(key)) this.xmpValue(`${ns}:${key}`, value);
      }
    }
  }

  private xmpValue(tag: string, value: unknown): void {
    if (typeof value === 'string') this.add('xmp', tag, value);
    else if (Array.isArray(value)) for (const v of value) this.xmpValue(tag, v);
    else if (isTags(value)) {
      if ('value' in value && typeof value.value === 'string') {
        this.add('xmp', tag, value.value); // a lang-alt item, or a property with qualifiers
        return;
      }
      for (const [key, v] of Object.entries(value)) if (!XMP_SKIP_KEYS.has(key)) this.xmpValue(`${tag}/${key}`, v);
    }
  }

  async xmpPacket(packet: unknown, where: string): Promise<void> {
    const text = typeof packet === 'string' ? packet : packet instanceof Uint8Array ? utf8Text(packet) : null;
    if (!text || !text.includes('<')) return;
    try {
      this.xmpOutput(await exifr.sidecar(new TextEncoder().encode(text), { xmp: true }, 'xmp'));
    } catch (err) {
      this.errors.push(`${where} XMP: ${message(err)}`);
    }
  }

  /** A TIFF structure on its own (WebP's EXIF chunk, PNG's eXIf), with or without the JPEG-style "Exif\0\0" prefix. */
  async tiff(bytes: Uint8Array, where: string): Promise<void> {
    const tiff = ascii(bytes, 0, 6) === 'Exif\0\0' ? bytes.subarray(6) : bytes;
    try {
      const output: unknown = await exifr.parse(tiff, { ...EXIFR_OPTIONS, iptc: false, xmp: false });
      this.noteErrors(output, `${where} EXIF`);
      if (isTags(output)) this.tiffOutput(output);
    } catch (err) {
      this.errors.push(`${where} EXIF: ${message(err)}`);
    }
  }

  /** IPTC IIM data, bare or inside Photoshop image resources (8BIM). */
  async iptc(bytes: Uint8Array, where: string): Promise<void> {
    try {
      this.iptcOutput(await exifr.sidecar(bytes, { iptc: true }, 'iptc'));
    } catch (err) {
      this.errors.push(`${where} IPTC: ${message(err)}`);
    }
  }

  result(): MetadataText {
    return { fields: this.fields, gps: this.gps, errors: this.errors };
  }
}

/** JPEG, HEIC/AVIF, TIFF: exifr finds and reads every block itself. */
async function readWhole(bytes: Uint8Array, c: Collector): Promise<void> {
  const heif = isIsoBmff(bytes);
  let output: unknown;
  try {
    output = await exifr.parse(bytes, EXIFR_OPTIONS);
  } catch (err) {
    c.errors.push(message(err));
    return;
  }
  if (heif) return readHeifRest(bytes, isTags(output) ? output : {}, c);
  if (!isTags(output)) return; // no metadata at all
  c.noteErrors(output, 'exifr');
  c.tiffOutput(output);
  c.iptcOutput(output.iptc);
  await c.xmpPacket(output.xmp, 'exifr');
}

/** HEIC, HEIF and AVIF are ISO base media files: a "ftyp" box first. */
const isIsoBmff = (b: Uint8Array) => ascii(b, 4, 4) === 'ftyp';

/** Where the Latin-1 `needle` first occurs in `b` from `from` on; -1 if nowhere. */
function indexOfAscii(b: Uint8Array, needle: string, from = 0): number {
  const first = needle.charCodeAt(0);
  for (let i = b.indexOf(first, from); i >= 0 && i + needle.length <= b.length; i = b.indexOf(first, i + 1)) {
    if (ascii(b, i, needle.length) === needle) return i;
  }
  return -1;
}

/**
 * exifr reads only the EXIF item of a HEIF file, and fails on the item layout libheif writes ("Malformed EXIF data").
 * Both items are self-delimiting, so where exifr found nothing they are looked for in the bytes: an "Exif\0\0" TIFF
 * header (its offsets are relative to it, so what follows does not matter) and an x:xmpmeta packet.
 */
async function readHeifRest(bytes: Uint8Array, output: Tags, c: Collector): Promise<void> {
  if (isTags(output.ifd0) || isTags(output.exif)) {
    c.noteErrors(output, 'exifr');
    c.tiffOutput(output);
  } else {
    const at = [indexOfAscii(bytes, 'Exif\0\0MM\0*'), indexOfAscii(bytes, 'Exif\0\0II*\0')].filter((i) => i >= 0);
    if (at.length > 0) await c.tiff(bytes.subarray(Math.min(...at)), 'HEIF');
    else c.noteErrors(output, 'exifr');
  }
  const start = indexOfAscii(bytes, '<x:xmpmeta');
  const end = start < 0 ? -1 : indexOfAscii(bytes, '</x:xmpmeta>', start);
  if (end > start) await c.xmpPacket(bytes.subarray(start, end + '</x:xmpmeta>'.length), 'HEIF');
  else if (start >= 0) c.errors.push('HEIF: the XMP packet is cut short');
}

async function readWebp(bytes: Uint8Array, c: Collector): Promise<void> {
  const walk = webpChunks(bytes);
  for (const chunk of walk?.parts ?? []) {
    const data = bytes.subarray(chunk.start + 8, chunk.end);
    if (chunk.fourcc === 'EXIF') await c.tiff(data, 'WebP');
    else if (chunk.fourcc === 'XMP ') await c.xmpPacket(data, 'WebP');
  }
  if (walk && !walk.complete) c.errors.push('WebP: the file is damaged or cut short; metadata after the damage was not read');
}

const RAW_PROFILE = /^Raw profile type (exif|APP1|iptc|8bim|xmp)$/i;

/** PNG: eXIf; XMP in iTXt, zTXt or tEXt "XML:com.adobe.xmp"; ImageMagick's hex "Raw profile type …" text chunks. */
async function readPng(bytes: Uint8Array, c: Collector): Promise<void> {
  const walk = pngChunks(bytes);
  for (const chunk of walk?.parts ?? []) {
    const data = bytes.subarray(chunk.start + 8, chunk.end - 4);
    if (chunk.type === 'eXIf') {
      await c.tiff(data, 'PNG');
      continue;
    }
    if (chunk.type !== 'tEXt' && chunk.type !== 'zTXt' && chunk.type !== 'iTXt') continue;
    const nul = data.indexOf(0);
    if (nul < 1 || nul > 79) continue;
    const keyword = latin1Text(data.subarray(0, nul));
    const isXmp = keyword === 'XML:com.adobe.xmp';
    const raw = RAW_PROFILE.exec(keyword);
    if (!isXmp && !raw) continue; // other text chunks (Title, Comment, Author) are not EXIF, IPTC or XMP
    let body: Uint8Array | null;
    if (chunk.type === 'tEXt') body = data.subarray(nul + 1);
    else if (chunk.type === 'zTXt') body = await inflate(data.subarray(nul + 2));
    else {
      const compressed = data[nul + 1] === 1;
      const lang = data.indexOf(0, nul + 3);
      const translated = lang < 0 ? -1 : data.indexOf(0, lang + 1);
      body = translated < 0 ? null : compressed ? await inflate(data.subarray(translated + 1)) : data.subarray(translated + 1);
    }
    if (!body) {
      c.errors.push(`PNG ${chunk.type} "${keyword}": cannot be decompressed`);
      continue;
    }
    if (isXmp) {
      await c.xmpPacket(body, 'PNG');
      continue;
    }
    const profile = rawProfileBytes(latin1Text(body));
    const kind = raw![1]!.toLowerCase();
    if (!profile) c.errors.push(`PNG "${keyword}": not a valid raw profile`);
    else if (kind === 'exif' || kind === 'app1') await c.tiff(profile, 'PNG');
    else if (kind === 'xmp') await c.xmpPacket(profile, 'PNG');
    else await c.iptc(profile, 'PNG');
  }
  if (walk && !walk.complete) c.errors.push('PNG: the file is damaged or cut short; metadata after the damage was not read');
}

/**
 * The text in a photo's EXIF, IPTC and XMP metadata. Never throws: what cannot be read is listed in `errors`
 * (an unknown format, a damaged block), and a photo without metadata gives no fields and no errors.
 */
export async function readMetadataText(bytes: Uint8Array): Promise<MetadataText> {
  const c = new Collector();
  const format = imageFormat(bytes);
  try {
    if (format === 'webp') await readWebp(bytes, c);
    else if (format === 'png') await readPng(bytes, c);
    // GIF carries comments and, rarely, XMP, which exifr does not read; a released GIF becomes a PNG without them.
    else if (format === 'gif') c.errors.push('GIF: its comments and XMP are not read');
    else await readWhole(bytes, c);
  } catch (err) {
    c.errors.push(message(err));
  }
  return c.result();
}
