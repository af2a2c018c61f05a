export interface ModelManifest {
  package: string;
  version: string;
  files: { file: string; from: string; size: number; sha256: string }[];
}
export function verifyAndCopy(options?: { quiet?: boolean; modelsDir?: string; manifestPath?: string; packageDir?: string }): ModelManifest;
