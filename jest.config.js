'use strict';

/** Files named `*.postgres.test.ts` need PostgreSQL itself (several Strapi processes on one database). */
const onPostgres = (process.env.DB ?? 'sqlite').toLowerCase() === 'postgres';

/** Jest: unit tests of pure logic and integration tests that boot the playground Strapi. */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/tests/browser/',
    '<rootDir>/tests/install/',
    ...(onPostgres ? [] : ['\\.postgres\\.test\\.ts$']),
  ],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  testEnvironment: 'node',
  testTimeout: 120_000,
  maxWorkers: 1,
};
