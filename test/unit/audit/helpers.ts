import type { AuditData } from '../../../src/audit';

/** A verdict entry at `minutes` after 2025-03-01 08:00 UTC. */
export function verdict(minutes: number, overrides: Partial<AuditData> = {}): AuditData {
  return {
    at: new Date(Date.UTC(2025, 2, 1, 8, 0) + minutes * 60_000).toISOString(),
    kind: 'verdict',
    staff: 'juf.anna',
    origin: 'https://school.example',
    channel: 'website',
    mode: 'recognize',
    verdict: 'covered',
    faces: [
      { index: 0, status: 'ok', reason: null, pupilId: '2001' },
      { index: 1, status: 'cover', reason: 'no consent for website', pupilId: '2002' },
    ],
    counts: { faces: 2, covered: 1, held: 0 },
    pupilIds: ['2001', '2002'],
    originalSha256: 'a'.repeat(64),
    releasedSha256: 'b'.repeat(64),
    reasons: ['2002: no consent'],
    ...overrides,
  };
}
