'use strict';

/** Jest: unit tests of pure logic and integration tests that boot the playground Strapi. */
module.exports = {
  rootDir: __dirname,
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/browser/'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  testEnvironment: 'node',
  testTimeout: 120_000,
  maxWorkers: 1,
};
