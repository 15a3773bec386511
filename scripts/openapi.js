'use strict';

// Writes docs/openapi.json from the compiled route table (npm run openapi; run `npm run build` first).
const fs = require('fs');
const path = require('path');
const { buildOpenApi } = require('../dist/server/openapi');

const target = path.join(__dirname, '..', 'docs', 'openapi.json');
fs.writeFileSync(target, `${JSON.stringify(buildOpenApi(), null, 2)}\n`);
console.log(`wrote ${path.relative(process.cwd(), target)}`);
