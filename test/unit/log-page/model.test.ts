/** The log page's pure core: filters, filter choices, the pupil directory and report, the chain's state, texts. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChain, filterEntries, type AuditData, type AuditEntry } from '../../../src/audit';
import { importRoster } from '../../../src/consent/load';
import { reasonLabel, STRING_TABLES } from '../../../src/log-page/i18n';
import {
  chainWithProblems,
  exportFileName,
  filterOptions,
  findPupils,
  localDayStart,
  NO_FILTER,
  NO_NAME,
  pupilDirectory,
  pupilFate,
  pupilReport,
  toAuditFilter,
} from '../../../src/log-page/model';
import { reasonLine } from '../../../src/log-page/table';
import { verdict } from '../audit/helpers';

const roster = (() => {
  const r = importRoster(readFileSync(join(import.meta.dirname, '../../../demo/roster.csv'), 'utf8'), 'roster.csv');
  if (!r.ok) throw new Error('demo roster');
  return r.roster;
})();

const face = (index: number, status: 'ok' | 'cover' | 'hold', pupilId: string | null, reason: string | null = null) => ({ index, status, reason, pupilId });

async function log(items: AuditData[]): Promise<AuditEntry[]> {
  return buildChain(items);
}

describe('filters', () => {
  it('turns local calendar days into a half-open time range, "to" inclusive', () => {
    const f = toAuditFilter({ ...NO_FILTER, from: '2025-03-01', to: '2025-03-02' });
    expect(f.from).toEqual(new Date(2025, 2, 1));
    expect(f.to).toEqual(new Date(2025, 2, 3));
    expect(localDayStart('2025-3-1')).toBeNull();
    expect(toAuditFilter({ ...NO_FILTER, from: 'yesterday' })).toEqual({});
  });

  it('maps outcomes to verdicts of verdict entries, and other choices to kinds', async () => {
    expect(toAuditFilter({ ...NO_FILTER, outcome: 'covered' })).toEqual({ kind: 'verdict', verdict: 'covered' });
    expect(toAuditFilter({ ...NO_FILTER, outcome: 'override' })).toEqual({ kind: 'override' });
    expect(toAuditFilter({ ...NO_FILTER, outcome: 'blocked' })).toEqual({ kind: 'blocked' });
    expect(toAuditFilter({ ...NO_FILTER, outcome: 'consent_change' })).toEqual({ kind: 'consent_change' });
    const entries = await log([verdict(0), verdict(1, { kind: 'override', verdict: 'covered', overrideReason: 'parents agreed in writing' }), verdict(2, { verdict: 'held' })]);
    expect(filterEntries(entries, toAuditFilter({ ...NO_FILTER, outcome: 'covered' })).map((e) => e.seq)).toEqual([1]);
    expect(filterEntries(entries, toAuditFilter({ ...NO_FILTER, outcome: 'override' })).map((e) => e.seq)).toEqual([2]);
  });

  it('picks entries without a staff name with the marker, and anyone with ""', async () => {
    const entries = await log([verdict(0), verdict(1, { staff: '' })]);
    expect(filterEntries(entries, toAuditFilter({ ...NO_FILTER, staff: NO_NAME })).map((e) => e.seq)).toEqual([2]);
    expect(filterEntries(entries, toAuditFilter({ ...NO_FILTER, staff: '' }))).toHaveLength(2);
    expect(filterEntries(entries, toAuditFilter({ ...NO_FILTER, staff: 'juf.anna', channel: 'website', origin: 'https://school.example', pupilId: '2002' })).map((e) => e.seq)).toEqual([1]);
  });

  it('offers each distinct channel, site, staff member and pupil once, sorted; retention entries add none', async () => {
    const entries = await log([
      verdict(0, { channel: 'social', origin: 'https://www.facebook.com', staff: 'meester Bas', pupilIds: ['2010'] }),
      verdict(1),
      verdict(2, { staff: '' }),
      verdict(3, { kind: 'retention', staff: 'consent-gate', channel: '', origin: '', pupilIds: [] }),
    ]);
    expect(filterOptions(entries)).toEqual({
      channels: ['social', 'website'],
      origins: ['https://school.example', 'https://www.facebook.com'],
      staff: ['', 'juf.anna', 'meester Bas'],
      pupilIds: ['2001', '2002', '2010'],
    });
  });
});

describe('pupils', () => {
  const directory = pupilDirectory(roster);

  it('takes names from the current list, never from the log', () => {
    expect(directory.byId.get('2001')).toMatchObject({ name: 'Noor Jansen', consent: { website: 'yes' } });
    expect(pupilDirectory(null).byId.size).toBe(0);
  });

  it('finds pupils by any words of their name (accents ignored) or by number, and numbers only the log knows', () => {
    expect(findPupils(directory, [], 'jansen noor').map((p) => p.id)).toEqual(['2001']);
    expect(findPupils(directory, [], '2002').map((p) => p.id)).toEqual(['2002']);
    expect(findPupils(directory, [], 'zoe').map((p) => p.id)).toEqual(['2004']); // Zoë Bakker
    expect(findPupils(directory, ['9999'], '9999')).toEqual([{ id: '9999', name: '', group: '', consent: {} }]);
    expect(findPupils(directory, [], '   ')).toEqual([]);
  });

  it('a report lists every entry naming the pupil and what happened to their face per channel', async () => {
    const entries = await log([
      verdict(0, { verdict: 'released', faces: [face(0, 'ok', '2001')], pupilIds: ['2001'] }),
      verdict(1, { verdict: 'covered', faces: [face(0, 'cover', '2001', 'no_consent'), face(1, 'ok', '2002')], pupilIds: ['2001', '2002'] }),
      verdict(2, { verdict: 'held', faces: [face(0, 'hold', '2001', 'withdrawn')], pupilIds: ['2001'], channel: 'social' }),
      verdict(3, { verdict: 'released', faces: [face(0, 'ok', '2002')], pupilIds: ['2002'] }),
      verdict(4, { kind: 'override', verdict: 'released', faces: [face(0, 'hold', '2001', 'no_consent')], pupilIds: ['2001'], overrideReason: 'parents agreed in writing today' }),
    ]);
    const report = pupilReport(entries, '2001');
    expect(report.entries.map((e) => e.seq)).toEqual([1, 2, 3, 5]);
    expect(report).toMatchObject({ published: 2, covered: 1, held: 1, first: entries[0]!.at, last: entries[4]!.at });
    expect(report.byChannel).toEqual([
      { channel: 'social', published: 0, covered: 0, held: 1 },
      { channel: 'website', published: 2, covered: 1, held: 0 },
    ]);
    // A withdrawn face stays covered under an override (logged as 'cover', with its reason).
    const [withdrawn] = await log([verdict(0, { kind: 'override', verdict: 'covered', faces: [face(0, 'cover', '2001', 'withdrawn')], pupilIds: ['2001'] })]);
    expect(pupilFate(withdrawn!, '2001')).toBe('covered');
    expect(pupilReport(entries, '7777')).toMatchObject({ entries: [], published: 0, first: null });
  });
});

describe('the chain as the page says it', () => {
  it('a stored invalid record breaks the chain at its seq, whatever the valid entries say', () => {
    expect(chainWithProblems({ ok: true, count: 3, since: '2025-03-01T08:00:00.000Z' }, [])).toEqual({ status: 'intact', count: 3, since: '2025-03-01T08:00:00.000Z' });
    expect(chainWithProblems({ ok: true, count: 3, since: null }, [{ seq: 7, message: 'hash: bad' }, { seq: 4, message: 'at: bad' }])).toMatchObject({ status: 'broken', brokenAt: 4, problem: 'invalid' });
    expect(chainWithProblems({ ok: false, brokenAt: 2, problem: 'edited', message: 'x' }, [{ seq: 9, message: 'y' }])).toMatchObject({ brokenAt: 2, problem: 'edited' });
  });
});

describe('texts', () => {
  it('Dutch and English have the same keys', () => {
    const keys = (o: object) => Object.keys(o).sort();
    expect(keys(STRING_TABLES.en)).toEqual(keys(STRING_TABLES.nl));
    for (const k of ['outcomeLabel', 'kindLabel', 'consentState', 'faceStatus', 'modes'] as const) {
      expect(keys(STRING_TABLES.en[k])).toEqual(keys(STRING_TABLES.nl[k]));
    }
  });

  it('says every reason code in words; an unknown code is shown as it is', () => {
    expect(reasonLabel('nl', 'no_consent')).toBe('geen toestemming voor dit kanaal');
    expect(reasonLabel('en', 'log_unavailable')).toBe('the log could not be written, so nothing was released');
    expect(reasonLabel('nl', 'override_forbidden')).toMatch(/niet toegestaan/);
    expect(reasonLabel('en', 'from_a_newer_version')).toBe('from_a_newer_version');
  });

  it('a row’s reason line: the entry’s reasons and its faces’, else the override reason or detail', async () => {
    const [a, b] = await log([
      verdict(0, { reasons: ['consent_list_stale'], faces: [face(0, 'hold', '2001', 'no_consent')] }),
      verdict(1, { kind: 'blocked', reasons: undefined, faces: undefined, detail: 'fetch to https://x: not released' }),
    ]);
    expect(reasonLine('en', a!)).toBe('the consent list is out of date; no consent for this channel');
    expect(reasonLine('en', b!)).toBe('fetch to https://x: not released');
  });

  it('names export files by day and browser', () => {
    expect(exportFileName('json', '1a2b3c4d5e6f', new Date(2026, 10, 23))).toBe('consentgate-log-2026-11-23-1a2b3c4d.json');
    expect(exportFileName('csv', 'merged', new Date(2026, 0, 5), '-pupil-2001')).toBe('consentgate-log-2026-01-05-merged-pupil-2001.csv');
  });
});

describe('reason words shared by the review and the log', () => {
  it('every outcome code has Dutch and English words', async () => {
    const { OUTCOME_CODES, describeReason, isDescribedReason } = await import('../../../src/policy/verdict');
    for (const code of OUTCOME_CODES) {
      expect(isDescribedReason(code)).toBe(true);
      expect(describeReason(code, 'nl')).not.toMatch(/onbekende reden/);
      expect(describeReason(code, 'en')).not.toMatch(/unknown reason/);
    }
    expect(isDescribedReason('made_up')).toBe(false);
  });
});
