// The offscreen document: receives the photo by each method and stamps the moment it holds the bytes (an ArrayBuffer),
// and hands back a "released" photo (photo.jpg from this extension, as an in-memory Blob) by blob: URL or data URL.
const now = () => performance.timeOrigin + performance.now();
let released = null;
const releasedReady = fetch(chrome.runtime.getURL('photo.jpg'))
  .then((r) => r.arrayBuffer())
  .then((b) => (released = new Blob([b], { type: 'image/jpeg' })));
const urls = [];

function dataUrlOf(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

async function handle(message) {
  const receivedAt = now();
  switch (message.cmd) {
    case 'ping':
      await releasedReady;
      return { ok: true, releasedBytes: released.size };
    case 'array': {
      const bytes = new Uint8Array(message.data);
      return { receivedAt, holdsAt: now(), bytes: bytes.byteLength };
    }
    case 'dataurl': {
      // Kept as the string, the bytes are not usable yet: decode them as a consumer would (fetch → ArrayBuffer).
      const buffer = await (await fetch(message.data)).arrayBuffer();
      return { receivedAt, holdsAt: now(), bytes: buffer.byteLength };
    }
    case 'blob-url': {
      const buffer = await (await fetch(message.url)).arrayBuffer();
      return { receivedAt, holdsAt: now(), bytes: buffer.byteLength };
    }
    case 'back-blob-url': {
      const url = URL.createObjectURL(new Blob([released], { type: 'image/jpeg' }));
      urls.push(url);
      return { receivedAt, url, sentAt: now() };
    }
    case 'back-data-url': {
      const dataUrl = await dataUrlOf(released);
      return { receivedAt, dataUrl, sentAt: now() };
    }
    case 'revoke':
      while (urls.length) URL.revokeObjectURL(urls.pop());
      return { ok: true };
    default:
      return { error: 'unknown command ' + message.cmd };
  }
}

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (!message || message.to !== 'offscreen') return false;
  handle(message).then(reply, (err) => reply({ error: String(err) }));
  return true;
});
