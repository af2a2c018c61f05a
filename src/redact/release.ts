/**
 * Builds the file that is actually released, in the extension's offscreen document (createImageBitmap,
 * OffscreenCanvas and Blob only; no DOM elements). Decoding and re-encoding through a canvas is what removes
 * EXIF/IPTC/XMP: the encoders write pixels and nothing else, and the result is checked before it is handed out.
 *
 * Colour: when a JPEG or PNG carries an RGB profile, the pixels are decoded WITHOUT colour conversion and the original
 * profile replaces whatever the encoder wrote, so a wide-gamut photo keeps its colours exactly. WebP gets no copied
 * profile (splicing one into a WebP needs a rewritten VP8X header): its pixels are converted to sRGB instead, as are
 * photos whose profile cannot describe an RGB canvas (CMYK, grey). Chrome tags its JPEG/WebP output with its own
 * sRGB profile, which is right for those converted pixels.
 *
 * Animated GIF/PNG/WebP: only the first frame is released, since a decoded bitmap holds one frame.
 * Semi-transparent PNG pixels may shift by a level or two: the canvas stores premultiplied alpha.
 */
import { errorMessage, type Box, type Rect } from '../faces/types';
import { coverRect, fillSolid, pixelBlocks, pixelate } from './geometry';
import { copyableIcc, embedIcc } from './icc';
import { imageFormat, metadataReport } from './metadata';
import { extensionFor, neutralName, outputTypeFor } from './names';

export interface ReleaseRequest {
  blob: Blob;
  /** Face boxes to cover, in pixels of the EXIF-oriented photo (what the face engine reports). */
  covers: Box[];
  style: 'solid' | 'pixelate';
  /** The day in the neutral name (local calendar day). */
  date: Date;
  /** N in foto-YYYY-MM-DD-N, from 1. */
  sequence: number;
  /** JPEG/WebP encoder quality; default 0.92 (measured 49.5 dB PSNR outside the covers on a q95 photo: invisible). */
  jpegQuality?: number;
}

export interface Released {
  blob: Blob;
  name: string;
  type: string;
  width: number;
  height: number;
  /** The padded rectangles that were covered, in output pixels. */
  covered: Rect[];
  /** What the input carried and the output does not (icc is false when the profile was kept). */
  removed: ReturnType<typeof metadataReport>;
  iccKept: boolean;
}

export const DEFAULT_JPEG_QUALITY = 0.92;

const FORMAT_MIME = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' } as const;

export async function releaseImage(req: ReleaseRequest): Promise<Released> {
  const quality = req.jpegQuality ?? DEFAULT_JPEG_QUALITY;
  if (!(quality > 0 && quality <= 1)) throw new RangeError('jpegQuality must be above 0 and at most 1');
  if (req.style !== 'solid' && req.style !== 'pixelate') throw new RangeError(`unknown cover style: ${String(req.style)}`);
  const bytes = new Uint8Array(await req.blob.arrayBuffer());
  // The bytes decide the format where they can: a file's type comes from its name, which may be wrong.
  const format = imageFormat(bytes);
  const inputMime = format === 'unknown' ? req.blob.type || 'image/unknown' : FORMAT_MIME[format];
  const type = outputTypeFor(inputMime);
  if (!type) throw new Error(`the photo could not be decoded: ${inputMime} is not an image`);
  const name = neutralName(req.date, req.sequence, extensionFor(type));
  const found = copyableIcc(bytes);
  const icc = found && FORMAT_MIME[found.format] === type ? found : null;

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(req.blob, { imageOrientation: 'from-image', colorSpaceConversion: icc ? 'none' : 'default' });
  } catch (err) {
    throw new Error(`the photo could not be decoded: ${errorMessage(err)}`);
  }
  try {
    const { width, height } = bitmap;
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2D canvas');
    // JPEG has no alpha; transparent parts of a BMP or HEIC would otherwise turn black.
    if (type === 'image/jpeg') {
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, width, height);
    }
    ctx.drawImage(bitmap, 0, 0);
    const covered = req.covers.map((box) => coverRect(box, width, height));
    for (const rect of covered) {
      const image = ctx.getImageData(rect.x, rect.y, rect.w, rect.h);
      const local = { x: 0, y: 0, w: rect.w, h: rect.h };
      if (req.style === 'solid') fillSolid(image.data, rect.w, local);
      else pixelate(image.data, rect.w, local, pixelBlocks(rect));
      ctx.putImageData(image, rect.x, rect.y);
    }
    const encoded = await canvas.convertToBlob(type === 'image/png' ? { type } : { type, quality });
    // A browser that cannot write the type silently falls back to PNG; the name and profile would then be wrong.
    if (encoded.type !== type) throw new Error(`this browser cannot write ${type}`);
    let out: Uint8Array = new Uint8Array(await encoded.arrayBuffer());
    if (icc) out = embedIcc(out, icc);
    const left = metadataReport(out);
    if (left.exif || left.xmp || left.iptc || left.comments) throw new Error('the re-encoded photo still carries metadata');
    const had = metadataReport(bytes);
    return {
      blob: new Blob([out as BlobPart], { type }),
      name,
      type,
      width,
      height,
      covered,
      removed: { ...had, icc: had.icc && !icc },
      iccKept: icc !== null,
    };
  } finally {
    bitmap.close();
  }
}
