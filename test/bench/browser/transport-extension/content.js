// The content script: sends the picked photo (the page's <input type=file id=file>) to the offscreen document by
// each method and back, timing it. Every stamp is wall-clock ms (performance.timeOrigin + now()), comparable across
// the extension's processes. `syncMs` adds up the synchronous sections of this script's own code; `maxGapMs` is the
// longest the page's main thread was busy as seen by a setTimeout(0) ticker running meanwhile (it also catches work
// outside this script's code, such as deserialising a reply); `longTasks` counts 'longtask' entries meanwhile.
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const send = (message) => chrome.runtime.sendMessage(message);

  function ticker() {
    let last = now();
    let maxGap = 0;
    let stopped = false;
    const tick = () => {
      const t = now();
      maxGap = Math.max(maxGap, t - last);
      last = t;
      if (!stopped) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
    return () => {
      stopped = true;
      return Math.max(maxGap, now() - last);
    };
  }

  function longTasks() {
    const seen = [];
    let observer = null;
    try {
      observer = new PerformanceObserver((list) => seen.push(...list.getEntries().map((e) => e.duration)));
      observer.observe({ type: 'longtask' });
    } catch (e) {}
    return () => {
      if (observer) {
        seen.push(...observer.takeRecords().map((e) => e.duration));
        observer.disconnect();
      }
      return seen;
    };
  }

  function dataUrlOf(blob) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  function file() {
    const f = document.getElementById('file').files[0];
    if (!f) throw new Error('no file picked');
    return f;
  }

  const address = (route) => (route === 'relay' ? 'background' : 'offscreen');

  const methods = {
    // (a) the bytes as a plain array of numbers (JSON)
    async array(route, timed) {
      const buffer = await file().arrayBuffer();
      const data = timed(() => Array.from(new Uint8Array(buffer)));
      return await timed(() => send({ to: address(route), cmd: 'array', data }));
    },
    // (b) a base64 data URL string
    async dataurl(route, timed) {
      const data = await dataUrlOf(file());
      return await timed(() => send({ to: address(route), cmd: 'dataurl', data }));
    },
    // (c) a downscaled copy: 1280 px wide bitmap → OffscreenCanvas → JPEG → data URL
    async downscaled(route, timed) {
      const bitmap = await createImageBitmap(file(), { resizeWidth: 1280, resizeQuality: 'medium' });
      const blob = await timed(() => {
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        canvas.getContext('2d').drawImage(bitmap, 0, 0);
        bitmap.close();
        return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
      });
      const data = await dataUrlOf(blob);
      const reply = await timed(() => send({ to: address(route), cmd: 'dataurl', data }));
      return { ...reply, sentBytes: blob.size };
    },
    // (d) a blob: URL made here, fetched by the offscreen document (ConsentGate's way)
    async 'blob-url'(route, timed) {
      const url = timed(() => URL.createObjectURL(file()));
      try {
        return await timed(() => send({ to: address(route), cmd: 'blob-url', url }));
      } finally {
        URL.revokeObjectURL(url);
      }
    },
    // (e) back: a blob:chrome-extension:// URL made in the offscreen document, fetched here (ConsentGate's way)
    async 'back-blob-url'(route, timed) {
      const reply = await timed(() => send({ to: address(route), cmd: 'back-blob-url' }));
      const blob = await (await timed(() => fetch(reply.url))).blob();
      const holdsAt = now();
      // A Blob from fetch may still be a handle; reading it shows when the bytes are really here.
      const bytes = (await blob.arrayBuffer()).byteLength;
      return { ...reply, url: undefined, holdsAt, readAt: now(), bytes };
    },
    // (f) back: a data URL in the reply message
    async 'back-data-url'(route, timed) {
      const reply = await timed(() => send({ to: address(route), cmd: 'back-data-url' }));
      const gotAt = now();
      const blob = await (await timed(() => fetch(reply.dataUrl))).blob();
      const holdsAt = now();
      const bytes = (await blob.arrayBuffer()).byteLength;
      return { ...reply, dataUrl: undefined, dataUrlChars: reply.dataUrl.length, gotAt, holdsAt, readAt: now(), bytes };
    },
  };

  globalThis.__transport = {
    ready: () => send({ to: 'background', cmd: 'ready' }),
    fileSize: () => file().size,
    async measure(method, route) {
      let syncMs = 0;
      const timed = (fn) => {
        const t = now();
        try {
          return fn();
        } finally {
          syncMs += now() - t;
        }
      };
      const stopTicker = ticker();
      const stopLong = longTasks();
      const startAt = now();
      const result = await methods[method](route, timed);
      const endAt = now();
      // Let the ticker see the task that delivered the last reply.
      await new Promise((r) => setTimeout(r, 20));
      const maxGapMs = stopTicker();
      const long = stopLong();
      if (result && result.error) throw new Error(result.error);
      if (method.startsWith('back-')) await send({ to: address(route), cmd: 'revoke' });
      return { ...result, method, route, startAt, endAt, syncMs, maxGapMs, longTasks: long };
    },
  };
})();
