'use strict';

// package.json's `exports['./strapi-server']` names the compiled server; this file serves tools that look for it.
module.exports = require('./dist/server');
