/**
 * The generators' own names. What they share with the graph and the pipeline (profile names, file names, engines,
 * markets) comes from `@nx-sleeves/contracts`, which has no dependencies: generators never load the pipeline
 * library (a user's workspace may not have built it yet).
 */
export const PLUGIN_NAME = 'nx-sleeves';

/** Where a sleeve.json may find its JSON Schema, in order: this repository, then an installed package. */
export const SCHEMA_LOCATIONS = ['libs/pipeline/schema/sleeve.schema.json', 'node_modules/@nx-sleeves/pipeline/schema/sleeve.schema.json'];
export const META_SCHEMA_LOCATIONS = ['libs/pipeline/schema/meta-portfolio.schema.json', 'node_modules/@nx-sleeves/pipeline/schema/meta-portfolio.schema.json'];
