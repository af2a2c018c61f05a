import { DESCRIPTOR_LENGTH, ROSTER_FORMAT, type Pupil, type Roster } from '../../../src/consent/schema';

/** scale × the i-th basis vector of R^128. Distances between such vectors are known exactly. */
export function basis(i: number, scale = 1): number[] {
  const v = new Array<number>(DESCRIPTOR_LENGTH).fill(0);
  v[i] = scale;
  return v;
}

export const ZERO: number[] = new Array<number>(DESCRIPTOR_LENGTH).fill(0);

export function pupil(id: string, overrides: Partial<Pupil> = {}): Pupil {
  return {
    id,
    givenName: id,
    namePrefix: '',
    familyName: 'Test',
    nicknames: [],
    group: '7',
    consent: {},
    firstNameAllowed: {},
    biometricConsent: true,
    descriptors: [],
    ...overrides,
  };
}

export function roster(channels: string[], pupils: Pupil[]): Roster {
  return {
    format: ROSTER_FORMAT,
    version: 1,
    importedAt: '2025-01-01T00:00:00Z',
    source: { kind: 'json', name: 'test' },
    channels: channels.map((id) => ({ id, label: id })),
    pupils,
  };
}
