'use strict';

const base = require('../../jest.config');

/** The packed plugin installed into a fresh Strapi app (scripts/install-check.sh prepares it). */
module.exports = {
  ...base,
  rootDir: require('path').resolve(__dirname, '..', '..'),
  testMatch: ['<rootDir>/tests/install/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/install/app/'],
  globalSetup: undefined,
  testTimeout: 180_000,
};
