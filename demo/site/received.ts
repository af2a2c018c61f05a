/** The "Received by the server" list every page shows, so a demo makes visible what actually got uploaded. */

export interface Received {
  id: string;
  url: string;
  page: string;
  field: string;
  filename: string;
  contentType: string;
  size: number;
  text?: string;
  receivedAt: string;
}

const kb = (n: number) => (n < 1024 ? `${n} B` : `${(n / 1024).toFixed(1)} kB`);

function entry(r: Received): HTMLLIElement {
  const li = document.createElement('li');
  li.dataset.filename = r.filename;
  li.dataset.id = r.id;
  li.dataset.field = r.field;
  if (r.contentType.startsWith('image/')) {
    const img = document.createElement('img');
    img.src = r.url;
    img.alt = r.filename;
    li.append(img);
  }
  const name = document.createElement('a');
  name.href = r.url;
  name.target = '_blank';
  name.textContent = r.filename;
  const meta = document.createElement('div');
  meta.className = 'meta';
  meta.textContent = `${kb(r.size)} · ${r.field} · ${new Date(r.receivedAt).toLocaleTimeString('nl-NL')}`;
  li.append(name, meta);
  if (r.text && r.field !== 'html') {
    const text = document.createElement('div');
    text.textContent = `“${r.text}”`;
    li.append(text);
  }
  return li;
}

/** Keeps #received in sync with GET /api/uploads for one page; call refresh() right after an upload. */
export function watchReceived(page: string, list = document.getElementById('received')) {
  let shown = '';
  const refresh = async () => {
    if (!list) return;
    const all = (await fetch('/api/uploads').then((r) => r.json())) as Received[];
    const mine = all.filter((r) => r.page === page).reverse();
    const key = mine.map((r) => r.id).join();
    // Rebuilding only on change keeps thumbnails from flickering on every poll.
    if (key === shown) return;
    shown = key;
    list.replaceChildren(...mine.map(entry));
  };
  void refresh().catch(() => undefined);
  setInterval(() => void refresh().catch(() => undefined), 2000);
  return { refresh };
}
