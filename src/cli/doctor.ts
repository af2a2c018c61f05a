import type { EngineStatus } from '../faces/engine';

/** What `consent-gate doctor` reports: is the engine usable here, and how long did it take to get there? */
export function doctorReport(status: EngineStatus): Record<string, unknown> {
  return status.ready
    ? {
        ready: true,
        backend: status.backend,
        selfTest: status.selfTest,
        modelLoadMs: Math.round(status.loadMs),
        selfTestMs: Math.round(status.selfTestMs),
        // In Node, engine timestamps count from process start.
        processStartToModelsLoadedMs: Math.round(status.modelsLoadedAt),
        processStartToReadyMs: Math.round(status.readyAt),
      }
    : { ready: false, backend: status.backend, error: status.error };
}
