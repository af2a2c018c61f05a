/**
 * Uploads a photo with no user file event at all (the bytes come from a fetch), so only the extension's network-level
 * backstop can see it. Results and errors are printed verbatim: tests read what the page saw.
 */
import { watchReceived } from './received';

const result = document.getElementById('result') as HTMLElement;
const received = watchReceived('backstop');

async function photoForm(): Promise<FormData> {
  const blob = await (await fetch('/samples/sample1.jpg')).blob();
  const form = new FormData();
  form.append('file', blob, 'sample1.jpg');
  return form;
}

document.getElementById('send-fetch')?.addEventListener('click', async () => {
  result.textContent = '…';
  try {
    const res = await fetch('/api/backstop/upload', { method: 'POST', body: await photoForm() });
    result.textContent = `${res.status} ${await res.text()}`;
  } catch (err) {
    result.textContent = err instanceof Error ? err.message : String(err);
  }
  void received.refresh();
});

document.getElementById('send-xhr')?.addEventListener('click', async () => {
  result.textContent = '…';
  const form = await photoForm();
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/backstop/upload');
  xhr.addEventListener('load', () => {
    result.textContent = `${xhr.status} ${xhr.responseText}`;
    void received.refresh();
  });
  xhr.addEventListener('error', () => {
    result.textContent = 'error';
  });
  xhr.send(form);
});
