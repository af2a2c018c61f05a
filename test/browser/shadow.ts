/**
 * The review lives in a CLOSED shadow root (page scripts must not read pupils' names from it), which Playwright's
 * selectors do not enter. Tests reach it like a debugger does: CDP's DOM domain with `pierce: true`, then call
 * functions on the resolved nodes. Clicks are real DOM events, so the panel's handlers run as for a user.
 */
import type { CDPSession, Page } from 'playwright-core';

interface CdpNode {
  nodeId: number;
  localName?: string;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

export class ShadowPanel {
  private constructor(
    private readonly page: Page,
    private readonly cdp: CDPSession,
    private readonly host: string,
  ) {}

  static async open(page: Page, host = 'consent-gate-review'): Promise<ShadowPanel> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    return new ShadowPanel(page, cdp, host);
  }

  /** Node ids of elements matching `selector` inside every open or closed shadow root of a host element. */
  private async find(selector: string): Promise<number[]> {
    const { root } = (await this.cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const roots: number[] = [];
    const walk = (node: CdpNode): void => {
      if (node.localName === this.host) for (const r of node.shadowRoots ?? []) roots.push(r.nodeId);
      for (const child of node.children ?? []) walk(child);
      for (const r of node.shadowRoots ?? []) walk(r);
      if (node.contentDocument) walk(node.contentDocument);
    };
    walk(root);
    const ids: number[] = [];
    for (const nodeId of roots) {
      try {
        const { nodeIds } = (await this.cdp.send('DOM.querySelectorAll', { nodeId, selector })) as { nodeIds: number[] };
        ids.push(...nodeIds);
      } catch (err) {
        // The panel changed (or closed) between reading the tree and querying it: read it again.
        if (!String(err).includes('Could not find node')) throw err;
        return this.find(selector);
      }
    }
    return ids;
  }

  async count(selector: string): Promise<number> {
    return (await this.find(selector)).length;
  }

  async waitFor(selector: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.find(selector)).length === 0) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${selector} in the review panel; panel text: ${await this.text('*').catch(() => '?')}`);
      await this.page.waitForTimeout(50);
    }
  }

  async waitGone(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await this.find('*')).length > 0) {
      if (Date.now() > deadline) throw new Error('the review panel did not close');
      await this.page.waitForTimeout(50);
    }
  }

  /** Runs `fn` with the nth matching element as `this`; returns its (JSON) result. */
  async call<T>(selector: string, fn: string, args: unknown[] = [], nth = 0): Promise<T> {
    const ids = await this.find(selector);
    const nodeId = ids[nth];
    if (nodeId === undefined) throw new Error(`no element ${selector} (#${nth}) in the review panel`);
    const { object } = (await this.cdp.send('DOM.resolveNode', { nodeId })) as { object: { objectId: string } };
    const { result, exceptionDetails } = (await this.cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: fn,
      arguments: args.map((value) => ({ value })),
      returnByValue: true,
      awaitPromise: true,
    })) as { result: { value: T }; exceptionDetails?: unknown };
    if (exceptionDetails) throw new Error(`in the review panel: ${JSON.stringify(exceptionDetails)}`);
    return result.value;
  }

  click(selector: string, nth = 0): Promise<void> {
    return this.call(selector, 'function () { this.scrollIntoView({ block: "center" }); this.click(); }', [], nth);
  }

  text(selector: string, nth = 0): Promise<string> {
    return this.call(selector, 'function () { return this.textContent ?? ""; }', [], nth);
  }

  /** Types into an input the way a user does: value set, then an input event. */
  fill(selector: string, value: string, nth = 0): Promise<void> {
    return this.call(
      selector,
      'function (v) { this.focus(); this.value = v; this.dispatchEvent(new Event("input", { bubbles: true })); this.dispatchEvent(new Event("change", { bubbles: true })); }',
      [value],
      nth,
    );
  }

  /** Index of the first element matching `selector` whose text contains `text`, or -1. */
  async indexWithText(selector: string, text: string): Promise<number> {
    const n = await this.count(selector);
    for (let i = 0; i < n; i++) if ((await this.text(selector, i)).includes(text)) return i;
    return -1;
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}
