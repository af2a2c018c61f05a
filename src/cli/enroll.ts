import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fullName, RosterSchema, serializeRoster, type Pupil, type Roster } from '../consent';
import { checkPortrait, lookAlikes, selectReferences, type Candidate } from '../enrol';
import type { FaceEngine } from '../faces/engine';
import { DEFAULT_MATCH_SETTINGS } from '../policy';
import type { EnrollArgs } from './args';

export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.avif', '.heic', '.heif', '.tif', '.tiff']);

export interface PupilEnrolment {
  pupilId: string;
  status: 'enrolled' | 'not_enrolled' | 'skipped';
  references: number;
  accepted: string[];
  rejected: { file: string; message: string }[];
  note?: string;
}

export interface EnrolSummary {
  out: string;
  pupils: PupilEnrolment[];
  warnings: string[];
}

async function listDir(path: string) {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (err) {
    throw new Error(`cannot read the portraits folder ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/**
 * Enrols pupils with biometric consent from DIR/<pupil id>/ portraits. Portraits of other pupils are never read.
 * Only descriptors are kept; the new roster is validated, then written atomically.
 */
export async function runEnroll(args: EnrollArgs, roster: Roster, engine: FaceEngine, log: (line: string) => void): Promise<EnrolSummary> {
  const pupils = new Map(roster.pupils.map((p) => [p.id, p]));
  const entries = (await listDir(args.photos)).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const results: PupilEnrolment[] = [];
  const warnings: string[] = [];
  const descriptors = new Map<string, number[][]>();
  for (const folder of entries) {
    const pupil = pupils.get(folder);
    if (!pupil) {
      warnings.push(`folder "${folder}": no pupil with this id on the consent list; skipped`);
      continue;
    }
    if (!pupil.biometricConsent) {
      results.push({ pupilId: folder, status: 'skipped', references: 0, accepted: [], rejected: [], note: 'no biometric consent: portraits not read' });
      continue;
    }
    const files = (await listDir(join(args.photos, folder))).filter((e) => e.isFile() && IMAGE_EXTENSIONS.has(extname(e.name).toLowerCase())).map((e) => e.name).sort();
    const rejected: { file: string; message: string }[] = [];
    const candidates: Candidate[] = [];
    for (const file of files) {
      const result = await engine.analyseBytes(new Uint8Array(await readFile(join(args.photos, folder, file))), { describe: true });
      if (!result.ok) {
        rejected.push({ file, message: result.error.message });
        continue;
      }
      const check = checkPortrait(result.value);
      const descriptor = check.ok ? result.value.faces[check.faceIndex]!.descriptor : undefined;
      if (!check.ok) rejected.push({ file, message: check.message });
      else if (descriptor) candidates.push({ name: file, descriptor });
    }
    const { kept, rejected: dropped } = selectReferences(candidates);
    rejected.push(...dropped.map((d) => ({ file: d.name, message: d.message })));
    const entry: PupilEnrolment = { pupilId: folder, status: kept.length > 0 ? 'enrolled' : 'not_enrolled', references: kept.length, accepted: kept.map((k) => k.name), rejected };
    if (files.length === 0) entry.note = 'no portraits in the folder';
    else if (kept.length === 1) entry.note = 'only 1 portrait passed; 2–3 make recognition more reliable';
    else if (kept.length === 0 && pupil.descriptors.length > 0) entry.note = `no portrait passed; the ${pupil.descriptors.length} earlier references are kept`;
    if (kept.length > 0) descriptors.set(folder, kept.map((k) => Array.from(k.descriptor, (v) => Number(v.toFixed(6)))));
    results.push(entry);
  }
  for (const pupil of roster.pupils) {
    if (pupil.biometricConsent && !entries.includes(pupil.id) && pupil.descriptors.length === 0) {
      results.push({ pupilId: pupil.id, status: 'not_enrolled', references: 0, accepted: [], rejected: [], note: 'biometric consent, but no portraits folder' });
    }
  }
  const enrolledAt = new Date().toISOString();
  const updated: Roster = {
    ...roster,
    pupils: roster.pupils.map((p): Pupil => {
      const refs = descriptors.get(p.id);
      return refs ? { ...p, descriptors: refs, enrolledAt } : p;
    }),
  };
  for (const pair of lookAlikes(updated.pupils, DEFAULT_MATCH_SETTINGS.threshold)) {
    warnings.push(`${pair.a} and ${pair.b} look alike (distance ${pair.distance.toFixed(2)}); their faces will be left to the uploader`);
  }
  const valid = RosterSchema.safeParse(updated);
  if (!valid.success) throw new Error(`the enrolled roster failed validation, nothing was written: ${valid.error.issues[0]?.message}`);
  const tmp = `${args.out}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, serializeRoster(valid.data));
  await rename(tmp, args.out);
  for (const r of results) log(describeEnrolment(r, pupils.get(r.pupilId)));
  for (const w of warnings) log(`warning: ${w}`);
  return { out: args.out, pupils: results, warnings };
}

function describeEnrolment(r: PupilEnrolment, pupil: Pupil | undefined): string {
  const name = pupil ? ` (${fullName(pupil)})` : '';
  const head =
    r.status === 'enrolled' ? `${r.pupilId}${name}: enrolled with ${r.references} reference${r.references === 1 ? '' : 's'}` : `${r.pupilId}${name}: ${r.status === 'skipped' ? 'skipped' : 'not enrolled'}`;
  const lines = [r.note ? `${head} — ${r.note}` : head];
  for (const rej of r.rejected) lines.push(`    rejected ${rej.file}: ${rej.message}`);
  return lines.join('\n');
}
