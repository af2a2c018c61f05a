/**
 * The gate on a real WordPress 6.1 (Debian's package, started by scripts/wordpress-setup.sh): Media > Add New and
 * the grid library (plupload XHR), the block editor's Image block upload and paste (fetch to /wp-json/wp/v2/media).
 * What WordPress stores is checked on disk: covered faces, no metadata, no pupil's name in title, slug or file.
 */
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startNodeEngine } from '../../src/faces/node';
import type { Box } from '../../src/faces/types';
import { coverRect, metadataReport } from '../../src/redact';
import { HAS_CHROMIUM, NO_CHROMIUM_MESSAGE } from './chromium';
import { demoRoster, launchWithExtension, settingsFor, type WithExtension } from './extension';
import { answer, cancel, confirmAndRelease, reviewShown } from './flows';
import { namedPhoto, regionStats, sample } from './photo-fixtures';
import { ShadowPanel } from './shadow';
import {
  NO_WORDPRESS_MESSAGE,
  WP_ORIGIN,
  deleteAllMedia,
  lockWordPress,
  insertImageBlockViaUpload,
  listMedia,
  login,
  openNewPost,
  pasteImageIntoEditor,
  uploadViaGrid,
  uploadViaMediaNew,
  waitForEditorResult,
  waitForGridResult,
  waitForMediaNewResult,
  wordpressAvailable,
  type WpMedia,
} from './wordpress';

const RUN = HAS_CHROMIUM && (await wordpressAvailable());
if (!HAS_CHROMIUM) console.warn(NO_CHROMIUM_MESSAGE);
else if (!RUN) console.warn(NO_WORDPRESS_MESSAGE);

const NEUTRAL = /^foto-\d{4}-\d{2}-\d{2}-\d+(-\d+)?\.jpg$/;
const NAMES = /daan|jansen|noor|lotte|vries|2041/i;

describe.skipIf(!RUN)('the gate on WordPress 6.1', () => {
  let ext: WithExtension;
  let page: Page;
  let panel: ShadowPanel;
  let faces: Box[];

  let unlock: () => void = () => undefined;

  beforeAll(async () => {
    unlock = await lockWordPress();
    ext = await launchWithExtension();
    await ext.configure(settingsFor({ [WP_ORIGIN]: 'website' }), demoRoster());
    page = await ext.context.newPage();
    await login(page);
    panel = await ShadowPanel.open(page);
    const engine = await startNodeEngine({ selfTest: 'detect' });
    const analysis = await engine.analyseBytes(readFileSync(sample(1)), { describe: false });
    if (!analysis.ok) throw new Error(analysis.error.message);
    faces = analysis.value.faces.map((f) => f.box);
  }, 360_000);

  afterAll(async () => {
    await panel?.close();
    await ext?.close();
    unlock();
  });

  beforeEach(async () => {
    await deleteAllMedia();
  });

  /** Which of sample1's three faces are covered in a stored file. */
  async function coveredFaces(file: string): Promise<boolean[]> {
    const bytes = readFileSync(file);
    const meta = await sharp(bytes).metadata();
    const out: boolean[] = [];
    for (const box of faces) {
      const r = coverRect(box, meta.width!, meta.height!);
      out.push((await regionStats(bytes, { x: r.x + 4, y: r.y + 4, w: r.w - 8, h: r.h - 8 })).std < 3);
    }
    return out;
  }

  function expectClean(media: WpMedia): void {
    expect(basename(media.filePath)).toMatch(NEUTRAL);
    expect(media.title).not.toMatch(NAMES);
    expect(media.slug).not.toMatch(NAMES);
    expect(media.sourceUrl).not.toMatch(NAMES);
    const bytes = readFileSync(media.originalFilePath);
    expect(metadataReport(bytes)).toMatchObject({ exif: false, xmp: false, iptc: false });
    expect(bytes.toString('latin1')).not.toMatch(/Noor|Lotte|Jansen|Vries/);
  }

  it('Media > Add New: a face without website consent is held, and after Cover… WordPress stores it covered and without metadata', async () => {
    await uploadViaMediaNew(page, { name: 'IMG_2041_Daan_Jansen.jpg', mimeType: 'image/jpeg', buffer: await namedPhoto() });
    expect(await reviewShown(panel)).toBe(3);
    expect(await listMedia()).toHaveLength(0);
    // Face 1 is Noor (website: yes), face 2 is Lotte (website: no), face 3 an adult with consent.
    await answer(panel, { 0: '2001', 1: '2002', 2: 'adult' });
    expect(await confirmAndRelease(panel)).toMatch(/Cover 1 face/);
    expect(await waitForMediaNewResult(page)).toBe('uploaded');
    const [media] = await listMedia();
    expectClean(media!);
    expect(await coveredFaces(media!.originalFilePath)).toEqual([false, true, false]);
  });

  it('the grid library: a photo of pupils who all have website consent goes through uncovered', async () => {
    await uploadViaGrid(page, { name: 'Noor_en_Daan.jpg', mimeType: 'image/jpeg', buffer: readFileSync(sample(1)) });
    expect(await reviewShown(panel)).toBe(3);
    await answer(panel, { 0: '2001', 1: '2005', 2: 'adult' });
    expect(await confirmAndRelease(panel)).toMatch(/Continue/);
    expect(await waitForGridResult(page)).toBe('uploaded');
    const [media] = await listMedia();
    expectClean(media!);
    expect(await coveredFaces(media!.originalFilePath)).toEqual([false, false, false]);
  });

  it('the block editor: an Image block upload that is cancelled never reaches WordPress', async () => {
    await openNewPost(page);
    await insertImageBlockViaUpload(page, sample(2));
    await reviewShown(panel);
    await cancel(panel);
    await panel.waitGone();
    expect(await waitForEditorResult(page, 3_000)).toBe('none');
    expect(await listMedia()).toHaveLength(0);
  });

  it('the block editor: a pasted photo is reviewed, covered and uploaded by fetch under a neutral name', async () => {
    await openNewPost(page);
    await pasteImageIntoEditor(page, readFileSync(sample(1)), 'image/jpeg', 'Lotte_de_Vries.jpg');
    expect(await reviewShown(panel)).toBe(3);
    expect(await confirmAndRelease(panel)).toMatch(/Cover 3 faces/);
    expect(await waitForEditorResult(page)).toBe('uploaded');
    const [media] = await listMedia();
    expectClean(media!);
    expect(await coveredFaces(media!.originalFilePath)).toEqual([true, true, true]);
  });

  it('the block editor: a post that names pupils is published without their names', async () => {
    await openNewPost(page);
    const link: string = await page.evaluate(async () => {
      const wp = (window as unknown as { wp: { data: { dispatch(s: string): any; select(s: string): any } } }).wp;
      wp.data.dispatch('core/editor').editPost({
        title: 'Schoolreis groep 8',
        status: 'publish',
        content: '<!-- wp:paragraph --><p>Noor Jansen en Lotte de Vries waren de snelste van de dag.</p><!-- /wp:paragraph -->',
      });
      await wp.data.dispatch('core/editor').savePost();
      return wp.data.select('core/editor').getPermalink() as string;
    });
    const html = await (await fetch(link)).text();
    expect(html).toContain('waren de snelste van de dag');
    expect(html).not.toMatch(/Noor|Jansen|Lotte|Vries/);
  });

  it("the attachment editor: a caption naming a pupil is saved without the name (a native form post)", async () => {
    await uploadViaGrid(page, { name: 'schoolplein.jpg', mimeType: 'image/jpeg', buffer: readFileSync(sample(2)) });
    await reviewShown(panel);
    await confirmAndRelease(panel);
    expect(await waitForGridResult(page)).toBe('uploaded');
    const [media] = await listMedia();
    await page.goto(`${WP_ORIGIN}/wp-admin/post.php?post=${media!.id}&action=edit`);
    await page.fill('#attachment_caption', 'Noor Jansen bij de finish');
    await page.fill('#attachment_alt', 'Lotte de Vries juicht');
    await page.click('#publish');
    await page.waitForLoadState('load');
    const [saved] = await listMedia();
    expect(saved!.caption).toMatch(/bij de finish/i);
    expect(`${saved!.caption} ${saved!.altText}`).not.toMatch(/Noor|Jansen|Lotte|Vries/);
  });
});
