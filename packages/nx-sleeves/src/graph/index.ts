export { createNodes, createNodesV2, createNodesForFile, graphRunId, PROFILE_GLOB } from './create-nodes';
export { createDependencies, findProfileProjects } from './create-dependencies';
export {
  normalizePluginOptions,
  isWorkspaceRelativePath,
  DEFAULT_PLUGIN_OPTIONS,
  type SleevesPluginOptions,
  type NormalizedPluginOptions,
} from './plugin-options';
export {
  readSleeveProfile,
  readMetaPortfolio,
  parseSleeveProfile,
  parseMetaPortfolio,
  readJsonObject,
  type SleeveProfileInfo,
  type MetaPortfolioInfo,
  type MetaSleeveEntry,
  type SleeveResources,
} from './profile';
export { buildSleeveTarget, sleeveInputs, sleeveOutput, EXECUTOR } from './target';
export { locatePipelinePackage, type PipelinePackageLocation } from './pipeline-package';
