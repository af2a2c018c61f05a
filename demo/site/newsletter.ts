/**
 * A newsletter editor on TinyMCE 8 configured the way many school newsletter tools are: no upload endpoint, so chosen
 * and pasted images end up inlined in the html as base64 data: URLs and leave the browser inside a JSON body.
 */
import type { Editor, TinyMCE } from 'tinymce';
import { watchReceived } from './received';

declare global {
  interface Window {
    tinymce: TinyMCE;
    __newsletter?: { editor: Editor };
  }
}

const saveButton = document.getElementById('save') as HTMLButtonElement;
const status = document.getElementById('status') as HTMLElement;
const picker = document.getElementById('image-file') as HTMLInputElement;
const received = watchReceived('newsletter');

/** The image dialog's browse button: a real file input, read into a data: URL, as TinyMCE's own example does. */
function pickImage(done: (url: string, meta?: Record<string, string>) => void): void {
  picker.onchange = () => {
    const file = picker.files?.[0];
    picker.value = '';
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => done(String(reader.result), { title: file.name, alt: '' });
    reader.readAsDataURL(file);
  };
  picker.click();
}

const [editor] = await window.tinymce.init({
  selector: '#content',
  license_key: 'gpl',
  base_url: '/tinymce',
  suffix: '.min',
  plugins: 'image lists link',
  toolbar: 'undo redo | blocks | bold italic | bullist numlist | link image',
  menubar: false,
  promotion: false,
  branding: false,
  height: 420,
  paste_data_images: true,
  automatic_uploads: false,
  image_caption: true,
  images_file_types: 'jpg,jpeg,png,gif,webp',
  file_picker_types: 'image',
  file_picker_callback: (done) => pickImage(done),
});
if (!editor) throw new Error('TinyMCE did not start');

saveButton.addEventListener('click', async () => {
  saveButton.disabled = true;
  status.textContent = 'Bezig met opslaan…';
  try {
    const res = await fetch('/api/newsletter/save', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ html: editor.getContent() }),
    });
    if (!res.ok) throw new Error(`server antwoordde ${res.status}`);
    status.textContent = 'Opgeslagen.';
  } catch (err) {
    status.textContent = `Opslaan mislukt: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    saveButton.disabled = false;
    void received.refresh();
  }
});

saveButton.disabled = false;
window.__newsletter = { editor };
document.body.dataset.ready = '1';
