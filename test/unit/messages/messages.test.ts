import { describe, expect, it } from 'vitest';
import {
  BgToCsSchema,
  BgToOsSchema,
  CheckReplySchema,
  CsToBgSchema,
  HelloReplySchema,
  OsAnalyseReplySchema,
  OsReleaseReplySchema,
  OsStatusReplySchema,
  OsToBgSchema,
  ReleaseReplySchema,
  parseOr,
  type CheckReply,
  type CsToBg,
  type OsAnalyseReply,
  type ReleaseReply,
  type WireFrame,
} from '../../../src/messages';

const JOB = 'job-0123456789abcdef';
const SHA = 'ab'.repeat(32);
const DESCRIPTOR = Array.from({ length: 128 }, (_, i) => i / 128);

const check: CsToBg = {
  type: 'cs:check',
  jobId: JOB,
  kind: 'image',
  blobUrl: 'blob:https://school.example/0b6c6a43-6d55-4c1f-9d5c-1f4f6d3c2b1a',
  name: 'IMG_0001.JPG',
  mimeType: 'image/jpeg',
  size: 123456,
  via: 'input',
};
const release: CsToBg = {
  type: 'cs:release',
  jobId: JOB,
  confirmations: { '0': { kind: 'pupil', pupilId: '2001' }, '1': { kind: 'adult' }, '12': { kind: 'cover' } },
  manualFaces: [{ frame: 0, box: [10, 20, 30, 40] }],
  noFacesConfirmed: false,
  noHarmConfirmed: true,
};

const VALID: CsToBg[] = [
  { type: 'cs:hello' },
  check,
  { ...check, kind: 'video', via: 'drop', name: 'clip.mov', mimeType: '' },
  { ...check, via: 'paste', size: 0 },
  { ...check, via: 'inline' },
  release,
  { ...release, confirmations: {}, manualFaces: [], noFacesConfirmed: true },
  { ...release, override: { reason: 'Ouders gaven per e-mail toestemming voor deze foto.' } },
  { type: 'cs:fetched', jobId: JOB },
  { type: 'cs:cancel', jobId: JOB },
  { type: 'cs:blocked', via: 'fetch', url: 'https://school.example/wp-json/wp/v2/media', reason: 'a photo (file) that was not checked' },
  { type: 'cs:blocked', via: 'xhr', url: '', reason: '' },
  { type: 'cs:blocked', via: 'beacon', url: 'https://x.example', reason: 'a beacon that may carry a photo' },
  { type: 'cs:blocked', via: 'form', url: 'https://x.example', reason: 'r' },
];

describe('CsToBgSchema', () => {
  it.each(VALID.map((m) => [m.type, m] as const))('parses %s', (_type, message) => {
    const r = parseOr(CsToBgSchema, message);
    expect(r).toEqual({ ok: true, value: message });
  });

  it('covers every message type', () => {
    expect(new Set(VALID.map((m) => m.type))).toEqual(new Set(['cs:hello', 'cs:check', 'cs:release', 'cs:fetched', 'cs:cancel', 'cs:blocked']));
  });

  const MALFORMED: [string, unknown, string][] = [
    ['not an object', 'cs:hello', '(root)'],
    ['null', null, '(root)'],
    ['an unknown type', { type: 'cs:settings', sites: [] }, 'type'],
    ['a background type from a content script', { type: 'bg:progress', jobId: JOB, stage: 'x', fraction: 0 }, 'type'],
    ['no type', { jobId: JOB }, 'type'],
    ['an extra key on hello', { type: 'cs:hello', origin: 'https://school.example' }, '(root)'],
    ['an extra key on check', { ...check, channel: 'social' }, '(root)'],
    ['a descriptor-sized array on check', { ...check, descriptor: DESCRIPTOR }, '(root)'],
    ['an extra key on cancel', { type: 'cs:cancel', jobId: JOB, tabId: 3 }, '(root)'],
    ['an extra key on blocked', { type: 'cs:blocked', via: 'fetch', url: 'u', reason: 'r', body: 'x' }, '(root)'],
    ['an https URL', { ...check, blobUrl: 'https://school.example/photo.jpg' }, 'blobUrl'],
    ['a data URL', { ...check, blobUrl: 'data:image/jpeg;base64,/9j/' }, 'blobUrl'],
    ['a file URL', { ...check, blobUrl: 'file:///home/u/photo.jpg' }, 'blobUrl'],
    ['an upper-case BLOB: URL', { ...check, blobUrl: 'BLOB:https://x/y' }, 'blobUrl'],
    ['a short job id', { ...check, jobId: 'abc' }, 'jobId'],
    ['a job id with a path', { type: 'cs:fetched', jobId: '../../etc/passwd' }, 'jobId'],
    ['a job id with spaces', { type: 'cs:cancel', jobId: 'job 0123456789' }, 'jobId'],
    ['a too long job id', { type: 'cs:cancel', jobId: 'a'.repeat(65) }, 'jobId'],
    ['a numeric job id', { type: 'cs:cancel', jobId: 12345678 }, 'jobId'],
    ['an unknown kind', { ...check, kind: 'audio' }, 'kind'],
    ['an unknown via', { ...check, via: 'script' }, 'via'],
    ['a negative size', { ...check, size: -1 }, 'size'],
    ['a fractional size', { ...check, size: 1.5 }, 'size'],
    ['a huge name', { ...check, name: 'x'.repeat(1025) }, 'name'],
    ['a huge mime type', { ...check, mimeType: 'x'.repeat(201) }, 'mimeType'],
    ['a non-numeric confirmation key', { ...release, confirmations: { first: { kind: 'adult' } } }, 'confirmations.first'],
    ['a negative confirmation key', { ...release, confirmations: { '-1': { kind: 'adult' } } }, 'confirmations.-1'],
    ['a fractional confirmation key', { ...release, confirmations: { '1.5': { kind: 'adult' } } }, 'confirmations.1.5'],
    ['an unknown confirmation kind', { ...release, confirmations: { '0': { kind: 'consented' } } }, 'confirmations.0.kind'],
    ['a pupil confirmation without an id', { ...release, confirmations: { '0': { kind: 'pupil', pupilId: '' } } }, 'confirmations.0.pupilId'],
    [
      'a descriptor sneaked into a confirmation',
      { ...release, confirmations: { '0': { kind: 'pupil', pupilId: '2001', descriptor: DESCRIPTOR } } },
      'confirmations.0',
    ],
    ['a descriptor sneaked into a manual face', { ...release, manualFaces: [{ frame: 0, box: [1, 2, 3, 4], descriptor: DESCRIPTOR }] }, 'manualFaces.0'],
    ['a descriptor as a manual face box', { ...release, manualFaces: [{ frame: 0, box: DESCRIPTOR }] }, 'manualFaces.0.box'],
    ['a manual face with a zero width', { ...release, manualFaces: [{ frame: 0, box: [1, 2, 0, 4] }] }, 'manualFaces.0.box.2'],
    ['a manual face with an infinite x', { ...release, manualFaces: [{ frame: 0, box: [Infinity, 2, 3, 4] }] }, 'manualFaces.0.box.0'],
    ['a manual face on frame -1', { ...release, manualFaces: [{ frame: -1, box: [1, 2, 3, 4] }] }, 'manualFaces.0.frame'],
    ['too many manual faces', { ...release, manualFaces: Array.from({ length: 201 }, () => ({ frame: 0, box: [1, 2, 3, 4] })) }, 'manualFaces'],
    ['a string flag', { ...release, noHarmConfirmed: 'yes' }, 'noHarmConfirmed'],
    ['an override without a reason', { ...release, override: {} }, 'override.reason'],
    ['an override reason that is not text', { ...release, override: { reason: 42 } }, 'override.reason'],
    ['a huge override reason', { ...release, override: { reason: 'x'.repeat(2001) } }, 'override.reason'],
    ['an extra key on an override', { ...release, override: { reason: 'x'.repeat(30), faces: [0] } }, 'override'],

    ['a missing flag', { ...release, noFacesConfirmed: undefined }, 'noFacesConfirmed'],
    ['an unknown blocked via', { type: 'cs:blocked', via: 'websocket', url: 'u', reason: 'r' }, 'via'],
    ['a huge blocked URL', { type: 'cs:blocked', via: 'fetch', url: 'x'.repeat(2049), reason: 'r' }, 'url'],
    ['a huge blocked reason', { type: 'cs:blocked', via: 'fetch', url: 'u', reason: 'x'.repeat(501) }, 'reason'],
  ];

  it.each(MALFORMED)('refuses %s, naming the path', (_what, message, path) => {
    const r = parseOr(CsToBgSchema, message);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatch(new RegExp(`^malformed message at ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
  });
});

describe('CsToBgSchema and __proto__', () => {
  it('drops a __proto__ confirmation key without touching any prototype', () => {
    const confirmations: unknown = JSON.parse('{"__proto__": {"kind": "adult"}, "0": {"kind": "cover"}}');
    const r = parseOr(CsToBgSchema, { ...release, confirmations });
    expect(r.ok).toBe(true);
    if (!r.ok || r.value.type !== 'cs:release') return;
    expect(Object.keys(r.value.confirmations)).toEqual(['0']);
    expect(Object.getPrototypeOf(r.value.confirmations)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['kind']).toBeUndefined();
  });
});

const frame: WireFrame = {
  time: null,
  width: 1920,
  height: 1280,
  faces: [
    { box: [425, 380, 170, 185], score: 0.98 },
    { box: [835, 450, 165, 190], score: 0.9, match: { status: 'match', pupilId: '2001', distance: 0.3, runnerUp: { pupilId: '2002', distance: 0.5 } } },
    { box: [1475, 235, 185, 195], score: 0.7, match: { status: 'uncertain', pupilId: '2003', distance: 0.47, runnerUp: null } },
    { box: [1, 1, 10, 10], score: 0.6, match: { status: 'unknown', nearestDistance: null } },
  ],
};

const checkReply = {
  jobId: JOB,
  kind: 'image',
  channel: { id: 'social', label: 'Sociale media' },
  mode: 'recognize',
  lang: 'nl',
  frames: [frame],
  pupils: [{ id: '2001', name: 'Noor Jansen', group: '8B', consent: 'unknown' }],
  problems: [{ reason: 'consent_list_stale', message: 'old' }],
  timings: { detect: 120.5, decode: 3 },
  override: { allowed: false, minReason: 20 },
} satisfies CheckReply;

describe('CheckReplySchema', () => {
  it('round-trips a photo reply through JSON', () => {
    const wire: unknown = JSON.parse(JSON.stringify(checkReply));
    expect(parseOr(CheckReplySchema, wire)).toEqual({ ok: true, value: checkReply });
  });

  it('round-trips a video reply with previews', () => {
    const reply: CheckReply = {
      ...checkReply,
      kind: 'video',
      mode: 'detect',
      frames: [{ time: 1.5, width: 640, height: 360, faces: [{ box: [1, 2, 3, 4], score: 0.8 }], previewUrl: 'blob:chrome-extension://id/uuid' }],
      video: { durationS: 12.3, sampled: 24 },
      problems: [],
    };
    expect(parseOr(CheckReplySchema, JSON.parse(JSON.stringify(reply)))).toEqual({ ok: true, value: reply });
  });

  it.each([
    ['a descriptor on a face', { ...checkReply, frames: [{ ...frame, faces: [{ box: [1, 2, 3, 4], score: 1, descriptor: DESCRIPTOR }] }] }, 'frames.0.faces.0'],
    ['a non-blob preview', { ...checkReply, frames: [{ ...frame, previewUrl: 'https://evil.example/x.jpg' }] }, 'frames.0.previewUrl'],
    ['a match without a pupil', { ...checkReply, frames: [{ ...frame, faces: [{ box: [1, 2, 3, 4], score: 1, match: { status: 'match', distance: 0.1, runnerUp: null } }] }] }, 'frames.0.faces.0.match'],
    ['an unknown consent', { ...checkReply, pupils: [{ id: '1', name: 'a', group: '1', consent: 'maybe' }] }, 'pupils.0.consent'],
    ['an extra key', { ...checkReply, roster: {} }, '(root)'],
    ['no override policy', { ...checkReply, override: undefined }, 'override'],
    ['an override policy as text', { ...checkReply, override: { allowed: 'yes', minReason: 20 } }, 'override.allowed'],
  ])('refuses %s', (_what, reply, path) => {
    const r = parseOr(CheckReplySchema, reply);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.startsWith(`malformed message at ${path}: `)).toBe(true);
  });
});

describe('ReleaseReplySchema', () => {
  const ok: ReleaseReply = { ok: true, blobUrl: 'blob:chrome-extension://id/uuid', name: 'foto-2026-01-10-1.jpg', mimeType: 'image/jpeg', sha256: SHA, covered: 2 };
  const refused: ReleaseReply = { ok: false, reasons: ['not_reviewed', 'no_consent'] };

  it('round-trips both shapes', () => {
    for (const reply of [ok, refused]) expect(parseOr(ReleaseReplySchema, JSON.parse(JSON.stringify(reply)))).toEqual({ ok: true, value: reply });
  });

  it.each([
    ['an upper-case hash', { ...ok, sha256: SHA.toUpperCase() }, 'sha256'],
    ['a short hash', { ...ok, sha256: 'ab' }, 'sha256'],
    ['a non-blob URL', { ...ok, blobUrl: 'https://x' }, 'blobUrl'],
    ['a negative count', { ...ok, covered: -1 }, 'covered'],
    ['reasons on success', { ...ok, reasons: [] }, '(root)'],
    ['a file on refusal', { ...refused, blobUrl: 'blob:x' }, '(root)'],
  ])('refuses %s', (_what, reply, path) => {
    const r = parseOr(ReleaseReplySchema, reply);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.startsWith(`malformed message at ${path}: `)).toBe(true);
  });
});

describe('OsAnalyseReplySchema', () => {
  const ok: OsAnalyseReply = {
    ok: true,
    frames: [{ time: null, width: 1920, height: 1280, faces: [{ box: [1, 2, 3, 4], score: 0.9, descriptor: DESCRIPTOR }, { box: [5, 6, 7, 8], score: 0.8 }] }],
    sha256: SHA,
    timings: { total: 300 },
  };

  it('round-trips a success with descriptors and a failure', () => {
    const failed: OsAnalyseReply = { ok: false, error: { code: 'engine_unavailable', message: 'the model did not load' } };
    const video: OsAnalyseReply = { ...ok, video: { durationS: 3, sampled: 6 }, frames: [{ ...ok.frames[0]!, time: 0.5, previewUrl: 'blob:x' }] };
    for (const reply of [ok, failed, video]) expect(parseOr(OsAnalyseReplySchema, JSON.parse(JSON.stringify(reply)))).toEqual({ ok: true, value: reply });
  });

  it.each([127, 129, 0, 1])('refuses a descriptor of length %i', (length) => {
    const reply = { ...ok, frames: [{ ...ok.frames[0]!, faces: [{ box: [1, 2, 3, 4], score: 1, descriptor: new Array<number>(length).fill(0) }] }] };
    const r = parseOr(OsAnalyseReplySchema, reply);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^malformed message at frames\.0\.faces\.0\.descriptor: /) });
  });

  it('refuses a descriptor that is not numbers', () => {
    const reply = { ...ok, frames: [{ ...ok.frames[0]!, faces: [{ box: [1, 2, 3, 4], score: 1, descriptor: DESCRIPTOR.map(String) }] }] };
    expect(parseOr(OsAnalyseReplySchema, reply).ok).toBe(false);
  });

  it('refuses a bad hash or a zero-sized frame', () => {
    expect(parseOr(OsAnalyseReplySchema, { ...ok, sha256: 'x'.repeat(64) }).ok).toBe(false);
    expect(parseOr(OsAnalyseReplySchema, { ...ok, frames: [{ ...ok.frames[0]!, width: 0 }] }).ok).toBe(false);
  });
});

describe('the other channels', () => {
  it('parse their messages', () => {
    expect(HelloReplySchema.safeParse({ active: false }).success).toBe(true);
    expect(HelloReplySchema.safeParse({ active: true, channel: { id: 'social', label: 'Social' }, lang: 'en', mode: 'detect' }).success).toBe(true);
    expect(HelloReplySchema.safeParse({ active: false, channel: { id: 'social', label: 'Social' } }).success).toBe(false);
    expect(BgToCsSchema.safeParse({ type: 'bg:progress', jobId: JOB, stage: 'detect', fraction: null }).success).toBe(true);
    expect(BgToCsSchema.safeParse({ type: 'bg:progress', jobId: JOB, stage: 'detect', fraction: 1.5 }).success).toBe(false);
    expect(OsToBgSchema.safeParse({ type: 'os:progress', jobId: JOB, stage: 'detect', fraction: 0.5 }).success).toBe(true);
    expect(OsStatusReplySchema.safeParse({ ready: true, backend: 'wasm', loadMs: 10 }).success).toBe(true);
    expect(OsReleaseReplySchema.safeParse({ ok: true, blobUrl: 'blob:x', name: 'a.jpg', mimeType: 'image/jpeg', sha256: SHA, covered: 0 }).success).toBe(true);
    expect(OsReleaseReplySchema.safeParse({ ok: false, error: { code: 'x', message: 'y' } }).success).toBe(true);
  });

  it('BgToOs requires the offscreen target, blob: URLs and an ISO date', () => {
    const releaseOs = {
      type: 'bg:os-release',
      target: 'offscreen',
      jobId: JOB,
      kind: 'image',
      blobUrl: 'blob:x',
      mimeType: 'image/jpeg',
      covers: [[1, 2, 3, 4]],
      style: 'solid',
      date: '2026-01-10T12:00:00.000Z',
      sequence: 1,
    };
    expect(BgToOsSchema.safeParse(releaseOs).success).toBe(true);
    expect(BgToOsSchema.safeParse({ ...releaseOs, target: 'background' }).success).toBe(false);
    expect(BgToOsSchema.safeParse({ ...releaseOs, date: 'yesterday' }).success).toBe(false);
    expect(BgToOsSchema.safeParse({ ...releaseOs, sequence: 0 }).success).toBe(false);
    expect(BgToOsSchema.safeParse({ type: 'bg:os-revoke', target: 'offscreen', urls: ['blob:a', 'https://b'] }).success).toBe(false);
    expect(BgToOsSchema.safeParse({ type: 'bg:os-analyse', target: 'offscreen', jobId: JOB, kind: 'video', blobUrl: 'blob:x', describe: true }).success).toBe(true);
  });
});
