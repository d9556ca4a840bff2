/** One Jest run over every project; each project compiles its own TypeScript with ts-jest. */
const project = (dir, name) => ({
  displayName: name,
  rootDir: `<rootDir>/${dir}`,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/e2e/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: `<rootDir>/tsconfig.spec.json` }] },
  // Specs load the contracts from their sources (no build needed); compiled code and workers use packages/contracts/dist.
  moduleNameMapper: { '^@nx-sleeves/contracts$': `${__dirname}/packages/contracts/src/index.ts` },
});

module.exports = {
  rootDir: __dirname,
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
  projects: [
    project('packages/contracts', 'contracts'),
    project('packages/nx-sleeves', 'nx-sleeves'),
    project('libs/pipeline', 'pipeline'),
    project('apps/cache-server', 'cache-server'),
  ],
};
