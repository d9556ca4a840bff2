/**
 * @nx-sleeves/pipeline: the production sleeve pipeline (`run`, the executor's default pipeline),
 * plus the numerics, lakehouse and profile APIs it is built from.
 */
export { run } from './production-pipeline';
export { backtestSleeve } from './stages/backtest-stage';
export { writeReports } from './report/write-reports';
export type { PipelineContext } from './stages/context';
export { verifyAuditChain, AuditLedger } from './audit';
export type { AuditEntry, AuditVerification } from './audit';
export * from './numerics';
export * from './lakehouse';
export * from './profile';
