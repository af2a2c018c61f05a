export * from './schema';
export { appendEntry, buildChain, canonicalJson, entryHash, filterEntries, planRetention, sha256Hex, verifyChain, type AuditFilter, type RetentionPlan } from './chain';
export { csvField, keyFingerprint, publicJwk, mergeExports, signExport, toCsv, verifyExport, type MergedBrowser, type MergedLog, type SignedExport, type VerifyExportResult } from './export';
export { openAuditStore, type AuditRead, type AuditStore, type AuditStoreOptions } from './store';
