// The director's log at scale: building 100,000 chained entries, verifying the whole chain, filtering it.
// Runs alone: `npx tsx test/bench/audit.ts` prints the rows.
import { appendEntry, AuditEntrySchema, canonicalJson, filterEntries, verifyChain, type AuditData, type AuditEntry } from '../../src/audit';
import { entryCanonicalJson, isAuditEntry } from '../../src/audit/fast-check';
import { sha256HexSync } from '../../src/audit/sha256';
import { median, random, runAlone, targetRow, type TargetRow } from './stats';

const ENTRIES = 100_000;





/** A school year of verdicts: 100,000 entries over 365 days, 3 channels, 2,000 pupils, 1–4 faces each. */
function data(count: number, next: () => number): AuditData[] {
  const start = Date.UTC(2024, 8, 1);
  const step = (365 * 86_400_000) / count;
  const channels = ['website', 'social', 'newsletter'];
  const verdicts = ['released', 'covered', 'held', 'cancelled'] as const;
  return Array.from({ length: count }, (_, i): AuditData => {
    const faces = Array.from({ length: 1 + Math.floor(next() * 4) }, (_, index) => {
      const status = next() < 0.7 ? ('ok' as const) : next() < 0.8 ? ('cover' as const) : ('hold' as const);
      return { index, status, reason: status === 'ok' ? null : 'no consent', pupilId: next() < 0.9 ? String(100_000 + Math.floor(next() * 2_000)) : null };
    });
    const override = next() < 0.05;
    return {
      at: new Date(start + i * step).toISOString(),
      kind: override ? 'override' : 'verdict',
      staff: `staff${Math.floor(next() * 40)}`,
      origin: 'https://school.example',
      channel: channels[Math.floor(next() * channels.length)]!,
      mode: 'recognize',
      verdict: verdicts[Math.floor(next() * verdicts.length)]!,
      faces,
      counts: { faces: faces.length, covered: faces.filter((f) => f.status === 'cover').length, held: faces.filter((f) => f.status === 'hold').length },
      pupilIds: faces.flatMap((f) => (f.pupilId === null ? [] : [f.pupilId])),
      originalSha256: 'a'.repeat(64),
      releasedSha256: 'b'.repeat(64),
      ...(override ? { overrideReason: 'parent agreed by e-mail' } : {}),
    };
  });
}

/** Where verifyChain's time goes: each step alone over the whole chain (median of 3), the fast path and what it replaced. */
function verifyBreakdown(chain: readonly AuditEntry[]): TargetRow[] {
  const n = chain.length.toLocaleString('en');
  const time = (run: () => void) => {
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      run();
      times.push(performance.now() - t0);
    }
    return median(times);
  };
  const texts = chain.map((e) => entryCanonicalJson(e));
  let sink = 0;
  const rows = [
    targetRow(`  breakdown: isAuditEntry (fast schema check) × ${n}`, time(() => { for (const e of chain) sink += isAuditEntry(e) ? 1 : 0; }), null),
    targetRow(`  breakdown: AuditEntrySchema.safeParse (zod, the fallback) × ${n}`, time(() => { for (const e of chain) sink += AuditEntrySchema.safeParse(e).success ? 1 : 0; }), null),
    targetRow(`  breakdown: entryCanonicalJson (fast serializer) × ${n}`, time(() => { for (const e of chain) sink += entryCanonicalJson(e).length; }), null),
    targetRow(`  breakdown: canonicalJson (general, the fallback) × ${n}`, time(() => { for (const { hash: _h, ...rest } of chain) sink += canonicalJson(rest).length; }), null),
    targetRow(`  breakdown: sha256HexSync × ${n} (${(texts.reduce((s, t) => s + t.length, 0) / 1e6).toFixed(1)} M chars)`, time(() => { for (const t of texts) sink += sha256HexSync(t).length; }), null),
  ];
  if (sink < 0) console.log(sink);
  return rows;
}

/** The bench's log (also what the log page's browser bench stores): the same for the same count and seed. */
export function benchLogData(count: number, seed = 11): AuditData[] {
  return data(count, random(seed));
}

export async function auditBench(): Promise<{ rows: (string | number)[][] }> {
  const rows: TargetRow[] = [];
  const next = random(11);
  const items = data(ENTRIES, next);

  let t0 = performance.now();
  const chain: AuditEntry[] = [];
  let prev: AuditEntry | null = null;
  for (const item of items) {
    prev = await appendEntry(prev, item);
    chain.push(prev);
  }
  rows.push(targetRow(`build ${ENTRIES.toLocaleString('en')} chained entries (appendEntry one after another)`, performance.now() - t0, null));

  const verifyTimes: number[] = [];
  for (let run = 0; run < 3; run++) {
    t0 = performance.now();
    const result = await verifyChain(chain);
    verifyTimes.push(performance.now() - t0);
    if (!result.ok || result.count !== ENTRIES) throw new Error(`the bench chain did not verify: ${JSON.stringify(result)}`);
  }
  rows.push(targetRow(`verifyChain, ${ENTRIES.toLocaleString('en')} entries (schema + SHA-256 + links), median of 3`, median(verifyTimes), 2000));
  rows.push(...verifyBreakdown(chain));

  const filter = { from: '2024-11-01T00:00:00Z', to: '2025-03-01T00:00:00Z', channel: 'website', verdict: 'covered' as const, pupilId: '100042' };
  const filterTimes: number[] = [];
  let hits = 0;
  for (let run = 0; run < 11; run++) {
    t0 = performance.now();
    hits = filterEntries(chain, filter).length;
    filterTimes.push(performance.now() - t0);
  }
  rows.push(targetRow(`filterEntries over ${ENTRIES.toLocaleString('en')}: date range + channel + verdict + pupil (${hits} hits), median of 11`, median(filterTimes), 200));

  return { rows };
}

await runAlone(import.meta.url, auditBench);
