// The service worker: creates the offscreen document and, for route "relay", passes messages on to it and its reply
// back, as ConsentGate's background does (its worker answers only the background).
const now = () => performance.timeOrigin + performance.now();
let ready = null;
function ensureOffscreen() {
  ready ??= chrome.offscreen
    .createDocument({ url: 'offscreen.html', reasons: ['BLOBS'], justification: 'benchmark: holds the photo bytes' })
    .catch((err) => {
      if (!String(err).includes('single offscreen')) throw err;
    });
  return ready;
}
ensureOffscreen();

chrome.runtime.onMessage.addListener((message, sender, reply) => {
  if (!message || message.to !== 'background') return false;
  if (message.cmd === 'ready') {
    ensureOffscreen()
      .then(() => chrome.runtime.sendMessage({ to: 'offscreen', cmd: 'ping' }))
      .then(reply, (err) => reply({ error: String(err) }));
    return true;
  }
  // Relay: the same message, now addressed to the offscreen document, with when the background had it.
  const relayedAt = now();
  chrome.runtime
    .sendMessage({ ...message, to: 'offscreen', relayedAt })
    .then((r) => reply({ ...r, backgroundSentReplyAt: now() }), (err) => reply({ error: String(err) }));
  return true;
});
