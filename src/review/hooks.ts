/** Small Preact hooks the panel's components share. */
import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

/** The content-box size of an element, kept up to date with a ResizeObserver. */
export function useElementSize(ref: RefObject<HTMLElement>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void => {
      const width = el.clientWidth;
      const height = el.clientHeight;
      setSize((s) => (s.width === width && s.height === height ? s : { width, height }));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}

/** Call `onEscape` when Esc is pressed anywhere (the panel is modal), before the page sees it. */
export function useEscape(onEscape: () => void): void {
  const latest = useRef(onEscape);
  latest.current = onEscape;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key !== 'Escape' || e.defaultPrevented || e.isComposing) return;
      e.preventDefault();
      e.stopPropagation();
      latest.current();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

export type PreviewSource = ImageBitmap | HTMLCanvasElement;

/**
 * Draw `source` into the canvas at `width` × `height` CSS pixels (sharp on high-DPI screens). Returns false when the
 * source could not be drawn (none, or an ImageBitmap that was already closed).
 */
export function useDrawnCanvas(
  canvas: RefObject<HTMLCanvasElement>,
  source: PreviewSource | null,
  width: number,
  height: number,
): boolean {
  const [ok, setOk] = useState(source !== null);
  useLayoutEffect(() => {
    const el = canvas.current;
    if (!el || width <= 0 || height <= 0) return;
    const dpr = Math.min(Math.max(window.devicePixelRatio || 1, 1), 3);
    const w = Math.max(1, Math.round(width * dpr));
    const h = Math.max(1, Math.round(height * dpr));
    if (el.width !== w) el.width = w;
    if (el.height !== h) el.height = h;
    const ctx = el.getContext('2d');
    if (!ctx) return setOk(false);
    ctx.clearRect(0, 0, w, h);
    if (source === null) return setOk(false);
    try {
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(source, 0, 0, w, h);
      setOk(true);
    } catch {
      setOk(false);
    }
  }, [canvas, source, width, height]);
  return ok;
}
