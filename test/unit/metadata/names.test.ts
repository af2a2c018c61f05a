import { describe, expect, it } from 'vitest';
import { fieldLabel, metadataNamesReport, namesInMetadata, readMetadataText, type MetadataNames } from '../../../src/metadata';
import { buildNameFinder, type NameSpan } from '../../../src/names';
import { photo } from '../redact/fixtures';
import { demoRoster, namingJpeg } from './fixtures';

const span = (text: string, pupilIds: string[], ambiguous = false, start = 0): NameSpan => ({ start, end: start + text.length, text, pupilIds, kind: 'full', ambiguous });
const field = (source: MetadataNames['source'], tag: string, ...spans: NameSpan[]): MetadataNames => ({ source, tag, text: spans.map((s) => s.text).join(' '), spans });

describe('namesInMetadata', () => {
  it('maps the names in EXIF, IPTC and XMP to the pupils on the consent list', async () => {
    const { fields } = await readMetadataText(await namingJpeg(photo()));
    const found = namesInMetadata(fields, buildNameFinder(demoRoster().pupils));
    const ids = (source: string, tag: string) => [...new Set(found.filter((f) => f.source === source && f.tag === tag).flatMap((f) => f.spans.flatMap((s) => s.pupilIds)))].sort();
    expect(ids('exif', 'ImageDescription')).toEqual(['2001']);
    expect(ids('exif', 'XPComment')).toEqual(['2002']);
    expect(ids('exif', 'XPKeywords')).toEqual(['2004']);
    expect(ids('exif', 'UserComment')).toEqual(['2003']);
    expect(ids('iptc', 'Caption')).toEqual(['2001', '2002']);
    expect(ids('iptc', 'ObjectName')).toEqual(['2004']);
    expect(ids('iptc', 'Keywords')).toEqual(['2003']);
    expect(ids('iptc', 'Headline')).toEqual(['2005']);
    expect(ids('xmp', 'dc:title')).toEqual(['2001']);
    expect(ids('xmp', 'Iptc4xmpExt:PersonInImage')).toEqual(['2004']);
    expect(ids('xmp', 'mwg-rs:Regions/RegionList/Name')).toEqual(['2002', '2003']);
    expect(ids('xmp', 'MP:RegionInfo/Regions/PersonDisplayName')).toEqual(['2001']);
    expect(ids('xmp', 'lr:hierarchicalSubject')).toEqual(['2005']);
    // Fields that name nobody on the list are left out: the teacher (Artist), the by-line, the plain keyword.
    expect(found.some((f) => f.tag === 'Artist' || f.tag === 'Byline' || f.text === 'schoolreis' || f.text === 'sportdag')).toBe(false);
    // Offsets point into the field's text.
    for (const f of found) for (const s of f.spans) expect(f.text.slice(s.start, s.end)).toBe(s.text);
  });

  it('finds nothing in a photo without metadata', async () => {
    const { fields } = await readMetadataText(await photo().jpeg().toBuffer());
    expect(namesInMetadata(fields, buildNameFinder(demoRoster().pupils))).toEqual([]);
  });
});

describe('metadataNamesReport', () => {
  it('names the field and the pupils, in English and Dutch', () => {
    const found = [field('iptc', 'Caption', span('Noor Jansen', ['2001']), span('Lotte de Vries', ['2002']))];
    expect(metadataNamesReport(found, 'en')).toBe("this photo's IPTC caption named Noor Jansen and Lotte de Vries; removed");
    expect(metadataNamesReport(found, 'nl')).toBe('het IPTC-bijschrift van deze foto noemde Noor Jansen en Lotte de Vries; verwijderd');
  });

  it('lists several fields, with Dutch articles and a plural verb', () => {
    const found = [
      field('iptc', 'Caption', span('Noor', ['2001'])),
      field('xmp', 'dc:title', span('Noor Jansen', ['2001'])),
      field('xmp', 'dc:subject', span('Fenna van Dijk', ['2003'])),
      field('xmp', 'dc:subject', span('Zoë Bakker', ['2004'])),
    ];
    // Each pupil once, by the longest text that named them; each field once.
    expect(metadataNamesReport(found, 'en')).toBe("this photo's IPTC caption, XMP title and XMP keywords named Noor Jansen, Fenna van Dijk and Zoë Bakker; removed");
    expect(metadataNamesReport(found, 'nl')).toBe('het IPTC-bijschrift, de XMP-titel en de XMP-trefwoorden van deze foto noemden Noor Jansen, Fenna van Dijk en Zoë Bakker; verwijderd');
    expect(metadataNamesReport([field('xmp', 'mwg-rs:Regions/RegionList/Name', span('Lotte de Vries', ['2002']))], 'nl')).toBe('de gezichtslabels van deze foto noemden Lotte de Vries; verwijderd');
  });

  it('names the first fields and counts the rest when there are many', () => {
    const found = ['Caption', 'ObjectName', 'Headline', 'Keywords', 'Byline'].map((tag) => field('iptc', tag, span('Noor Jansen', ['2001'])));
    expect(metadataNamesReport(found, 'en')).toBe("this photo's IPTC caption, IPTC title, IPTC headline and 2 other fields named Noor Jansen; removed");
    expect(metadataNamesReport(found, 'nl')).toBe('het IPTC-bijschrift, de IPTC-titel, de IPTC-kop en 2 andere velden van deze foto noemden Noor Jansen; verwijderd');
    expect(metadataNamesReport(found.slice(0, 4), 'en')).toBe("this photo's IPTC caption, IPTC title, IPTC headline and IPTC keywords named Noor Jansen; removed");
  });

  it('sets ambiguous matches apart, and can leave out "removed"', () => {
    const found = [field('exif', 'ImageDescription', span('Noor Jansen', ['2001']), span('Daan', ['2005', '2099'], true))];
    expect(metadataNamesReport(found, 'en', { removed: false })).toBe("this photo's EXIF description named Noor Jansen and possibly Daan");
    expect(metadataNamesReport(found, 'nl', { removed: false })).toBe('de EXIF-beschrijving van deze foto noemde Noor Jansen en mogelijk Daan');
    expect(metadataNamesReport([field('exif', 'XPComment', span('Daan', ['2005'], true))], 'en')).toBe("this photo's Windows comment named possibly Daan; removed");
  });

  it('is null when no field names anyone', () => {
    expect(metadataNamesReport([], 'en')).toBeNull();
    expect(metadataNamesReport([field('iptc', 'Caption')], 'nl')).toBeNull();
  });

  it('labels unknown fields by their tag', () => {
    expect(fieldLabel('iptc', 'City')).toMatchObject({ en: 'IPTC field City', nl: 'IPTC-veld City', het: true });
    expect(fieldLabel('xmp', 'Iptc4xmpExt:PersonInImageWDetails/PersonName').en).toBe('XMP list of people shown');
  });
});
