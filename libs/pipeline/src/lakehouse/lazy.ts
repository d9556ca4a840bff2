/**
 * The generator and the CSV import, loaded on first use: a sleeve run does neither, and loading their five modules
 * was part of every sleeve's start-up. Same functions, same signatures.
 */
import type * as CsvImport from './csv-import';
import type * as Generate from './generator/generate';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on first call, see above */
const generate = () => require('./generator/generate') as typeof Generate;
const csv = () => require('./csv-import') as typeof CsvImport;
/* eslint-enable @typescript-eslint/no-require-imports */

export const generateLakehouse: typeof Generate.generateLakehouse = (...args) => generate().generateLakehouse(...args);
export const importCsv: typeof CsvImport.importCsv = (...args) => csv().importCsv(...args);
export const parseBarsCsv: typeof CsvImport.parseBarsCsv = (...args) => csv().parseBarsCsv(...args);
