/**
 * The background's side of the inference worker: creates the one offscreen document on first use (and again if
 * it was closed), sends it jobs with a time limit, and validates every reply.
 */
import { extensionUrl } from '../platform/url';
import { browser } from 'wxt/browser';
import type { z } from 'zod';
import type { BgToOs } from '../messages/background-to-offscreen';

const OFFSCREEN_PATH = '/offscreen.html';
let creating: Promise<void> | null = null;

export async function ensureOffscreen(): Promise<void> {
  // A document being created is listed by getContexts before it has loaded: wait for the creation instead.
  if (creating) return creating;
  const url = extensionUrl(OFFSCREEN_PATH);
  const contexts = await browser.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT'], documentUrls: [url] });
  if (contexts.length > 0) return;
  creating ??= browser.offscreen
    .createDocument({
      url: OFFSCREEN_PATH,
      reasons: ['BLOBS'],
      justification: 'Runs the on-device face detector on photos before they are uploaded; reads the page’s photo from a blob: URL.',
    })
    .catch((err: unknown) => {
      // Another caller may have created it in the meantime: only one offscreen document can exist.
      if (!String(err).includes('Only a single offscreen')) throw err;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

export class WorkerError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Sends one message to the worker and parses the reply; a timeout or a malformed reply is an error. */
export async function askWorker<T>(message: BgToOs, schema: z.ZodType<T>, timeoutMs: number): Promise<T> {
  await ensureOffscreen();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WorkerError('timeout', `the face check took longer than ${Math.round(timeoutMs / 1000)} s`)), timeoutMs);
  });
  const send = async (): Promise<unknown> => {
    try {
      return await browser.runtime.sendMessage(message);
    } catch (err) {
      // The worker's listener was not there yet (or Chrome closed the document): make sure it exists, try once more.
      if (!String(err).includes('Receiving end does not exist')) throw err;
      await new Promise((r) => setTimeout(r, 200));
      await ensureOffscreen();
      return browser.runtime.sendMessage(message);
    }
  };
  try {
    const reply: unknown = await Promise.race([send(), timeout]);
    const parsed = schema.safeParse(reply);
    if (!parsed.success) throw new WorkerError('bad_message', `the inference worker sent a malformed reply (${parsed.error.issues[0]?.message ?? 'invalid'})`);
    return parsed.data;
  } finally {
    clearTimeout(timer);
  }
}
