'use strict';

const fs = require('fs');
const path = require('path');

/** The latest modification time of a file, or of anything in a folder (0 when missing). */
function newestChange(file) {
  if (!fs.existsSync(file)) return 0;
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...fs.readdirSync(file).map((entry) => newestChange(path.join(file, entry))));
}

/** Whether a build must run: an output is missing, or a source changed after the oldest output. */
function isStale(outputs, sources) {
  if (!outputs.every((file) => fs.existsSync(file))) return true;
  const built = Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs));
  return Math.max(...sources.map(newestChange)) > built;
}

module.exports = { isStale };
