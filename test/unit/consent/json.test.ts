import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DESCRIPTOR_LENGTH,
  PupilSchema,
  RosterSchema,
  importRosterCsv,
  parseRosterJson,
  serializeRoster,
  type ImportIssue,
  type ImportResult,
  type Roster,
} from '../../../src/consent';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../../fixtures/consent/${name}`, import.meta.url)), 'utf8');

function csvRoster(): Roster {
  const result = importRosterCsv(fixture('default.csv'), { sourceName: 'default.csv', now: new Date('2025-03-01T08:00:00.000Z') });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.roster;
}

/** A descriptor with awkward floats, to check they survive the round trip exactly. */
const descriptor = (seed: number) => Array.from({ length: DESCRIPTOR_LENGTH }, (_, i) => Math.sin(seed * 1000 + i) / 3);

function enrolledRoster(): Roster {
  const roster = csvRoster();
  const [first, ...rest] = roster.pupils;
  if (first === undefined || !first.biometricConsent) throw new Error('fixture changed: first pupil needs biometric consent');
  return {
    ...roster,
    pupils: [{ ...first, descriptors: [descriptor(1), descriptor(2)], enrolledAt: '2025-03-02T09:30:00.000Z' }, ...rest],
  };
}

function expectErrors(result: ImportResult): ImportIssue[] {
  if (result.ok) throw new Error('expected the roster to be rejected');
  expect(Object.keys(result).sort()).toEqual(['errors', 'ok']);
  return result.errors;
}

describe('serializeRoster / parseRosterJson round trip', () => {
  it.each([
    ['imported from CSV', csvRoster],
    ['with descriptors and enrolledAt', enrolledRoster],
  ])('%s: serialize → parse gives an equal roster', (_name, make) => {
    const roster = make();
    const text = serializeRoster(roster);
    const result = parseRosterJson(text, 'roster.json');
    expect(result).toEqual({ ok: true, roster, warnings: [] });
    // Stable: serializing the parsed roster gives the same text.
    expect(result.ok && serializeRoster(result.roster)).toBe(text);
  });

  it('writes keys in schema order whatever the order of the object, and descriptors on one line', () => {
    const roster = enrolledRoster();
    const [first] = roster.pupils;
    if (first === undefined) throw new Error('no pupil');
    const shuffled = {
      pupils: [
        Object.fromEntries(
          Object.entries({ ...first, consent: Object.fromEntries(Object.entries(first.consent).reverse()) }).reverse(),
        ),
      ],
      channels: roster.channels.map((c) => ({ label: c.label, id: c.id })),
      source: { name: roster.source.name, kind: roster.source.kind },
      importedAt: roster.importedAt,
      version: roster.version,
      format: roster.format,
    } as Roster;
    const text = serializeRoster(shuffled);
    const parsed = JSON.parse(text) as Record<string, unknown> & { pupils: Record<string, unknown>[]; channels: object[]; source: object };
    expect(Object.keys(parsed)).toEqual(Object.keys(RosterSchema.shape));
    expect(Object.keys(parsed.source)).toEqual(['kind', 'name']);
    expect(Object.keys(parsed.channels[0] ?? {})).toEqual(['id', 'label']);
    expect(Object.keys(parsed.pupils[0] ?? {})).toEqual(Object.keys(PupilSchema.shape));
    expect(Object.keys(parsed.pupils[0]?.consent ?? {})).toEqual(['website', 'social', 'newsletter']);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toMatch(/\n {8}\[-?\d[^\n]*\],\n {8}\[/); // one descriptor per line
  });
});

describe('parseRosterJson: rejected rosters', () => {
  it('rejects descriptors on a pupil without biometric consent, naming the path', () => {
    const roster = csvRoster();
    const index = roster.pupils.findIndex((p) => !p.biometricConsent);
    expect(index).toBeGreaterThan(0);
    const pupils = roster.pupils.map((p, i) => (i === index ? { ...p, descriptors: [descriptor(3)] } : p));
    const errors = expectErrors(parseRosterJson(JSON.stringify({ ...roster, pupils }), 'roster.json'));
    expect(errors).toEqual([
      {
        line: null,
        column: `pupils[${index}].descriptors`,
        message: 'reference descriptors are only allowed for a pupil with biometric consent',
      },
    ]);
  });

  const base = () => JSON.parse(serializeRoster(csvRoster())) as { pupils: Record<string, unknown>[]; [key: string]: unknown };

  it.each<{ name: string; edit: (data: ReturnType<typeof base>) => unknown; column: string | null; message: RegExp }>([
    {
      name: 'bad consent state',
      edit: (d) => ((d.pupils[1] as { consent: Record<string, string> }).consent.website = 'maybe'),
      column: 'pupils[1].consent.website',
      message: /expected one of "yes"\|"no"\|"withdrawn"/,
    },
    { name: 'unknown field', edit: (d) => (d.pupils[0]!.photo = 'x.jpg'), column: 'pupils[0].photo', message: /unknown field "photo"/ },
    { name: 'missing field', edit: (d) => delete d.pupils[2]!.familyName, column: 'pupils[2].familyName', message: /is missing/ },
    {
      name: 'bad channel key',
      edit: (d) => ((d.pupils[0] as { consent: Record<string, string> }).consent['Web Site'] = 'yes'),
      column: 'pupils[0].consent["Web Site"]',
      message: /"Web Site" is not a valid key here/,
    },
    {
      name: 'consent missing for a channel',
      edit: (d) => delete (d.pupils[3] as { consent: Record<string, string> }).consent.social,
      column: 'pupils[3].consent',
      message: /no consent recorded for channel "social"/,
    },
    { name: 'duplicate pupil id', edit: (d) => (d.pupils[1]!.id = d.pupils[0]!.id), column: 'pupils[1].id', message: /also used by pupils\[0\]/ },
    { name: 'bad importedAt', edit: (d) => (d.importedAt = 'yesterday'), column: 'importedAt', message: /datetime/i },
    { name: 'not a roster', edit: (d) => delete d.format, column: 'format', message: /not a ConsentGate roster/ },
    { name: 'other version', edit: (d) => (d.version = 2), column: 'version', message: /version 2 is not supported/ },
  ])('$name → $column', ({ edit, column, message }) => {
    const data = base();
    edit(data);
    const errors = expectErrors(parseRosterJson(JSON.stringify(data, null, 2), 'roster.json'));
    expect(errors).toEqual([{ line: null, column, message: expect.stringMatching(message) }]);
  });

  it('reports a JSON syntax error with its line when the parser gives a position', () => {
    const errors = expectErrors(parseRosterJson('{\n  "format": "consent-gate-roster",\n  "version" 1\n}\n', 'roster.json'));
    expect(errors).toEqual([{ line: 3, column: null, message: expect.stringMatching(/^not valid JSON: .*\(line 3, column 13\)$/) }]);
  });

  it.each([
    ['trailing comma', '{"format": "consent-gate-roster",}'],
    ['truncated', '{"format": "consent-gate-roster", "pupils": ['],
    ['not JSON at all', 'pupil_id,given_name\n1,Anna\n'],
  ])('reports a JSON syntax error: %s', (_name, text) => {
    const errors = expectErrors(parseRosterJson(text, 'roster.json'));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toMatch(/^not valid JSON: /);
    expect(errors[0]?.column).toBeNull();
  });

  it.each(['', '  \n', '[]', 'null', '"roster"'])('rejects %j as not a roster', (text) => {
    const errors = expectErrors(parseRosterJson(text, 'roster.json'));
    expect(errors).toHaveLength(1);
  });
});
