'use strict';

const base = require('../../jest.config');

/** Browser tests: the built playground in a child process, driven by Debian's Chromium. */
module.exports = {
  ...base,
  rootDir: require('path').resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/tests/browser/global-setup.ts',
  testTimeout: 180_000,
};
