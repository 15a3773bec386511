'use strict';

// Writes docs/openapi.json and docs/api.md from the compiled route table (npm run openapi).
const fs = require('fs');
const path = require('path');
const { buildApiMarkdown, buildOpenApi } = require('../dist/server/openapi');

const docs = path.join(__dirname, '..', 'docs');
for (const [file, text] of [
  ['openapi.json', `${JSON.stringify(buildOpenApi(), null, 2)}\n`],
  ['api.md', buildApiMarkdown()],
]) {
  fs.writeFileSync(path.join(docs, file), text);
  console.log(`wrote docs/${file}`);
}
