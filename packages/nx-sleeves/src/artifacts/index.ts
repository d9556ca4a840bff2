export * from './atomic';
export * from './list-files';
export * from './zip';
export * from './result-json';
export * from './export';
export * from './zip-writer';
