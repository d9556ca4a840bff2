export { loadRun, loadEntry, profilesOnDisk, dashboardPath, DASHBOARD_DIR } from './load';
export { renderDashboard } from './render';
export { writeDashboard, type WriteDashboardOptions } from './write';
export { correlationMatrix, allocationTrees, compareRuns, sparklinePoints, MIN_CORRELATION_DAYS, WEIGHT_EPS } from './analysis';
export type { RunEntry, RunData } from './types';
export type { TreeNode, EntryDelta } from './analysis';
