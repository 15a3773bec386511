'use strict';

/**
 * Does what the README's install section tells a developer to do with `config/plugins.ts`: adds the
 * block that follows the `install:plugins-config` marker to the object the app's file returns.
 *
 *   node tests/install/apply-readme.js <README.md> <app>/config/plugins.ts
 */
const fs = require('fs');

const [readmePath, pluginsPath] = process.argv.slice(2);
const readme = fs.readFileSync(readmePath, 'utf8');
const marker = readme.indexOf('<!-- install:plugins-config');
if (marker < 0) throw new Error('README.md has no install:plugins-config marker');
const block = /```ts\n([\s\S]*?)```/.exec(readme.slice(marker));
if (!block) throw new Error('no ```ts block after the install:plugins-config marker');

const plugins = fs.readFileSync(pluginsPath, 'utf8');
// a new app's file: `const config = ({ env }: …): Core.Config.Plugin => ({`
const opening = /^const config = .*=> \(\{\n/m.exec(plugins);
if (!opening) throw new Error(`${pluginsPath} does not open its object as a new app's file does`);
const at = opening.index + opening[0].length;
fs.writeFileSync(pluginsPath, plugins.slice(0, at) + block[1] + plugins.slice(at));
console.log(`README's dashboards entry added to ${pluginsPath}`);
