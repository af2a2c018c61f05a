/**
 * The background's handlers with a fake browser (WXT's fakeBrowser) and fake-indexeddb: the consent store as the
 * extension uses it, and the inference worker replaced by canned replies. Every verdict reads the list as it is now.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { importRoster } from '../../../src/consent/load';
import type { Roster } from '../../../src/consent/schema';
import { DEFAULT_SETTINGS, type GateSettings } from '../../../src/settings/schema';

// Node 20 has no navigator; the service worker's language decides the default UI language.
vi.stubGlobal('navigator', { language: 'en-GB', userAgent: 'Node.js' });
vi.mock('wxt/browser', async () => ({ browser: (await import('wxt/testing/fake-browser')).fakeBrowser }));
const askWorker = vi.fn();
vi.mock('../../../src/gate/offscreen-client', () => ({
  askWorker: (...args: unknown[]) => askWorker(...args),
  ensureOffscreen: async () => undefined,
  WorkerError: class WorkerError extends Error {
    constructor(
      readonly code: string,
      message: string,
    ) {
      super(message);
    }
  },
}));

const { handleCheck, handleHello, handleRelease } = await import('../../../src/gate/handlers');
const { consentStore } = await import('../../../src/gate/store');

const SCHOOL = 'https://www.obs-regenboog.nl';
const TAB = { tabId: 7, frameId: 0, origin: SCHOOL };
const settings: GateSettings = { ...DEFAULT_SETTINGS, sites: [{ origin: SCHOOL, channel: 'website' }] };
const FACES = [
  { box: [10, 10, 50, 60] as [number, number, number, number], score: 0.95 },
  { box: [100, 10, 50, 60] as [number, number, number, number], score: 0.9 },
];
const SHA = 'a'.repeat(64);

function roster(importedAt = new Date()): Roster {
  const r = importRoster(readFileSync(join(import.meta.dirname, '../../../demo/roster.csv'), 'utf8'), 'roster.csv', { now: importedAt });
  if (!r.ok) throw new Error('demo roster');
  return r.roster;
}

let job = 0;
async function check() {
  askWorker.mockResolvedValueOnce({ ok: true, frames: [{ time: null, width: 400, height: 300, faces: FACES }], sha256: SHA, timings: {} });
  const jobId = `job-0000-${String(++job).padStart(4, '0')}`;
  return handleCheck({ type: 'cs:check', jobId, kind: 'image', blobUrl: 'blob:https://x/1', name: 'IMG_1.jpg', mimeType: 'image/jpeg', size: 1000, via: 'input' }, TAB);
}

function release(jobId: string, confirmations: Record<string, { kind: 'pupil'; pupilId: string } | { kind: 'adult' } | { kind: 'cover' }>, sender = TAB) {
  askWorker.mockImplementationOnce(async (message: { covers: unknown[] }) => ({ ok: true, blobUrl: 'blob:chrome-extension://x/2', name: 'foto-2026-11-23-1.jpg', mimeType: 'image/jpeg', sha256: SHA, covered: message.covers.length }));
  return handleRelease({ type: 'cs:release', jobId, confirmations, manualFaces: [], noFacesConfirmed: false, noHarmConfirmed: true }, sender);
}

beforeEach(async () => {
  fakeBrowser.reset();
  askWorker.mockReset();
  await fakeBrowser.storage.local.set({ settings });
  await (await consentStore()).replaceRoster(roster(), 'test');
});

describe('the background handlers', () => {
  it('say on which channel the gate acts, and nothing on other sites', async () => {
    expect(await handleHello(TAB)).toMatchObject({ active: true, channel: { id: 'website' } });
    expect(await handleHello({ ...TAB, origin: 'https://www.obs-regenboog.nl.evil.example' })).toEqual({ active: false });
  });

  it('a check lists the pupils with their consent for this channel only, no descriptors, no problems', async () => {
    const reply = await check();
    expect(reply.problems).toEqual([]);
    expect(reply.pupils.find((p) => p.id === '2002')).toMatchObject({ name: 'Lotte de Vries', consent: 'no' });
    expect(JSON.stringify(reply)).not.toContain('descriptor');
  });

  it('releases with the faces without consent covered', async () => {
    const reply = await check();
    const out = await release(reply.jobId, { 0: { kind: 'pupil', pupilId: '2001' }, 1: { kind: 'pupil', pupilId: '2002' } });
    expect(out).toMatchObject({ ok: true, covered: 1 });
    expect(askWorker.mock.calls.at(-1)![0]).toMatchObject({ type: 'bg:os-release', covers: [FACES[1]!.box] });
  });

  it('records each release in the log: metadata only, and the chain verifies', async () => {
    const { openAuditStore } = await import('../../../src/audit');
    const log = await openAuditStore();
    const before = await log.count();
    const reply = await check();
    await release(reply.jobId, { 0: { kind: 'pupil', pupilId: '2001' }, 1: { kind: 'pupil', pupilId: '2002' } });
    await release(reply.jobId, {}, { ...TAB, tabId: 99 }); // refused: another tab; not the job's verdict
    const { entries } = await log.all();
    const entry = entries.at(-1)!;
    expect(await log.count()).toBe(before + 1);
    expect(entry).toMatchObject({ kind: 'verdict', verdict: 'covered', channel: 'website', origin: SCHOOL, pupilIds: ['2001', '2002'], originalSha256: SHA, releasedSha256: SHA, counts: { faces: 2, covered: 1, held: 0 } });
    expect(JSON.stringify(entry)).not.toMatch(/Noor|Lotte|Jansen|Vries|descriptor|blob:/);
    expect((await log.verify()).ok).toBe(true);
  });

  it('a release the policy refuses is logged as held, with its reasons', async () => {
    const { openAuditStore } = await import('../../../src/audit');
    const log = await openAuditStore();
    const reply = await check();
    await handleRelease({ type: 'cs:release', jobId: reply.jobId, confirmations: {}, manualFaces: [], noFacesConfirmed: false, noHarmConfirmed: false }, TAB);
    const entry = (await log.all()).entries.at(-1)!;
    expect(entry).toMatchObject({ kind: 'verdict', verdict: 'held' });
    expect(entry.reasons).toContain('not_reviewed');
  });

  it('a withdrawal made while the uploader reviews applies to the release', async () => {
    const reply = await check();
    await (await consentStore()).setConsent('2001', 'website', 'withdrawn', 'privacy officer');
    const out = await release(reply.jobId, { 0: { kind: 'pupil', pupilId: '2001' }, 1: { kind: 'adult' } });
    expect(out).toMatchObject({ ok: true, covered: 1 });
    expect(askWorker.mock.calls.at(-1)![0]).toMatchObject({ covers: [FACES[0]!.box] });
    const changes = await (await consentStore()).changes(5);
    expect(changes[0]).toMatchObject({ what: 'consent', pupilId: '2001', channel: 'website', to: 'withdrawn', who: 'privacy officer' });
  });

  it('holds everything when the list is older than the maximum age', async () => {
    await (await consentStore()).replaceRoster(roster(new Date(Date.now() - 31 * 86_400_000)), 'test');
    const reply = await check();
    expect(reply.problems.map((p) => p.reason)).toEqual(['consent_list_stale']);
    const out = await release(reply.jobId, { 0: { kind: 'adult' }, 1: { kind: 'adult' } });
    expect(out).toEqual({ ok: false, reasons: expect.arrayContaining(['consent_list_stale']) });
  });

  it("uses the school board's maximum age over the local one", async () => {
    await fakeBrowser.storage.managed.set({ maxListAgeDays: 3 });
    await (await consentStore()).replaceRoster(roster(new Date(Date.now() - 5 * 86_400_000)), 'test');
    expect((await check()).problems.map((p) => p.reason)).toEqual(['consent_list_stale']);
  });

  it("holds everything when the school board's policy cannot be read", async () => {
    vi.spyOn(fakeBrowser.storage.managed, 'get').mockRejectedValueOnce(new Error('policy service down'));
    const reply = await check();
    expect(reply.problems).toEqual([{ reason: 'settings_invalid', message: expect.stringContaining('policy service down') }]);
  });

  it('refuses a release asked for by another tab', async () => {
    const reply = await check();
    expect(await release(reply.jobId, { 0: { kind: 'adult' }, 1: { kind: 'adult' } }, { ...TAB, tabId: 8 })).toEqual({ ok: false, reasons: ['not_reviewed'] });
  });

  it('holds when the worker is unavailable, naming why', async () => {
    askWorker.mockRejectedValueOnce(new Error('Could not establish connection'));
    const reply = await handleCheck({ type: 'cs:check', jobId: 'job-0000-9999', kind: 'image', blobUrl: 'blob:https://x/1', name: 'a.jpg', mimeType: 'image/jpeg', size: 1, via: 'input' }, TAB);
    expect(reply.problems).toEqual([{ reason: 'engine_unavailable', message: expect.stringContaining('Could not establish connection') }]);
  });

  describe('overrides', () => {
    const REASON = 'De ouders gaven op 3 maart per e-mail toestemming voor deze foto.';
    type Confirmations = Parameters<typeof release>[1];

    async function allowOverride(allow: boolean): Promise<void> {
      await fakeBrowser.storage.local.set({ settings: { ...settings, allowOverride: allow, staffName: 'Juf Anja' } });
    }

    function releaseWithOverride(jobId: string, confirmations: Confirmations, reason = REASON, noHarmConfirmed = true) {
      askWorker.mockImplementationOnce(async (message: { covers: unknown[] }) => ({ ok: true, blobUrl: 'blob:chrome-extension://x/3', name: 'foto-2026-11-23-2.jpg', mimeType: 'image/jpeg', sha256: 'b'.repeat(64), covered: message.covers.length }));
      return handleRelease({ type: 'cs:release', jobId, confirmations, manualFaces: [], noFacesConfirmed: false, noHarmConfirmed, override: { reason } }, TAB);
    }

    async function log() {
      const { openAuditStore } = await import('../../../src/audit');
      return openAuditStore();
    }

    it('a check says whether overrides are allowed, and the minimum reason length', async () => {
      expect((await check()).override).toEqual({ allowed: false, minReason: 20 });
      await allowOverride(true);
      expect((await check()).override).toEqual({ allowed: true, minReason: 20 });
      await fakeBrowser.storage.managed.set({ allowOverride: false });
      expect((await check()).override).toEqual({ allowed: false, minReason: 20 });
    });

    it('invalid settings allow no override', async () => {
      await fakeBrowser.storage.local.set({ settings: { ...settings, allowOverride: true, mode: 'nonsense' } });
      expect((await check()).override).toEqual({ allowed: false, minReason: 20 });
    });

    it('allowed: releases the face without consent uncovered, and logs exactly one override entry with the reason', async () => {
      await allowOverride(true);
      const audit = await log();
      const reply = await check();
      const before = await audit.count();
      const out = await releaseWithOverride(reply.jobId, { 0: { kind: 'pupil', pupilId: '2001' }, 1: { kind: 'pupil', pupilId: '2002' } }, `  ${REASON}\n`);
      expect(out).toMatchObject({ ok: true, covered: 0 });
      expect(askWorker.mock.calls.at(-1)![0]).toMatchObject({ type: 'bg:os-release', covers: [] });
      expect(await audit.count()).toBe(before + 1);
      const entry = (await audit.all()).entries.at(-1)!;
      expect(entry).toMatchObject({
        kind: 'override',
        verdict: 'released',
        staff: 'Juf Anja',
        channel: 'website',
        origin: SCHOOL,
        pupilIds: ['2001', '2002'],
        originalSha256: SHA,
        releasedSha256: 'b'.repeat(64),
        reasons: ['no_consent'],
        overrideReason: REASON,
        counts: { faces: 2, covered: 0, held: 0 },
        faces: [
          { index: 0, status: 'ok', reason: null, pupilId: '2001' },
          { index: 1, status: 'hold', reason: 'no_consent', pupilId: '2002' },
        ],
      });
      expect((await audit.verify()).ok).toBe(true);
    });

    it('forbidden by the settings: refused as override_forbidden, logged as held, nothing released', async () => {
      await allowOverride(false);
      const audit = await log();
      const reply = await check();
      const calls = askWorker.mock.calls.length;
      const out = await releaseWithOverride(reply.jobId, { 0: { kind: 'pupil', pupilId: '2001' }, 1: { kind: 'pupil', pupilId: '2002' } });
      expect(out).toEqual({ ok: false, reasons: ['override_forbidden'] });
      expect(askWorker.mock.calls.length).toBe(calls);
      expect((await audit.all()).entries.at(-1)).toMatchObject({ kind: 'verdict', verdict: 'held', reasons: ['override_forbidden'] });
    });

    it("forbidden by the school board's policy, even where this browser allows it", async () => {
      await allowOverride(true);
      const reply = await check();
      await fakeBrowser.storage.managed.set({ allowOverride: false });
      expect(await releaseWithOverride(reply.jobId, { 0: { kind: 'pupil', pupilId: '2002' }, 1: { kind: 'adult' } })).toEqual({ ok: false, reasons: ['override_forbidden'] });
    });

    it('refuses a reason that is too short once trimmed', async () => {
      await allowOverride(true);
      const reply = await check();
      const out = await releaseWithOverride(reply.jobId, { 0: { kind: 'pupil', pupilId: '2002' }, 1: { kind: 'adult' } }, `   ${'x'.repeat(19)}     `);
      expect(out).toEqual({ ok: false, reasons: ['override_reason_too_short'] });
      expect((await (await log()).all()).entries.at(-1)).toMatchObject({ kind: 'verdict', verdict: 'held', reasons: ['override_reason_too_short'] });
    });

    it('still covers a withdrawn face', async () => {
      await allowOverride(true);
      const reply = await check();
      const out = await releaseWithOverride(reply.jobId, { 0: { kind: 'pupil', pupilId: '2004' }, 1: { kind: 'pupil', pupilId: '2002' } });
      expect(out).toMatchObject({ ok: true, covered: 1 });
      expect(askWorker.mock.calls.at(-1)![0]).toMatchObject({ covers: [FACES[0]!.box] });
      expect((await (await log()).all()).entries.at(-1)).toMatchObject({ kind: 'override', verdict: 'covered', reasons: ['no_consent'], counts: { faces: 2, covered: 1, held: 0 } });
      expect((await (await log()).all()).entries.at(-1)!.faces).toEqual([
        { index: 0, status: 'cover', reason: 'withdrawn', pupilId: '2004' },
        { index: 1, status: 'hold', reason: 'no_consent', pupilId: '2002' },
      ]);
    });

    it('a withdrawal made during the review is covered, not overridden', async () => {
      await allowOverride(true);
      const reply = await check();
      await (await consentStore()).setConsent('2001', 'website', 'withdrawn', 'privacy officer');
      const out = await releaseWithOverride(reply.jobId, { 0: { kind: 'pupil', pupilId: '2001' }, 1: { kind: 'pupil', pupilId: '2002' } });
      expect(out).toMatchObject({ ok: true, covered: 1 });
      expect(askWorker.mock.calls.at(-1)![0]).toMatchObject({ covers: [FACES[0]!.box] });
    });

    it('never overrides a problem with the photo: a stale list, or the harm check not ticked', async () => {
      await allowOverride(true);
      await (await consentStore()).replaceRoster(roster(new Date(Date.now() - 31 * 86_400_000)), 'test');
      const stale = await check();
      expect(await releaseWithOverride(stale.jobId, { 0: { kind: 'pupil', pupilId: '2002' }, 1: { kind: 'adult' } })).toEqual({ ok: false, reasons: expect.arrayContaining(['consent_list_stale']) });
      await (await consentStore()).replaceRoster(roster(), 'test');
      const fresh = await check();
      const out = await releaseWithOverride(fresh.jobId, { 0: { kind: 'pupil', pupilId: '2002' }, 1: { kind: 'adult' } }, REASON, false);
      expect(out).toEqual({ ok: false, reasons: expect.arrayContaining(['not_reviewed']) });
      expect((await (await log()).all()).entries.at(-1)).toMatchObject({ kind: 'verdict', verdict: 'held' });
    });
  });
});
