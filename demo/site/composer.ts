/**
 * A Facebook-like post composer on the real Lexical editor. Facebook handles pasted and dropped photos in Lexical
 * commands rather than in plain DOM listeners, so that is where this page handles them too: an extension has to cope
 * with files read from clipboardData / dataTransfer inside an editor framework's handler.
 */
import {
  $createParagraphNode,
  $getRoot,
  COMMAND_PRIORITY_HIGH,
  DRAGOVER_COMMAND,
  DROP_COMMAND,
  PASTE_COMMAND,
  createEditor,
  type LexicalEditor,
} from 'lexical';
import { registerPlainText } from '@lexical/plain-text';
import { mergeRegister } from '@lexical/utils';
import { watchReceived } from './received';

declare global {
  interface Window {
    __composer?: { editor: LexicalEditor; attachments(): File[] };
  }
}

const root = document.getElementById('editor') as HTMLElement;
const input = document.getElementById('file') as HTMLInputElement;
const tray = document.getElementById('tray') as HTMLElement;
const postButton = document.getElementById('post') as HTMLButtonElement;
const status = document.getElementById('status') as HTMLElement;
const placeholder = document.getElementById('placeholder') as HTMLElement;
const received = watchReceived('composer');

const attachments: File[] = [];
const isMedia = (f: File) => f.type.startsWith('image/') || f.type.startsWith('video/');

function attach(files: FileList | File[] | null | undefined): number {
  const media = Array.from(files ?? []).filter(isMedia);
  for (const file of media) {
    attachments.push(file);
    const item = document.createElement('figure');
    item.dataset.filename = file.name;
    item.style.margin = '0';
    const url = URL.createObjectURL(file);
    const thumb = file.type.startsWith('image/') ? Object.assign(document.createElement('img'), { src: url, alt: file.name }) : Object.assign(document.createElement('video'), { src: url, muted: true });
    thumb.title = 'Klik om te verwijderen';
    thumb.addEventListener('click', () => {
      attachments.splice(attachments.indexOf(file), 1);
      URL.revokeObjectURL(url);
      item.remove();
    });
    item.append(thumb);
    tray.append(item);
  }
  return media.length;
}

const editor = createEditor({
  namespace: 'consentgate-demo-composer',
  onError: (error) => console.error(error),
});
editor.setRootElement(root);

const clearText = () =>
  editor.update(() => {
    $getRoot().clear().append($createParagraphNode());
  });

mergeRegister(
  registerPlainText(editor),
  // Files win over text: a paste with photos attaches them; a paste without falls through to plain-text's handler.
  editor.registerCommand(
    PASTE_COMMAND,
    (event) => {
      const files = event instanceof ClipboardEvent ? event.clipboardData?.files : null;
      if (!files || !Array.from(files).some(isMedia)) return false;
      event.preventDefault();
      attach(files);
      return true;
    },
    COMMAND_PRIORITY_HIGH,
  ),
  editor.registerCommand(
    DRAGOVER_COMMAND,
    (event) => {
      if (!event.dataTransfer?.types.includes('Files')) return false;
      event.preventDefault(); // without this the browser will not fire drop
      return true;
    },
    COMMAND_PRIORITY_HIGH,
  ),
  editor.registerCommand(
    DROP_COMMAND,
    (event) => {
      const files = event.dataTransfer?.files;
      if (!files || !Array.from(files).some(isMedia)) return false;
      event.preventDefault();
      attach(files);
      return true;
    },
    COMMAND_PRIORITY_HIGH,
  ),
  editor.registerTextContentListener((text) => {
    placeholder.hidden = text.length > 0;
  }),
);
clearText();

document.getElementById('photo')?.addEventListener('click', () => input.click());
input.addEventListener('change', () => {
  attach(input.files);
  input.value = '';
});

postButton.addEventListener('click', async () => {
  const text = editor.getEditorState().read(() => $getRoot().getTextContent());
  if (!text.trim() && !attachments.length) return;
  const form = new FormData();
  form.append('text', text);
  for (const file of attachments) form.append('photo', file, file.name);
  postButton.disabled = true;
  status.textContent = 'Bezig met plaatsen…';
  try {
    const res = await fetch('/api/composer/post', { method: 'POST', body: form });
    if (!res.ok) throw new Error(`server antwoordde ${res.status}`);
    status.textContent = 'Geplaatst.';
    clearText();
    attachments.length = 0;
    for (const media of tray.querySelectorAll<HTMLImageElement | HTMLVideoElement>('img, video')) URL.revokeObjectURL(media.src);
    tray.replaceChildren();
  } catch (err) {
    status.textContent = `Plaatsen mislukt: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    postButton.disabled = false;
    void received.refresh();
  }
});

window.__composer = { editor, attachments: () => [...attachments] };
