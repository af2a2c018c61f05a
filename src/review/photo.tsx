import { useRef, useState } from 'preact/hooks';
import type { Box } from '../policy/verdict';
import { useDrawnCanvas, useElementSize } from './hooks';
import type { Strings } from './i18n';
import { boxCaption, faceAriaLabel, type PupilLookup } from './labels';
import type { Lang, ReviewFrame } from './model';
import type { FaceKey, ReviewFace } from './state';

/** Small photos are enlarged at most this much. */
const MAX_UPSCALE = 4;

export interface PhotoStageProps {
  t: Strings;
  lang: Lang;
  frame: ReviewFrame;
  /** The faces on this frame. */
  faces: readonly ReviewFace[];
  pupils: PupilLookup;
  selected: FaceKey | null;
  onSelect(key: FaceKey): void;
  /** Draw mode: the pointer draws a rectangle instead of selecting faces. */
  drawing: boolean;
  /** A rectangle was drawn, in image pixels (may be too small; the reducer decides). */
  onDrawn(box: Box): void;
  /** Read-only: no boxes (problems view). */
  plain?: boolean;
}

/** The photo scaled to fit, with a numbered box per face. */
export function PhotoStage(props: PhotoStageProps) {
  const { t, frame, faces, drawing } = props;
  const stage = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(stage);
  const fw = frame.width > 0 ? frame.width : 1;
  const fh = frame.height > 0 ? frame.height : 1;
  const scale = size.width > 0 && size.height > 0 ? Math.min(size.width / fw, size.height / fh, MAX_UPSCALE) : 0;
  const dw = Math.floor(fw * scale);
  const dh = Math.floor(fh * scale);
  const drawn = useDrawnCanvas(canvas, frame.preview, dw, dh);
  return (
    <div class="stage" ref={stage}>
      {scale > 0 ? (
        <div class={drawing ? 'photo drawing' : 'photo'} style={{ width: `${dw}px`, height: `${dh}px` }} role="group" aria-label={t.photoLabel}>
          <canvas ref={canvas} aria-hidden="true" />
          {drawn ? null : <div class="no-preview">{t.noPreview}</div>}
          {props.plain
            ? null
            : faces.map((face) => (
                <FaceBox key={face.key} {...props} face={face} scale={scale} photoHeight={dh} isSelected={face.key === props.selected} />
              ))}
          {drawing && !props.plain ? <DrawLayer scale={scale} width={fw} height={fh} onDrawn={props.onDrawn} /> : null}
        </div>
      ) : null}
    </div>
  );
}

interface FaceBoxProps extends PhotoStageProps {
  face: ReviewFace;
  scale: number;
  photoHeight: number;
  isSelected: boolean;
}

function FaceBox({ t, lang, pupils, face, scale, photoHeight, isSelected, onSelect }: FaceBoxProps) {
  const [x, y, w, h] = face.box;
  const caption = boxCaption(face, t, pupils);
  const left = x * scale;
  const top = y * scale;
  const height = Math.max(h * scale, 4);
  // A caption that would fall off the bottom of the photo goes inside the box instead.
  const captionInside = top + height + 22 > photoHeight;
  return (
    <button
      type="button"
      class={`box t-${face.tone}${isSelected ? ' sel' : ''}`}
      style={{ left: `${left}px`, top: `${top}px`, width: `${Math.max(w * scale, 4)}px`, height: `${height}px` }}
      aria-label={faceAriaLabel(face, t, lang, pupils)}
      aria-pressed={isSelected}
      data-face={face.index}
      onClick={() => onSelect(face.key)}
    >
      <span class="num">{face.index + 1}</span>
      {caption !== null ? (
        <span class="cap" style={captionInside ? { top: 'auto', bottom: '2px', left: '2px' } : undefined}>
          {caption}
        </span>
      ) : null}
    </button>
  );
}

interface DrawLayerProps {
  scale: number;
  width: number;
  height: number;
  onDrawn(box: Box): void;
}

/** Drag a rectangle with mouse, pen or finger; reported in image pixels. */
function DrawLayer({ scale, width, height, onDrawn }: DrawLayerProps) {
  const [draft, setDraft] = useState<{ x0: number; y0: number; x1: number; y1: number } | null>(null);
  const toImage = (e: PointerEvent): { x: number; y: number } => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return {
      x: Math.min(width, Math.max(0, (e.clientX - r.left) / scale)),
      y: Math.min(height, Math.max(0, (e.clientY - r.top) / scale)),
    };
  };
  return (
    <div
      class="draw-layer"
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
        const p = toImage(e);
        setDraft({ x0: p.x, y0: p.y, x1: p.x, y1: p.y });
      }}
      onPointerMove={(e) => {
        if (draft === null) return;
        const p = toImage(e);
        setDraft({ ...draft, x1: p.x, y1: p.y });
      }}
      onPointerUp={(e) => {
        if (draft === null) return;
        const p = toImage(e);
        setDraft(null);
        const x = Math.min(draft.x0, p.x);
        const y = Math.min(draft.y0, p.y);
        onDrawn([x, y, Math.abs(p.x - draft.x0), Math.abs(p.y - draft.y0)]);
      }}
      onPointerCancel={() => setDraft(null)}
    >
      {draft !== null ? (
        <div
          class="draft"
          style={{
            left: `${Math.min(draft.x0, draft.x1) * scale}px`,
            top: `${Math.min(draft.y0, draft.y1) * scale}px`,
            width: `${Math.abs(draft.x1 - draft.x0) * scale}px`,
            height: `${Math.abs(draft.y1 - draft.y0) * scale}px`,
          }}
        />
      ) : null}
    </div>
  );
}
