/** The content script's typed line to the background: every request is a CsToBg message, every reply is parsed. */
import { browser } from 'wxt/browser';
import type { z } from 'zod';
import { CheckReplySchema, HelloReplySchema, KnownReplySchema, NamesReplySchema, ReleaseReplySchema, type NamesReply, type CheckReply, type HelloReply, type ReleaseReply } from '../messages/background-to-content';
import type { CsToBg } from '../messages/content-to-background';

export class GateUnavailable extends Error {}

async function ask<T>(message: CsToBg, schema: z.ZodType<T>): Promise<T> {
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage(message);
  } catch (err) {
    throw new GateUnavailable(`ConsentGate could not be reached (${err instanceof Error ? err.message : String(err)}); reload the page`);
  }
  const parsed = schema.safeParse(reply);
  if (parsed.success) return parsed.data;
  const error = (reply as { error?: unknown } | null)?.error;
  throw new GateUnavailable(typeof error === 'string' ? error : 'ConsentGate sent an unexpected reply');
}

export const hello = (): Promise<HelloReply> => ask({ type: 'cs:hello' }, HelloReplySchema);
export const check = (message: Extract<CsToBg, { type: 'cs:check' }>): Promise<CheckReply> => ask(message, CheckReplySchema);
export const release = (message: Extract<CsToBg, { type: 'cs:release' }>): Promise<ReleaseReply> => ask(message, ReleaseReplySchema);
export const names = (): Promise<NamesReply> => ask({ type: 'cs:names' }, NamesReplySchema);
export async function releasedInThisTab(sha256: string): Promise<boolean> {
  return (await ask({ type: 'cs:released?', sha256 }, KnownReplySchema)).released;
}
export function tell(message: Extract<CsToBg, { type: 'cs:fetched' | 'cs:cancel' | 'cs:blocked' | 'cs:names-removed' }>): void {
  browser.runtime.sendMessage(message).catch(() => undefined);
}
