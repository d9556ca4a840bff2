export { AuditLedger, verifyAuditChain, entryHash, sha256, GENESIS_HASH } from './ledger';
export type { AuditEntry, AuditFile, AuditVerification } from './ledger';
export { stableStringify, canonicalize } from './canonical-json';
