/**
 * Catches photos where they enter the page: a file input's `input`/`change`, `drop` and `paste`, in the capture
 * phase at the window, before any page handler. The page's event is stopped and the input emptied at once; after
 * the review the page gets the released files through the same input or event path (plupload, React and editors
 * carry on as usual), or nothing.
 */
import type { HelloReply } from '../messages/background-to-content';
import { gateFiles, type Via } from './gate';
import { mediaKind } from './media';
import { serial } from './queue';

type Active = Extract<HelloReply, { active: true }>;

/** Events this script dispatched itself, which it must let through. */
const ours = new WeakSet<Event>();
/** Inputs whose `input` event was caught, so the `change` that follows is swallowed too. */
const caughtInputs = new WeakSet<HTMLInputElement>();

function hasMedia(files: FileList | null | undefined): files is FileList {
  return !!files && Array.from(files).some((f) => mediaKind(f) !== null);
}

function stop(event: Event): void {
  event.preventDefault();
  event.stopImmediatePropagation();
}

function fileList(files: readonly File[]): DataTransfer {
  const transfer = new DataTransfer();
  for (const f of files) transfer.items.add(f);
  return transfer;
}

/** Remembers where the caret was, so a paste or drop lands where the uploader meant it after the review. */
function saveSelection(doc: Document): () => void {
  const active = doc.activeElement as HTMLElement | null;
  const selection = doc.getSelection();
  const ranges = selection ? Array.from({ length: selection.rangeCount }, (_, i) => selection.getRangeAt(i).cloneRange()) : [];
  return () => {
    active?.focus?.({ preventScroll: true });
    if (selection && ranges.length > 0) {
      selection.removeAllRanges();
      for (const r of ranges) selection.addRange(r);
    }
  };
}

export function installCapture(config: () => Promise<Active | null>): void {
  const onFileInput = (event: Event): void => {
    const input = event.target;
    if (ours.has(event) || !(input instanceof HTMLInputElement) || input.type !== 'file') return;
    if (event.type === 'change' && caughtInputs.has(input)) {
      caughtInputs.delete(input);
      stop(event);
      return;
    }
    if (!hasMedia(input.files)) return;
    stop(event);
    const files = Array.from(input.files);
    // The page must never read the originals: empty the input now, before any other script runs.
    input.value = '';
    if (event.type === 'input') caughtInputs.add(input);
    void serial(async () => {
      const active = await config();
      const released = active ? await gateFiles(files, 'input', active) : files;
      if (released.length === 0) return;
      input.files = fileList(released).files;
      for (const type of ['input', 'change']) {
        const replay = new Event(type, { bubbles: true });
        ours.add(replay);
        input.dispatchEvent(replay);
      }
    });
  };

  const onTransfer = (event: DragEvent | ClipboardEvent): void => {
    if (ours.has(event)) return;
    const transfer = event instanceof DragEvent ? event.dataTransfer : event.clipboardData;
    if (!hasMedia(transfer?.files)) return;
    stop(event);
    const files = Array.from(transfer!.files);
    // Text that came with the files (a pasted caption, HTML around a pasted image) goes back with them.
    const strings = Array.from(transfer!.types)
      .filter((t) => t !== 'Files')
      .map((t) => [t, transfer!.getData(t)] as const);
    const target = event.target instanceof Node ? event.target : document.body;
    const restore = saveSelection(target.ownerDocument ?? document);
    const point = event instanceof DragEvent ? { clientX: event.clientX, clientY: event.clientY, screenX: event.screenX, screenY: event.screenY } : {};
    const via: Via = event.type === 'drop' ? 'drop' : 'paste';
    void serial(async () => {
      const active = await config();
      const released = active ? await gateFiles(files, via, active) : files;
      if (released.length === 0 && strings.length === 0) return;
      const data = fileList(released);
      for (const [type, value] of strings) data.setData(type, value);
      restore();
      const init = { bubbles: true, cancelable: true, composed: true };
      const replay = via === 'drop' ? new DragEvent('drop', { ...init, ...point, dataTransfer: data }) : new ClipboardEvent('paste', { ...init, clipboardData: data });
      ours.add(replay);
      (target.isConnected ? target : document.body).dispatchEvent(replay);
    });
  };

  window.addEventListener('input', onFileInput, true);
  window.addEventListener('change', onFileInput, true);
  window.addEventListener('drop', onTransfer as EventListener, true);
  window.addEventListener('paste', onTransfer as EventListener, true);
}
