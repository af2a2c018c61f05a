import { useRef } from 'preact/hooks';
import { useDrawnCanvas } from './hooks';
import type { Strings } from './i18n';
import { formatTime, type ReviewFrame } from './model';
import type { FaceTone, ReviewFace } from './state';

const THUMB_W = 86;
const THUMB_H = 54;
const TONE_RANK: Record<FaceTone, number> = { ok: 0, cover: 1, amber: 2, red: 3 };

/** The most urgent tone among some faces: red, then amber, then covered, then ok. */
export function worstTone(faces: readonly ReviewFace[]): FaceTone {
  return faces.reduce<FaceTone>((worst, f) => (TONE_RANK[f.tone] > TONE_RANK[worst] ? f.tone : worst), 'ok');
}

export interface FrameStripProps {
  t: Strings;
  frames: readonly ReviewFrame[];
  faces: readonly ReviewFace[];
  current: number;
  onShow(frame: number): void;
}

/** Video frames with faces, to switch between; each shows its time and whether a face still needs attention. */
export function FrameStrip({ t, frames, faces, current, onShow }: FrameStripProps) {
  return (
    <div class="strip" role="group" aria-label={t.framesLabel}>
      {frames.map((frame, i) => (
        <Thumb key={i} t={t} frame={frame} index={i} faces={faces.filter((f) => f.frame === i)} active={i === current} onShow={onShow} />
      ))}
    </div>
  );
}

interface ThumbProps {
  t: Strings;
  frame: ReviewFrame;
  index: number;
  faces: readonly ReviewFace[];
  active: boolean;
  onShow(frame: number): void;
}

function Thumb({ t, frame, index, faces, active, onShow }: ThumbProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const ratio = frame.width > 0 && frame.height > 0 ? frame.width / frame.height : THUMB_W / THUMB_H;
  const w = Math.round(Math.min(THUMB_W, THUMB_H * ratio));
  const h = Math.round(Math.min(THUMB_H, THUMB_W / ratio));
  useDrawnCanvas(canvas, frame.preview, w, h);
  const time = formatTime(frame.time ?? 0);
  const tone = worstTone(faces);
  return (
    <button
      type="button"
      class="thumb"
      aria-pressed={active}
      aria-label={`${t.frameAt(time)}, ${t.facesTitle(faces.length)}`}
      data-frame={index}
      onClick={() => onShow(index)}
    >
      <canvas ref={canvas} aria-hidden="true" style={{ width: `${w}px`, height: `${h}px`, margin: '0 auto' }} />
      <span class="thumb-meta">
        <span>{time}</span>
        <span class={`dot t-${tone}`} aria-hidden="true" />
      </span>
    </button>
  );
}
