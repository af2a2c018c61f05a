/**
 * The released-file module's pure core: cover geometry and fills, neutral names and output formats, colour-profile
 * copying, metadata inspection and quality measurement. Runs anywhere; `./release` adds the browser pipeline.
 */
export { COVER_FACTOR, COVER_HEADROOM, blockEdges, coverRect, fillSolid, pixelBlocks, pixelate, solidFill } from './geometry';
export { extensionFor, neutralName, outputTypeFor, type OutputType } from './names';
export { copyableIcc, embedIcc, readJpegIcc, readPngIcc, writeJpegIcc, writePngIcc, type CopyableIcc } from './icc';
export { imageFormat, metadataReport, type ImageFormat, type MetadataReport } from './metadata';
export { psnr, type PsnrOptions } from './quality';
