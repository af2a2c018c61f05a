/**
 * Text in photo metadata: what EXIF, IPTC and XMP say (captions, titles, keywords, face tags), which pupils on the
 * consent list they name, and a one-line report. Pure; runs in Node and in the browser.
 */
export { readMetadataText, type MetadataField, type MetadataSource, type MetadataText } from './read';
export { fieldLabel, metadataNamesReport, namesInMetadata, type MetadataNames, type ReportLang } from './names';
