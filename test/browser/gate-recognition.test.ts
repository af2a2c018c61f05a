/**
 * Recognition mode (opt-in) in the browser: the offscreen worker computes descriptors (after its full self-test),
 * the background matches them against the enrolled pupils, and the review shows who was recognised. Pupils are
 * enrolled here from crops of sample1.jpg, as `npm run demo` does; a school uses separate portraits.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoSite, type DemoSite } from '../../src/demo-site/server';
import { startNodeEngine } from '../../src/faces/node';
import type { Roster } from '../../src/consent/schema';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from './chromium';
import { demoRoster, launchWithExtension, settingsFor, type WithExtension } from './extension';
import { confirmAndRelease, reviewShown } from './flows';
import { regionStats, sample } from './photo-fixtures';
import { ShadowPanel } from './shadow';
import { coverRect } from '../../src/redact';

if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);

describe.skipIf(!HAS_CHROMIUM)('recognition mode in the browser', () => {
  let site: DemoSite;
  let ext: WithExtension;
  let boxes: [number, number, number, number][];

  beforeAll(async () => {
    site = await startDemoSite();
    const engine = await startNodeEngine({ selfTest: 'full' });
    const photo = readFileSync(sample(1));
    const found = await engine.analyseBytes(photo, { describe: false });
    if (!found.ok) throw new Error(found.error.message);
    boxes = found.value.faces.map((f) => f.box);
    // Noor (2001) and Lotte (2002) have biometric consent; Fenna (2003) does not and is never enrolled.
    const roster: Roster = demoRoster();
    for (const [i, id] of [[0, '2001'], [1, '2002']] as const) {
      const [x, y, w, h] = boxes[i]!;
      const crop = await sharp(photo)
        .extract({ left: Math.max(0, Math.round(x - w * 0.7)), top: Math.max(0, Math.round(y - h * 0.7)), width: Math.round(w * 2.4), height: Math.round(h * 2.4) })
        .jpeg()
        .toBuffer();
      const portrait = await engine.analyseBytes(crop, { describe: true });
      if (!portrait.ok || portrait.value.faces.length !== 1) throw new Error(`portrait of ${id} does not show one face`);
      const pupil = roster.pupils.find((p) => p.id === id)!;
      pupil.descriptors = [Array.from(portrait.value.faces[0]!.descriptor!)];
    }
    ext = await launchWithExtension();
    await ext.configure(settingsFor({ [site.origins.cms]: 'website' }, { mode: 'recognize', recognition: { biometricConsentConfirmed: true, dpiaConfirmed: true, confirmedAt: new Date().toISOString(), by: 'privacy officer (test)' } }), roster);
  }, 120_000);

  afterAll(async () => {
    await ext?.close();
    await site?.close();
  });

  it('recognises enrolled pupils, holds the rest, and covers every face without website consent', async () => {
    const page = await ext.context.newPage();
    await page.goto(site.urls.cms);
    const panel = await ShadowPanel.open(page);
    await page.setInputFiles('#file', sample(1));
    expect(await reviewShown(panel, 60_000)).toBe(3);
    const text = await panel.text('*');
    expect(text).toContain('Noor Jansen');
    expect(text).toContain('Lotte de Vries');
    // Noor may appear on the website; Lotte has no website consent; the third face matches nobody enrolled.
    expect(await confirmAndRelease(panel)).toMatch(/Cover 2 faces/);
    await expect.poll(() => site.uploads().length, { timeout: 15_000 }).toBe(1);
    const stored = readFileSync(site.uploads()[0]!.path);
    const meta = await sharp(stored).metadata();
    const covered: boolean[] = [];
    for (const box of boxes) {
      const r = coverRect(box, meta.width!, meta.height!);
      covered.push((await regionStats(stored, { x: r.x + 4, y: r.y + 4, w: r.w - 8, h: r.h - 8 })).std < 3);
    }
    expect(covered).toEqual([false, true, true]);
    await page.close();
  });
});
