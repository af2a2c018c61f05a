/**
 * The review panel in a real Chromium, on a page with a strict CSP and hostile CSS: mounted from a bundle of
 * src/review/mount.ts, driven with real mouse and keyboard events, screenshots in /tmp/review-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewDecision, ReviewInput, ReviewPupil } from '../../src/review/model';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE, launchChromium, type Launched } from './chromium';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'node_modules/@vladmandic/face-api/demo/sample1.jpg');
const ORIGIN = 'http://school.test';
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'";

/** Runs in the page. Records the (closed) shadow root so the test can find elements; the panel never sees this. */
const HARNESS = `
import { mountReview } from './src/review/mount';
const w = window;
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  const root = attach.call(this, init);
  w.__shadow = root;
  return root;
};
w.__decisions = [];
w.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
w.__setup = async (base64) => {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  w.__bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
};
const withPreviews = (input) => input && { ...input, frames: input.frames.map((f) => ({ ...f, preview: f.preview === 'sample' ? w.__bitmap : null })) };
w.__mount = (input, progress, lang) => {
  if (w.__handle) { w.__handle.close(); w.__host.remove(); }
  w.__decisions = [];
  w.__host = document.createElement('div');
  document.documentElement.appendChild(w.__host);
  w.__handle = mountReview(w.__host, withPreviews(input), { onDecision: (d) => w.__decisions.push(d), lang });
  if (progress) w.__handle.update(null, progress);
};
w.__update = (input, progress) => w.__handle.update(withPreviews(input), progress);
`;

const PAGE = `<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Schoolwebsite – nieuw bericht</title>
<link rel="stylesheet" href="/page.css"><script src="/harness.js"></script></head>
<body><h1>Nieuw bericht</h1><p>Kies een foto voor het bericht over de schoolreis.</p>
<form><label>Titel <input value="Schoolreis groep 7"></label><button type="button">Foto kiezen</button></form>
<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit. Sed do eiusmod tempor incididunt ut labore.</p></body></html>`;

/** A page that tries hard to leak its styles into anything injected. */
const PAGE_CSS = `
* { font: 22px/3 "Comic Sans MS", cursive !important; color: #c0f !important; letter-spacing: 2px !important; box-sizing: content-box !important; }
div { padding: 20px !important; border: 3px solid lime !important; margin: 10px !important; }
button { background: hotpink !important; text-transform: uppercase !important; }
body { background: #fffbe6; }
`;

const PUPILS: ReviewPupil[] = [
  { id: 'p-noor', name: 'Noor Bakker', group: 'Groep 7', consent: 'yes' },
  { id: 'p-sem', name: 'Sem de Vries', group: 'Groep 7', consent: 'no' },
  { id: 'p-zoe', name: 'Zoë van den Berg', group: 'Groep 7', consent: 'withdrawn' },
  { id: 'p-daan', name: 'Daan Jansen', group: 'Groep 8', consent: 'unknown' },
  { id: 'p-lotte', name: 'Lotte Smit', group: 'Groep 8', consent: 'yes' },
  { id: 'p-mila', name: 'Mila Hendriks-Oosterveld', group: 'Groep 6', consent: 'yes' },
  { id: 'p-finn', name: 'Finn Mulder', group: 'Groep 6', consent: 'no' },
  { id: 'p-noortje', name: 'Noortje de Jong', group: 'Groep 8', consent: 'yes' },
];

/** Roughly where the three faces in sample1.jpg (1920 × 1280) are. */
const BOXES: [number, number, number, number][] = [
  [400, 300, 220, 260],
  [820, 390, 220, 250],
  [1450, 180, 230, 260],
];

/** Inputs are sent to the page as JSON; 'sample' stands for the real ImageBitmap made there. */
type WireInput = Omit<ReviewInput, 'frames'> & { frames: (Omit<ReviewInput['frames'][number], 'preview'> & { preview: 'sample' | null })[] };

function photoInput(overrides: Partial<WireInput> = {}): WireInput {
  return {
    lang: 'nl',
    fileName: 'schoolreis-2025-groep7-bij-de-waterkant.jpg',
    kind: 'image',
    channel: { id: 'website', label: 'Schoolwebsite' },
    mode: 'detect',
    frames: [{ time: null, width: 1920, height: 1280, preview: 'sample', faces: BOXES.map((box) => ({ box, score: 0.95 })) }],
    pupils: PUPILS,
    problems: [],
    allowCover: true,
    ...overrides,
  };
}

const run = HAS_CHROMIUM ? describe : describe.skip;
if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

run('the review panel in Chromium', () => {
  let browser: Launched;
  let page: Page;
  let bundle: string;
  const errors: string[] = [];

  beforeAll(async () => {
    const out = await build({
      stdin: { contents: HARNESS, resolveDir: ROOT, loader: 'ts', sourcefile: 'review-harness.ts' },
      bundle: true,
      format: 'iife',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      target: 'chrome120',
      write: false,
      logLevel: 'silent',
    });
    bundle = out.outputFiles[0]!.text;
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.route(`${ORIGIN}/**`, (route) => {
      const path = new URL(route.request().url()).pathname;
      if (path === '/harness.js') return route.fulfill({ contentType: 'text/javascript', body: bundle });
      if (path === '/page.css') return route.fulfill({ contentType: 'text/css', body: PAGE_CSS });
      if (path === '/') return route.fulfill({ contentType: 'text/html', headers: { 'content-security-policy': CSP }, body: PAGE });
      return route.fulfill({ status: 404, body: '' });
    });
    await page.goto(`${ORIGIN}/`);
    await page.evaluate((b64) => (window as unknown as Harness).__setup(b64), readFileSync(SAMPLE).toString('base64'));
  });

  afterAll(async () => {
    await browser?.close();
  });

  interface Harness {
    __setup(b64: string): Promise<void>;
    __mount(input: WireInput | null, progress?: { stage: string; fraction: number | null }, lang?: 'nl' | 'en'): void;
    __update(input: WireInput | null, progress?: { stage: string; fraction: number | null }): void;
    __shadow: ShadowRoot;
    __host: HTMLElement;
    __decisions: ReviewDecision[];
    __violations: string[];
  }

  const mount = async (input: WireInput | null, progress?: { stage: string; fraction: number | null }, lang?: 'nl' | 'en') => {
    await page.evaluate(([i, p, l]) => (window as unknown as Harness).__mount(i, p ?? undefined, l ?? undefined), [input, progress ?? null, lang ?? null] as const);
    await page.waitForTimeout(100);
  };
  const decisions = () => page.evaluate(() => (window as unknown as Harness).__decisions);

  /** Facts about an element inside the panel's shadow root. */
  const probe = (selector: string) =>
    page.evaluate((sel) => {
      const el = (window as unknown as Harness).__shadow.querySelector(sel) as HTMLElement | null;
      if (!el) return null;
      el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const r = el.getBoundingClientRect();
      return {
        x: r.x + r.width / 2,
        y: r.y + r.height / 2,
        left: r.left,
        top: r.top,
        right: r.right,
        bottom: r.bottom,
        text: el.textContent ?? '',
        disabled: (el as HTMLButtonElement).disabled === true,
        pressed: el.getAttribute('aria-pressed'),
        checked: (el as HTMLInputElement).checked === true,
      };
    }, selector);
  const must = async (selector: string) => {
    const p = await probe(selector);
    if (p === null) throw new Error(`${selector} is not in the panel`);
    return p;
  };
  const click = async (selector: string) => {
    const p = await must(selector);
    await page.mouse.click(p.x, p.y);
    await page.waitForTimeout(30);
  };

  /** Buttons whose text does not fit, and elements that stick out of the dialog or the viewport. */
  const layoutProblems = () =>
    page.evaluate(() => {
      const root = (window as unknown as Harness).__shadow;
      const dialog = root.querySelector('.dialog')!.getBoundingClientRect();
      const out: string[] = [];
      if (dialog.right > innerWidth || dialog.bottom > innerHeight || dialog.left < 0 || dialog.top < 0) out.push('dialog outside the viewport');
      if (dialog.width > innerWidth * 0.92 + 1 || dialog.height > innerHeight * 0.92 + 1) out.push('dialog larger than 92vw × 92vh');
      for (const el of root.querySelectorAll<HTMLElement>('button:not(.box), label, .hint, .face-sub, .problem-forward')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0) continue;
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow === 'visible') out.push(`text overflows: ${el.textContent}`);
        const scroller = el.closest('.side, .pupils, .strip');
        const box = scroller ? scroller.getBoundingClientRect() : dialog;
        if (r.right > box.right + 1 || r.left < box.left - 1) out.push(`sticks out sideways: ${el.textContent}`);
      }
      const side = root.querySelector('.side') as HTMLElement | null;
      if (side && side.scrollWidth > side.clientWidth + 1) out.push('side panel scrolls sideways');
      return out;
    });

  it('mounts in a closed shadow root, immune to the page CSS and CSP, and draws the photo', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await mount(photoInput());
    const facts = await page.evaluate(() => {
      const h = window as unknown as Harness;
      const canvas = h.__shadow.querySelector('.photo canvas') as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      const px = ctx.getImageData(Math.floor(canvas.width / 2), Math.floor(canvas.height / 2), 1, 1).data;
      const root = h.__shadow.querySelector('.cg-root') as HTMLElement;
      const primary = h.__shadow.querySelector('[data-action="release"]') as HTMLElement;
      return {
        open: h.__host.shadowRoot,
        styleTags: h.__shadow.querySelectorAll('style').length,
        sheets: h.__shadow.adoptedStyleSheets.length,
        zIndex: getComputedStyle(h.__host).zIndex,
        font: getComputedStyle(root).fontFamily,
        buttonTransform: getComputedStyle(primary).textTransform,
        hostPadding: getComputedStyle(h.__host).paddingTop,
        pixel: [px[0], px[1], px[2], px[3]],
        canvas: [canvas.width, canvas.height],
      };
    });
    expect(facts.open).toBeNull();
    expect(facts.styleTags).toBe(0);
    expect(facts.sheets).toBe(1);
    expect(facts.zIndex).toBe('2147483647');
    expect(facts.font).toMatch(/^system-ui/);
    expect(facts.buttonTransform).toBe('none');
    expect(facts.hostPadding).toBe('0px');
    expect(facts.pixel[3]).toBe(255);
    expect(facts.pixel.slice(0, 3).some((v) => v! > 0)).toBe(true);
    expect(facts.canvas[0]).toBeGreaterThan(300);
  });

  it('walks through a review and hands back the expected decision (1280×800)', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await mount(photoInput());
    expect((await must('.side-title')).text).toBe('3 gezichten');

    await click('[data-face="0"]');
    expect((await must('[data-face="0"]')).pressed).toBe('true');
    await click('.choices input[type="search"]');
    await page.keyboard.type('noor');
    // "noor" finds Noor and Noortje, not the others.
    const listed = await page.evaluate(() =>
      [...(window as unknown as Harness).__shadow.querySelectorAll('[data-pupil]')].map((b) => b.getAttribute('data-pupil')),
    );
    expect(listed).toEqual(['p-noor', 'p-noortje']);
    await click('[data-pupil="p-noor"]');
    expect((await must('[data-face="0"] .cap')).text).toBe('Noor Bakker');
    expect((await must('[data-row="0"] .face-sub')).text).toBe('toestemming voor dit kanaal');

    await click('[data-face="1"]');
    await click('[data-choice="adult"]');
    expect((await must('[data-face="1"] .cap')).text).toBe('volwassene');

    const primary = await must('[data-action="release"]');
    expect(primary.text).toBe('1 gezicht zonder toestemming afdekken en doorgaan');
    expect(primary.disabled).toBe(true);
    expect((await must('.hint')).text).toContain('laatste controle');

    await click('[data-check="no-harm"]');
    expect((await must('[data-check="no-harm"]')).checked).toBe(true);
    expect((await must('[data-action="release"]')).disabled).toBe(false);
    expect(await probe('.hint')).toBeNull();

    await click('[data-face="2"]');
    expect(await layoutProblems()).toEqual([]);
    await page.screenshot({ path: '/tmp/review-1280x800.png' });

    await click('[data-action="release"]');
    expect(await decisions()).toEqual([
      {
        action: 'release',
        // The uploader's answers as given: the background covers face 2, which still holds (nobody said who it is).
        confirmations: { 0: { kind: 'pupil', pupilId: 'p-noor' }, 1: { kind: 'adult' } },
        manualFaces: [],
        noFacesConfirmed: false,
        noHarmConfirmed: true,
      },
    ]);
    // A second press does not release twice.
    await click('[data-action="release"]');
    expect(await decisions()).toHaveLength(1);
  });

  it('fits at 800×600, in English, with a pupil without consent selected', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await mount(photoInput({ lang: 'en' }));
    await click('[data-face="0"]');
    await click('[data-pupil="p-sem"]');
    await click('[data-face="1"]');
    await click('[data-pupil="p-mila"]');
    await click('[data-face="2"]');
    expect((await must('[data-action="release"]')).text).toBe('Cover 2 faces without consent and continue');
    expect((await must('[data-row="0"] .face-sub')).text).toBe('no consent for this channel');
    expect(await layoutProblems()).toEqual([]);
    const footer = await must('.footer');
    expect(footer.bottom).toBeLessThanOrEqual(600);
    await page.screenshot({ path: '/tmp/review-800x600.png' });
  });

  it('adds a face by dragging on the photo, and Esc cancels with what was said', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await mount(photoInput());
    await click('[data-action="add-face"]');
    expect((await must('[data-action="add-face"]')).pressed).toBe('true');
    const photo = await must('.photo');
    const x0 = photo.left + (photo.right - photo.left) * 0.05;
    const y0 = photo.top + (photo.bottom - photo.top) * 0.05;
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x0 + 30, y0 + 20, { steps: 4 });
    await page.mouse.move(x0 + 60, y0 + 70, { steps: 4 });
    await page.mouse.up();
    await page.waitForTimeout(50);
    expect((await must('[data-action="add-face"]')).pressed).toBe('false');
    expect((await must('.side-title')).text).toBe('4 gezichten');
    expect((await must('[data-row="3"] .face-title')).text).toContain('zelf toegevoegd');
    expect((await must('[data-face="3"]')).pressed).toBe('true');
    expect((await must('[data-action="release"]')).text).toBe('4 gezichten zonder toestemming afdekken en doorgaan');
    await click('[data-choice="adult"]');
    // Adult chosen: on to face 1 (the first without a choice), which the uploader covers.
    expect((await must('[data-face="0"]')).pressed).toBe('true');
    await click('[data-choice="cover"]');
    expect((await must('[data-row="0"] .face-title')).text).toBe('Wordt afgedekt');
    expect((await must('[data-action="release"]')).text).toBe('3 gezichten zonder toestemming afdekken en doorgaan');
    await page.screenshot({ path: '/tmp/review-manual.png' });

    // Esc in draw mode only leaves draw mode; the next Esc cancels.
    await click('[data-action="add-face"]');
    await page.keyboard.press('Escape');
    expect((await must('[data-action="add-face"]')).pressed).toBe('false');
    expect(await decisions()).toEqual([]);
    await page.keyboard.press('Escape');
    const [decision] = await decisions();
    expect(decision?.action).toBe('cancel');
    expect(decision?.confirmations).toEqual({ 0: { kind: 'cover' }, 3: { kind: 'adult' } });
    expect(decision?.manualFaces).toHaveLength(1);
    expect(decision?.manualFaces[0]?.frame).toBe(0);
  });

  it('recognize mode: shows who was recognised with their consent, and offers to confirm a guess', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const [b0, b1, b2] = BOXES as [(typeof BOXES)[0], (typeof BOXES)[0], (typeof BOXES)[0]];
    await mount(
      photoInput({
        lang: 'en',
        mode: 'recognize',
        frames: [
          {
            time: null,
            width: 1920,
            height: 1280,
            preview: 'sample',
            faces: [
              { box: b0, score: 0.97, match: { status: 'match', pupilId: 'p-noor', distance: 0.31, runnerUp: null } },
              { box: b1, score: 0.95, match: { status: 'uncertain', pupilId: 'p-lotte', distance: 0.47, runnerUp: null } },
              { box: b2, score: 0.93, match: { status: 'unknown', nearestDistance: 0.8 } },
            ],
          },
        ],
      }),
    );
    expect((await must('[data-row="0"] .face-title')).text).toBe('Noor Bakker');
    expect((await must('[data-row="0"] .rec')).text).toBe('Recognised: Noor Bakker✓ consent');
    expect((await must('[data-row="1"] .rec')).text).toBe('Uncertain: maybe Lotte Smit✓ consent');
    expect((await must('[data-row="2"] .rec')).text).toBe('Not recognised');
    expect((await must('[data-face="1"] .cap')).text).toBe('Lotte Smit?');
    expect((await must('[data-face="1"]')).pressed).toBe('true');
    expect((await must('[data-choice="confirm-guess"]')).text).toBe('Yes, this is Lotte Smit✓ consent');
    expect(await layoutProblems()).toEqual([]);
    await page.screenshot({ path: '/tmp/review-recognize.png' });
    await click('[data-choice="confirm-guess"]');
    expect((await must('[data-face="1"] .cap')).text).toBe('Lotte Smit');
    // On to the face nobody has said anything about.
    expect((await must('[data-face="2"]')).pressed).toBe('true');
    expect((await must('[data-action="release"]')).text).toBe('Cover 1 face without consent and continue');
    await click('[data-check="no-harm"]');
    await click('[data-action="release"]');
    expect(await decisions()).toEqual([
      {
        action: 'release',
        confirmations: { 1: { kind: 'pupil', pupilId: 'p-lotte' } },
        manualFaces: [],
        noFacesConfirmed: false,
        noHarmConfirmed: true,
      },
    ]);
  });

  it('shows progress while checking, then the review', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await mount(null, { stage: 'Gezichten zoeken (2 van 3)', fraction: 0.6 }, 'nl');
    expect((await must('.progress-title')).text).toBe('Foto wordt gecontroleerd op dit apparaat…');
    expect((await must('.stage-text')).text).toBe('Gezichten zoeken (2 van 3)');
    expect((await must('[role="progressbar"]')).text).toBe('');
    await page.screenshot({ path: '/tmp/review-progress.png' });
    await page.evaluate(() => (window as unknown as Harness).__update(null, { stage: 'Model laden', fraction: null }));
    expect(await page.evaluate(() => (window as unknown as Harness).__shadow.querySelector('.bar')!.className)).toBe('bar indeterminate');
    await page.evaluate((i) => (window as unknown as Harness).__update(i), photoInput());
    await page.waitForTimeout(50);
    expect((await must('.side-title')).text).toBe('3 gezichten');
    await page.evaluate(() => (window as unknown as Harness).__update(null, { stage: 'Opnieuw', fraction: null }));
    await click('.progress-actions button');
    expect((await decisions())[0]?.action).toBe('cancel');
  });

  it('shows problems in a red box with a way forward, and only Cancel', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await mount(
      photoInput({
        problems: [
          { reason: 'engine_unavailable', message: 'the face model failed its self-test (checksum mismatch)' },
          { reason: 'consent_list_stale', message: 'de toestemmingslijst is 400 dagen oud' },
        ],
      }),
    );
    const box = await must('.problems');
    expect(box.text).toContain('Gezichtsdetectie is niet beschikbaar');
    expect(box.text).toContain('privacyfunctionaris');
    expect(box.text).toContain('checksum mismatch');
    expect(await probe('[data-action="release"]')).toBeNull();
    expect(await probe('[data-face="0"]')).toBeNull();
    expect(await layoutProblems()).toEqual([]);
    await page.screenshot({ path: '/tmp/review-problems.png' });
    await click('[data-action="cancel"]');
    expect((await decisions())[0]?.action).toBe('cancel');
  });

  it('video: frames to switch between, no covering, and no release while a face lacks consent', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const frame = (time: number, boxes: typeof BOXES) => ({
      time,
      width: 1920,
      height: 1280,
      preview: 'sample' as const,
      faces: boxes.map((box) => ({ box, score: 0.9 })),
    });
    await mount(
      photoInput({
        kind: 'video',
        fileName: 'musical-groep-8.mp4',
        frames: [frame(3, BOXES.slice(0, 2)), frame(12.5, BOXES.slice(1)), frame(75, BOXES)],
        video: { durationS: 95, sampled: 24 },
        allowCover: false,
      }),
    );
    expect((await must('.note')).text).toContain('Video’s kunnen nog niet worden afgedekt');
    expect((await must('[data-choice="cover"]')).disabled).toBe(true);
    expect((await must('.side-title')).text).toBe('7 gezichten');
    await click('[data-face="0"]');
    await click('[data-pupil="p-sem"]');
    await click('[data-frame="1"]');
    expect((await must('[data-frame="1"]')).pressed).toBe('true');
    expect((await must('[data-face="2"]')).pressed).toBe('true');
    await click('[data-check="no-harm"]');
    const primary = await must('[data-action="release"]');
    expect(primary.text).toBe('Doorgaan');
    expect(primary.disabled).toBe(true);
    expect((await must('.hint')).text).toContain('video’s kunnen niet worden afgedekt');
    expect(await layoutProblems()).toEqual([]);
    await page.screenshot({ path: '/tmp/review-video.png' });
  });

  it('a photo without faces asks to confirm there are no people', async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    await mount(photoInput({ frames: [{ time: null, width: 1920, height: 1280, preview: 'sample', faces: [] }] }));
    expect((await must('.empty-title')).text).toBe('Er zijn geen gezichten gevonden.');
    await click('[data-check="no-harm"]');
    expect((await must('[data-action="release"]')).disabled).toBe(true);
    await click('[data-check="no-faces"]');
    expect((await must('[data-action="release"]')).text).toBe('Doorgaan');
    expect(await layoutProblems()).toEqual([]);
    await page.screenshot({ path: '/tmp/review-nofaces.png' });
    await click('[data-action="release"]');
    expect(await decisions()).toEqual([
      { action: 'release', confirmations: {}, manualFaces: [], noFacesConfirmed: true, noHarmConfirmed: true },
    ]);
  });

  it('caused no CSP violations and no errors', async () => {
    expect(await page.evaluate(() => (window as unknown as Harness).__violations)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
