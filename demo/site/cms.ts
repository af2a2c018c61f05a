/**
 * A WordPress-like media uploader (plupload's html5 runtime): a hidden file input behind a button, a drop zone, and
 * one XMLHttpRequest per file with `async-upload` and `name`, as wp-admin/async-upload.php expects.
 */
import { watchReceived } from './received';

const input = document.getElementById('file') as HTMLInputElement;
const zone = document.getElementById('dropzone') as HTMLElement;
const progressList = document.getElementById('progress') as HTMLUListElement;
const received = watchReceived('cms');

function upload(file: File): void {
  const row = document.createElement('li');
  const bar = Object.assign(document.createElement('progress'), { max: 100, value: 0 });
  const label = document.createElement('span');
  label.textContent = file.name;
  const status = document.createElement('span');
  status.className = 'status';
  row.dataset.filename = file.name;
  row.append(label, bar, status);
  progressList.append(row);

  const form = new FormData();
  form.append('name', file.name);
  form.append('async-upload', file, file.name);
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/cms/upload');
  xhr.upload.addEventListener('progress', (e) => {
    if (e.lengthComputable) bar.value = Math.round((e.loaded / e.total) * 100);
  });
  xhr.addEventListener('load', () => {
    bar.value = 100;
    status.textContent = xhr.status === 200 ? 'geüpload' : `fout ${xhr.status}`;
    row.dataset.state = xhr.status === 200 ? 'done' : 'error';
    void received.refresh();
  });
  xhr.addEventListener('error', () => {
    status.textContent = 'upload mislukt';
    row.dataset.state = 'error';
  });
  xhr.send(form);
}

// Files are read inside the event handlers, as real uploaders do: that is the moment an extension must act on.
document.getElementById('pick')?.addEventListener('click', () => input.click());
input.addEventListener('change', () => {
  for (const file of Array.from(input.files ?? [])) upload(file);
  input.value = '';
});
zone.addEventListener('dragover', (e) => {
  e.preventDefault();
  zone.classList.add('over');
});
zone.addEventListener('dragleave', () => zone.classList.remove('over'));
zone.addEventListener('drop', (e) => {
  e.preventDefault();
  zone.classList.remove('over');
  for (const file of Array.from(e.dataTransfer?.files ?? [])) upload(file);
});
