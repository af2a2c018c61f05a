import type { Pupil } from '../consent';
import { fullName } from '../consent';
import { describeReason, type Match, type Verdict } from '../policy';
import type { Lang } from './args';

export interface PhotoReport {
  file: string;
  width: number | null;
  height: number | null;
  verdict: Verdict;
  /** Recognition results per face (recognize mode), for the distance and best guess. */
  matches: (Match | undefined)[];
  timings: { decodeMs: number; detectMs: number; describeMs: number } | null;
}

const round = (v: number) => Math.round(v);

/** One JSON object per photo (`--json`): boxes in pixels of the EXIF-rotated original. */
export function jsonRecord(report: PhotoReport): Record<string, unknown> {
  const { verdict } = report;
  return {
    file: report.file,
    verdict: verdict.verdict,
    channel: verdict.channel,
    mode: verdict.mode,
    width: report.width,
    height: report.height,
    faces: verdict.faces.map((f) => {
      const match = report.matches[f.index];
      return {
        index: f.index + 1,
        box: f.box.map(round),
        score: Number(f.score.toFixed(3)),
        status: f.status,
        pupilId: verdict.mode === 'recognize' ? (f.reason === 'uncertain' ? null : f.pupilId) : f.pupilId,
        ...(f.reason === 'uncertain' && f.pupilId ? { possiblePupilId: f.pupilId } : {}),
        ...(match && match.status !== 'unknown' ? { distance: Number(match.distance.toFixed(3)) } : {}),
        ...(match && match.status === 'unknown' && match.nearestDistance !== null ? { distance: Number(match.nearestDistance.toFixed(3)) } : {}),
        basis: f.basis,
        reason: f.reason,
      };
    }),
    photoReasons: verdict.photoReasons,
    cover: verdict.cover.map((i) => i + 1),
    coverFixesAll: verdict.coverFixesAll,
    ...(report.timings ? { timingsMs: Object.fromEntries(Object.entries(report.timings).map(([k, v]) => [k, round(v)])) } : {}),
  };
}

const T = {
  en: { faces: (n: number) => (n === 1 ? '1 face' : `${n} faces`), allow: 'ALLOW', hold: 'HOLD', ok: 'ok', cover: 'to cover', coverFix: (l: string) => `covering ${l.includes(',') ? 'faces' : 'face'} ${l} would release it`, coverNot: 'covering faces does not resolve it', score: 'score', on: 'on' },
  nl: { faces: (n: number) => (n === 1 ? '1 gezicht' : `${n} gezichten`), allow: 'VRIJGEVEN', hold: 'TEGENHOUDEN', ok: 'ok', cover: 'afdekken', coverFix: (l: string) => `${l.includes(',') ? 'gezichten' : 'gezicht'} ${l} afdekken maakt vrijgeven mogelijk`, coverNot: 'gezichten afdekken lost het niet op', score: 'score', on: 'op' },
} as const;

export function humanReport(report: PhotoReport, lang: Lang, pupils: ReadonlyMap<string, Pupil>, position?: string): string {
  const t = T[lang];
  const { verdict } = report;
  const size = report.width && report.height ? `${report.width}×${report.height}  ` : '';
  const lines = [`${position ? `[${position}] ` : ''}${report.file}  ${size}${t.faces(verdict.faces.length)}  → ${verdict.verdict === 'allow' ? t.allow : t.hold} (${verdict.channel})`];
  for (const p of verdict.photoReasons) lines.push(`    ! ${describeReason(p.reason, lang)}: ${p.message}`);
  for (const f of verdict.faces) {
    const who = f.pupilId ? `${f.pupilId}${pupils.get(f.pupilId) ? ` (${fullName(pupils.get(f.pupilId)!)})` : ''}${f.reason === 'uncertain' ? '?' : ''}: ` : '';
    const match = report.matches[f.index];
    const dist = match && match.status !== 'unknown' ? ` d=${match.distance.toFixed(2)}` : '';
    const state = f.status === 'ok' ? t.ok : f.status === 'cover' ? t.cover : `${describeReason(f.reason!, lang)}`;
    lines.push(`    #${f.index + 1}  [${f.box.map(round).join(', ')}]  ${t.score} ${f.score.toFixed(2)}  ${who}${state}${dist}`);
  }
  if (verdict.verdict === 'hold' && verdict.faces.length > 0) {
    lines.push(`    ${verdict.coverFixesAll ? t.coverFix(verdict.cover.map((i) => i + 1).join(', ')) : t.coverNot}`);
  }
  return lines.join('\n');
}
