/**
 * Editors (TinyMCE, CKEditor, newsletter builders) often upload nothing: they inline a picked or pasted photo as a
 * data: URL in the HTML they later save. Such an image inside editable content counts as an upload: it goes through
 * the gate, and is replaced by the released image or removed. (The backstop stops a save that still carries it.)
 */
import type { HelloReply } from '../messages/background-to-content';
import { decodeBase64 } from './data-url';
import { gateFiles } from './gate';
import { serial } from './queue';

type Active = Extract<HelloReply, { active: true }>;

const DATA_IMAGE = /^data:(image\/[a-z0-9.+-]+);base64,/i;
/** Sources this script wrote itself (released images) or is already checking. */
const known = new Set<string>();

function editable(img: HTMLImageElement): boolean {
  const doc = img.ownerDocument;
  return doc.designMode === 'on' || img.isContentEditable || !!img.parentElement?.closest('[contenteditable]:not([contenteditable="false"])');
}

async function blobToDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

export function watchInlineImages(config: () => Promise<Active | null>): void {
  const consider = (img: HTMLImageElement): void => {
    const src = img.getAttribute('src') ?? '';
    const m = DATA_IMAGE.exec(src);
    if (!m || m[1]!.toLowerCase() === 'image/svg+xml' || known.has(src) || !editable(img)) return;
    known.add(src);
    const bytes = decodeBase64(src.slice(m[0].length));
    void serial(async () => {
      const active = await config();
      if (!active) return;
      const file = bytes ? new File([bytes as BlobPart], `inline.${m[1]!.split('/')[1] ?? 'img'}`, { type: m[1]! }) : null;
      const [released] = file ? await gateFiles([file], 'inline', active) : [];
      if (!img.isConnected) return;
      if (!released) {
        img.remove();
        return;
      }
      const url = await blobToDataUrl(released);
      known.add(url);
      img.setAttribute('src', url);
      // Editors that keep their own copy of the source (TinyMCE's data-mce-src) must see the new one too.
      if (img.hasAttribute('data-mce-src')) img.setAttribute('data-mce-src', url);
    });
  };
  const scan = (root: ParentNode): void => {
    if (root instanceof HTMLImageElement) consider(root);
    root.querySelectorAll?.('img[src^="data:"]').forEach((img) => consider(img as HTMLImageElement));
  };
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target instanceof HTMLImageElement) consider(r.target);
      for (const node of r.addedNodes) if (node instanceof Element) scan(node);
    }
  });
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
  if (document.documentElement) scan(document.documentElement);
}
