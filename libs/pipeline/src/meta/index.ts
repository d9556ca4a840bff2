/** The meta-portfolio pipeline (`@nx-sleeves/pipeline/dist/meta`): `run` and the pieces it is built from. */
export { run } from './meta-pipeline';
export { parseSleeveInputs, loadSleeveInputs, parseOosCsv, describeGateFailures } from './inputs';
export type { SleeveInput, LoadedSleeve, SleeveFailure } from './inputs';
export { joinOnDate } from './join';
export { allocateSleeves, flattenWeights, sleeveWeights, metaTrainWindow } from './allocate';
