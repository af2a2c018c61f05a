/**
 * Running code in an extension's content-script world (the isolated world Chromium gives each extension), the way
 * DevTools does: CDP's Runtime domain lists every execution context of the page; the extension's is the isolated one
 * whose origin is chrome-extension://… and whose name is the extension's name. Code evaluated there shares the
 * content script's globals (chrome.*, createImageBitmap, …), which is how the benchmark times the gate from inside.
 */
import type { CDPSession, Page } from 'playwright-core';

interface ContextDescription {
  id: number;
  origin: string;
  name: string;
  auxData?: { type?: string; isDefault?: boolean; frameId?: string };
}

export class ContentWorld {
  private readonly contexts = new Map<number, ContextDescription>();

  private constructor(
    readonly page: Page,
    readonly cdp: CDPSession,
    private readonly extensionName: string,
  ) {
    cdp.on('Runtime.executionContextCreated', (e: { context: ContextDescription }) => this.contexts.set(e.context.id, e.context));
    cdp.on('Runtime.executionContextDestroyed', (e: { executionContextId: number }) => this.contexts.delete(e.executionContextId));
    cdp.on('Runtime.executionContextsCleared', () => this.contexts.clear());
  }

  /** Attach before navigating: the content script's context is announced when the document starts. */
  static async attach(page: Page, extensionName: string): Promise<ContentWorld> {
    const cdp = await page.context().newCDPSession(page);
    const world = new ContentWorld(page, cdp, extensionName);
    await cdp.send('Runtime.enable');
    return world;
  }

  /** The extension's isolated world in the page's main frame (waits for it up to `timeoutMs`). */
  async contextId(timeoutMs = 10_000): Promise<number> {
    const mainFrame = (await this.cdp.send('Page.getFrameTree')).frameTree.frame.id;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const c of this.contexts.values()) {
        if (c.auxData?.type === 'isolated' && c.origin.startsWith('chrome-extension://') && c.name === this.extensionName && c.auxData.frameId === mainFrame) return c.id;
      }
      if (Date.now() > deadline) throw new Error(`no content-script world of "${this.extensionName}" in ${this.page.url()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Evaluates `expression` in the content-script world; awaits a returned promise; returns the value as JSON. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result, exceptionDetails } = (await this.cdp.send('Runtime.evaluate', {
      contextId: await this.contextId(),
      expression,
      awaitPromise: true,
      returnByValue: true,
    })) as { result: { value: T }; exceptionDetails?: { exception?: { description?: string }; text?: string } };
    if (exceptionDetails) throw new Error(`in the content-script world: ${exceptionDetails.exception?.description ?? exceptionDetails.text ?? 'error'}`);
    return result.value;
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}

/** Wall-clock milliseconds with sub-ms resolution; a page computes the same as performance.timeOrigin + now(). */
export const epochNow = (): number => performance.timeOrigin + performance.now();
