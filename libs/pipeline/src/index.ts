/**
 * @nx-sleeves/pipeline: the production sleeve pipeline (`run`, the executor's default pipeline),
 * plus the numerics, lakehouse and profile APIs it is built from.
 */
export { run, backtestSleeve, writeReports } from './production-pipeline';
export type { PipelineContext } from './stages/context';
export { verifyAuditChain, AuditLedger } from './audit';
export type { AuditEntry, AuditVerification } from './audit';
export * from './numerics';
export * from './lakehouse';
export * from './profile';
