/** The generator's defaults, in a file of their own so the lakehouse index exports them without loading the generator. */
export const DEFAULT_SEED = 42;
export const DEFAULT_END_DATE = '2025-12-31';
