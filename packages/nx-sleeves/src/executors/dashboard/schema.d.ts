/** Options of the `nx-sleeves:dashboard` executor (see schema.json). */
export interface DashboardExecutorOptions {
  runId?: string;
  outputsRoot?: string;
  profiles?: string[];
  pipelinePackage?: string;
}
