/**
 * Recognition is opt-in: on only after the school confirms explicit biometric consent of the parents and a DPIA;
 * off again removes every reference descriptor (the caller deletes them from the store) and returns to detection.
 * Which pupils may be enrolled follows the list: only those with biometric consent. Pure.
 */
import { fullName, type Roster } from '../consent/schema';
import type { GateSettings } from '../settings/schema';
import { filterPupils } from './pupils';

export interface RecognitionConfirmations {
  biometricConsent: boolean;
  dpia: boolean;
}

export type RecognitionOn = { ok: true; settings: GateSettings } | { ok: false; missing: ('biometricConsent' | 'dpia' | 'by')[] };

export function turnRecognitionOn(local: GateSettings, confirmed: RecognitionConfirmations, by: string, now: Date): RecognitionOn {
  const missing: ('biometricConsent' | 'dpia' | 'by')[] = [];
  if (!confirmed.biometricConsent) missing.push('biometricConsent');
  if (!confirmed.dpia) missing.push('dpia');
  const who = by.trim().slice(0, 200);
  if (who === '') missing.push('by');
  if (missing.length > 0) return { ok: false, missing };
  return {
    ok: true,
    settings: {
      ...local,
      mode: 'recognize',
      recognition: { biometricConsentConfirmed: true, dpiaConfirmed: true, confirmedAt: now.toISOString(), by: who },
    },
  };
}

export function turnRecognitionOff(local: GateSettings): GateSettings {
  return { ...local, mode: 'detect', recognition: null };
}

export interface EnrolmentRow {
  id: string;
  name: string;
  group: string;
  /** Reference descriptors stored now. */
  references: number;
  /** Only pupils whose list records biometric consent can be enrolled. */
  canEnrol: boolean;
}

/** Every pupil (filtered like the pupils section), with what enrolment may do for them. */
export function enrolmentRows(roster: Roster | null, query = '', group = ''): EnrolmentRow[] {
  if (roster === null) return [];
  return filterPupils(roster.pupils, query, group).map((p) => ({
    id: p.id,
    name: fullName(p),
    group: p.group,
    references: p.descriptors.length,
    canEnrol: p.biometricConsent,
  }));
}

export function enrolmentTotals(roster: Roster | null): { consented: number; enrolled: number; references: number } {
  const pupils = roster?.pupils ?? [];
  return {
    consented: pupils.filter((p) => p.biometricConsent).length,
    enrolled: pupils.filter((p) => p.descriptors.length > 0).length,
    references: pupils.reduce((n, p) => n + p.descriptors.length, 0),
  };
}
