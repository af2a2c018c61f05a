import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importRoster } from '../../../src/consent/load';
import type { Roster } from '../../../src/consent/schema';

/** demo/roster.csv (groep 8B: Noor, Lotte, Fenna, Zoë, Daan), imported at `now`. */
export function demoRoster(now = new Date('2026-03-02T09:00:00Z')): Roster {
  const result = importRoster(readFileSync(join(import.meta.dirname, '../../../demo/roster.csv'), 'utf8'), 'roster.csv', { now });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.roster;
}

/** A 128-d descriptor: `scale` on axis `i`. */
export function axis(i: number, scale = 1): number[] {
  const v = new Array<number>(128).fill(0);
  v[i] = scale;
  return v;
}
