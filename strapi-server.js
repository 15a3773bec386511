'use strict';

// The server is written in TypeScript and compiled by `npm run build` (tsc) into dist/.
module.exports = require('./dist/server');
