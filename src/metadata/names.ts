/** Pupils' names in a photo's metadata, and the one line that tells the uploader about them. */
import type { NameFinder, NameSpan } from '../names';
import type { MetadataField, MetadataSource } from './read';

export interface MetadataNames {
  source: MetadataSource;
  tag: string;
  text: string;
  /** Offsets into `text`. */
  spans: NameSpan[];
}

/** The fields that name pupils on the consent list, each with the names found in it; fields without names are left out. */
export function namesInMetadata(fields: readonly MetadataField[], finder: NameFinder, options: { channel?: string } = {}): MetadataNames[] {
  const found: MetadataNames[] = [];
  for (const field of fields) {
    const spans = finder.find(field.text, options.channel === undefined ? undefined : { channel: options.channel });
    if (spans.length > 0) found.push({ source: field.source, tag: field.tag, text: field.text, spans });
  }
  return found;
}

export type ReportLang = 'nl' | 'en';

interface Label {
  en: string;
  nl: string;
  /** Dutch article: "het bijschrift", "de titel". */
  het?: true;
  /** Dutch plural subject ("de trefwoorden noemden"). */
  plural?: true;
}

const EXIF_LABELS: Record<string, Label> = {
  ImageDescription: { en: 'EXIF description', nl: 'EXIF-beschrijving' },
  Artist: { en: 'EXIF artist', nl: 'EXIF-maker' },
  Copyright: { en: 'EXIF copyright', nl: 'EXIF-copyright', het: true },
  UserComment: { en: 'EXIF comment', nl: 'EXIF-opmerking' },
  XPTitle: { en: 'Windows title', nl: 'Windows-titel' },
  XPComment: { en: 'Windows comment', nl: 'Windows-opmerking' },
  XPSubject: { en: 'Windows subject', nl: 'Windows-onderwerp', het: true },
  XPKeywords: { en: 'Windows tags', nl: 'Windows-labels', plural: true },
  XPAuthor: { en: 'Windows author', nl: 'Windows-auteur' },
  OwnerName: { en: 'camera owner', nl: 'camera-eigenaar' },
  ImageTitle: { en: 'EXIF title', nl: 'EXIF-titel' },
  Photographer: { en: 'EXIF photographer', nl: 'EXIF-fotograaf' },
};

const IPTC_LABELS: Record<string, Label> = {
  Caption: { en: 'IPTC caption', nl: 'IPTC-bijschrift', het: true },
  LocalCaption: { en: 'IPTC caption', nl: 'IPTC-bijschrift', het: true },
  ObjectName: { en: 'IPTC title', nl: 'IPTC-titel' },
  Headline: { en: 'IPTC headline', nl: 'IPTC-kop' },
  Keywords: { en: 'IPTC keywords', nl: 'IPTC-trefwoorden', plural: true },
  Byline: { en: 'IPTC byline', nl: 'IPTC-maker' },
  Writer: { en: 'IPTC caption writer', nl: 'IPTC-bijschriftschrijver' },
};

/** XMP labels by property; structures (face regions) by the property they start at. */
const XMP_LABELS: [RegExp, Label][] = [
  [/^dc:title$/, { en: 'XMP title', nl: 'XMP-titel' }],
  [/^dc:description$/, { en: 'XMP description', nl: 'XMP-beschrijving' }],
  [/^dc:subject$/, { en: 'XMP keywords', nl: 'XMP-trefwoorden', plural: true }],
  [/^dc:creator$/, { en: 'XMP creator', nl: 'XMP-maker' }],
  [/^photoshop:Headline$/, { en: 'XMP headline', nl: 'XMP-kop' }],
  [/^Iptc4xmpExt:PersonInImage/, { en: 'XMP list of people shown', nl: 'XMP-lijst van afgebeelde personen' }],
  [/^mwg-rs:/, { en: 'face tags', nl: 'gezichtslabels', plural: true }],
  [/^MP:RegionInfo/, { en: 'Windows people tags', nl: 'Windows-personenlabels', plural: true }],
  [/^lr:hierarchicalSubject$/, { en: 'Lightroom keywords', nl: 'Lightroom-trefwoorden', plural: true }],
];

const SOURCE_NAMES: Record<MetadataSource, string> = { exif: 'EXIF', iptc: 'IPTC', xmp: 'XMP' };

/** How a field is called in the report ("IPTC caption" / "IPTC-bijschrift"). */
export function fieldLabel(source: MetadataSource, tag: string): Label {
  const known = source === 'exif' ? EXIF_LABELS[tag] : source === 'iptc' ? IPTC_LABELS[tag] : XMP_LABELS.find(([re]) => re.test(tag))?.[1];
  return known ?? { en: `${SOURCE_NAMES[source]} field ${tag}`, nl: `${SOURCE_NAMES[source]}-veld ${tag}`, het: true };
}

const MAX_LABELS = 4;

const list = (items: readonly string[], and: string) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${and} ${items.at(-1)}`);

/**
 * One line for the uploader: "this photo's IPTC caption named Noor Jansen and Lotte de Vries; removed" /
 * "het IPTC-bijschrift van deze foto noemde Noor Jansen en Lotte de Vries; verwijderd". Each pupil is named once, by
 * the longest text that named them; ambiguous matches follow as "possibly …". Null when no field names anyone.
 */
export function metadataNamesReport(found: readonly MetadataNames[], lang: ReportLang, options: { removed?: boolean } = {}): string | null {
  const labels = new Map<string, Label>();
  const names = new Map<string, { text: string; ambiguous: boolean }>();
  for (const field of found) {
    if (field.spans.length === 0) continue;
    const label = fieldLabel(field.source, field.tag);
    labels.set(label.en, label);
    for (const span of field.spans) {
      const text = span.text.replace(/\s+/g, ' ').trim();
      const key = span.pupilIds.length > 0 ? [...span.pupilIds].sort().join('\n') : text.toLocaleLowerCase();
      const seen = names.get(key);
      if (!seen) names.set(key, { text, ambiguous: span.ambiguous });
      else {
        if (text.length > seen.text.length) seen.text = text;
        seen.ambiguous &&= span.ambiguous;
      }
    }
  }
  if (labels.size === 0) return null;
  const unique = (items: string[]) => [...new Set(items)];
  const sure = unique([...names.values()].filter((n) => !n.ambiguous).map((n) => n.text));
  const maybe = unique([...names.values()].filter((n) => n.ambiguous).map((n) => n.text)).filter((t) => !sure.includes(t));
  const all = [...labels.values()];
  // A photo tagged in every tool names a dozen fields: the first few are enough to find them, the count says the rest.
  const shown = all.length > MAX_LABELS ? all.slice(0, MAX_LABELS - 1) : all;
  const others = all.length - shown.length;
  const removed = options.removed ?? true;
  if (lang === 'nl') {
    const who = [list(sure, 'en'), maybe.length > 0 ? `mogelijk ${list(maybe, 'en')}` : ''].filter(Boolean).join(' en ');
    const subject = list([...shown.map((l) => `${l.het ? 'het' : 'de'} ${l.nl}`), ...(others > 0 ? [`${others} andere velden`] : [])], 'en');
    const verb = all.length > 1 || all[0]!.plural ? 'noemden' : 'noemde';
    return `${subject} van deze foto ${verb} ${who}${removed ? '; verwijderd' : ''}`;
  }
  const who = [list(sure, 'and'), maybe.length > 0 ? `possibly ${list(maybe, 'and')}` : ''].filter(Boolean).join(' and ');
  const subject = list([...shown.map((l) => l.en), ...(others > 0 ? [`${others} other fields`] : [])], 'and');
  return `this photo's ${subject} named ${who}${removed ? '; removed' : ''}`;
}
