import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shared labelled face photos; never copied into the repository. */
export const FACES = process.env.CONSENT_GATE_FACES ?? join(ROOT, '..', 'shared', 'faces');
export const hasFaces = () => existsSync(join(FACES, 'groups.json'));

export type GtBox = [number, number, number, number];
export interface GroupTruth {
  file: string;
  width: number;
  height: number;
  facesTotal: number;
  faces: { box: GtBox; identity: string | null }[];
}

export function groupTruth(): GroupTruth[] {
  const json = JSON.parse(readFileSync(join(FACES, 'groups.json'), 'utf8')) as {
    groups: Record<string, { width: number; height: number; faces_total: number; faces: { box: GtBox; identity: string | null }[] }>;
  };
  return Object.entries(json.groups).map(([file, g]) => ({ file: join(FACES, 'groups', file), width: g.width, height: g.height, facesTotal: g.faces_total, faces: g.faces }));
}

const images = (dir: string) => readdirSync(dir).filter((f) => /\.(jpe?g|png|webp)$/i.test(f)).sort().map((f) => join(dir, f));

export const negatives = () => images(join(FACES, 'negatives'));

export function people(kind: 'identities' | 'never-enrolled'): { person: string; photos: string[] }[] {
  const dir = join(FACES, kind);
  return readdirSync(dir).sort().map((person) => ({ person, photos: images(join(dir, person)) }));
}
