/** [x, y, width, height] in pixels of the EXIF-rotated original photo. */
export type Box = [number, number, number, number];

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Detection {
  box: Box;
  score: number;
}

export type EngineErrorCode =
  | 'model_missing'
  | 'model_checksum'
  | 'backend_failed'
  | 'self_test_failed'
  | 'engine_not_ready'
  | 'decode_failed'
  | 'inference_failed'
  /** Worker-side failures around the engine: reading the page's file, timeouts, producing the released file. */
  | 'transfer_failed'
  | 'timeout'
  | 'release_failed'
  | 'cover_unavailable'
  | 'bad_message';

export interface EngineError {
  code: EngineErrorCode;
  message: string;
}

/** Errors travel as values across every engine boundary, so a caller can always turn them into a hold. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: EngineError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: EngineErrorCode, message: string): Result<T> => ({ ok: false, error: { code, message } });

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export const boxToRect = ([x, y, w, h]: Box): Rect => ({ x, y, w, h });
