/**
 * Editors (TinyMCE, CKEditor, newsletter builders) often upload nothing: they inline a picked or pasted photo in the
 * HTML they later save, as a data: URL (or, while editing, a blob: URL that becomes one on save, as TinyMCE does).
 * Such an image inside editable content counts as an upload: unless it is a file the gate already released, it goes
 * through the gate and is replaced by the released image or removed. (The backstop stops a save that still carries
 * an unchecked one.)
 */
import type { HelloReply } from '../messages/background-to-content';
import { sha256Hex } from '../platform/hash';
import { releasedInThisTab } from './client';
import { gateFiles, releasedHashes } from './gate';
import { serial } from './queue';

type Active = Extract<HelloReply, { active: true }>;

const INLINE_SOURCE = /^(data:image\/|blob:)/i;
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

async function readSource(src: string): Promise<Blob | null> {
  try {
    const response = await fetch(src);
    return response.ok ? await response.blob() : null;
  } catch {
    return null;
  }
}

export function watchInlineImages(config: () => Promise<Active | null>): void {
  const consider = (img: HTMLImageElement): void => {
    const src = img.getAttribute('src') ?? '';
    if (!INLINE_SOURCE.test(src) || known.has(src) || !editable(img)) return;
    known.add(src);
    void serial(async () => {
      const active = await config();
      if (!active) return;
      const blob = await readSource(src);
      if (blob && blob.type === 'image/svg+xml') return;
      if (blob) {
        const hash = await sha256Hex(await blob.arrayBuffer());
        // Released here, or in another frame of this tab (an editor's dialog in the top frame, its body in an iframe).
        if (releasedHashes.has(hash) || (await releasedInThisTab(hash).catch(() => false))) return;
      }
      const type = blob?.type || /^data:(image\/[a-z0-9.+-]+)/i.exec(src)?.[1] || 'image/jpeg';
      const file = blob ? new File([blob], `inline.${type.split('/')[1] ?? 'img'}`, { type }) : null;
      // An inline image that cannot even be read is removed: it cannot be checked.
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
    root.querySelectorAll?.('img').forEach((img) => consider(img));
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
