import type { Box } from '../../../src/policy/verdict';
import type { Match } from '../../../src/policy/match';
import type { DetectedFace, ReviewFrame, ReviewInput, ReviewPupil } from '../../../src/review/model';

export const PUPILS: ReviewPupil[] = [
  { id: 'p-noor', name: 'Noor Bakker', group: '7', consent: 'yes' },
  { id: 'p-sem', name: 'Sem de Vries', group: '7', consent: 'no' },
  { id: 'p-zoe', name: 'Zoë van den Berg', group: '8', consent: 'withdrawn' },
  { id: 'p-daan', name: 'Daan Jansen', group: '8', consent: 'unknown' },
  { id: 'p-lotte', name: 'Lotte Smit', group: '6', consent: 'yes' },
];

export const box = (i: number): Box => [100 * i + 10, 20, 60, 80];
export const face = (i: number, match?: Match): DetectedFace => (match ? { box: box(i), score: 0.9, match } : { box: box(i), score: 0.9 });

export function frame(faces: DetectedFace[], time: number | null = null): ReviewFrame {
  return { time, width: 640, height: 480, preview: null, faces };
}

export function photo(faces: DetectedFace[], overrides: Partial<ReviewInput> = {}): ReviewInput {
  return {
    lang: 'nl',
    fileName: 'schoolreis.jpg',
    kind: 'image',
    channel: { id: 'website', label: 'Schoolwebsite' },
    mode: 'detect',
    frames: [frame(faces)],
    pupils: PUPILS,
    problems: [],
    allowCover: true,
    ...overrides,
  };
}

export function video(frames: DetectedFace[][], overrides: Partial<ReviewInput> = {}): ReviewInput {
  return photo([], {
    kind: 'video',
    fileName: 'musical.mp4',
    frames: frames.map((faces, i) => frame(faces, i * 4.5)),
    video: { durationS: 30, sampled: 12 },
    allowCover: false,
    ...overrides,
  });
}

export const matched = (pupilId: string): Match => ({ status: 'match', pupilId, distance: 0.2, runnerUp: null });
export const uncertain = (pupilId: string): Match => ({ status: 'uncertain', pupilId, distance: 0.47, runnerUp: null });
export const unknown: Match = { status: 'unknown', nearestDistance: 0.9 };
