/** What the demo site received: every uploaded file's bytes on disk plus a record tests can inspect. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type UploadPage = 'cms' | 'composer' | 'newsletter' | 'backstop';

export interface UploadRecord {
  page: UploadPage;
  field: string;
  filename: string;
  contentType: string;
  size: number;
  /** Absolute path of the stored bytes. */
  path: string;
  /** The composer's post text, or the newsletter's html. */
  text?: string;
  receivedAt: string;
}

/** A record as the pages see it in GET /api/uploads: with the id and the URL that serves its bytes. */
export interface StoredUpload extends UploadRecord {
  id: string;
  url: string;
}

/** Keeps the name readable in URLs and on disk, and never lets it leave its folder. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^\w.\- ]+/g, '_').replace(/^\.+/, '').trim();
  return clean.slice(0, 120) || 'upload.bin';
}

export class UploadStore {
  readonly records: StoredUpload[] = [];

  constructor(readonly dir: string) {}

  async save(page: UploadPage, field: string, filename: string, contentType: string, bytes: Uint8Array, text?: string): Promise<StoredUpload> {
    // Zero-padded so the folders sort in arrival order.
    const id = String(this.records.length + 1).padStart(4, '0');
    const name = safeFilename(filename);
    const folder = join(this.dir, id);
    await mkdir(folder, { recursive: true });
    const path = join(folder, name);
    await writeFile(path, bytes);
    const record: StoredUpload = {
      id,
      url: `/uploads/${id}/${encodeURIComponent(name)}`,
      page,
      field,
      filename: name,
      contentType: contentType || 'application/octet-stream',
      size: bytes.byteLength,
      path,
      ...(text === undefined ? {} : { text }),
      receivedAt: new Date().toISOString(),
    };
    this.records.push(record);
    return record;
  }

  find(id: string, filename: string): StoredUpload | undefined {
    return this.records.find((r) => r.id === id && r.filename === filename);
  }

  /** The records without the site-internal id and url, as the exported API promises. */
  plain(): UploadRecord[] {
    return this.records.map(({ id: _id, url: _url, ...rest }) => rest);
  }
}

const EXT: Record<string, string> = { jpeg: 'jpg', 'svg+xml': 'svg', 'x-icon': 'ico' };

/** The base64 `data:image/…` URLs in a page of html, decoded, in document order. */
export function dataImages(html: string): { contentType: string; ext: string; bytes: Uint8Array }[] {
  const found = [];
  for (const m of html.matchAll(/data:(image\/([a-z0-9.+-]+));base64,([a-z0-9+/=\s]+)/gi)) {
    const [, contentType = '', subtype = '', b64 = ''] = m;
    const sub = subtype.toLowerCase();
    found.push({ contentType: contentType.toLowerCase(), ext: EXT[sub] ?? sub.replace(/[^a-z0-9]/g, ''), bytes: new Uint8Array(Buffer.from(b64.replace(/\s+/g, ''), 'base64')) });
  }
  return found;
}
