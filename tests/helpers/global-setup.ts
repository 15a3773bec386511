import { execFileSync } from 'child_process';
import path from 'path';
import { dropLeftoverDatabases } from './database';

const root = path.resolve(__dirname, '..', '..');

/** Strapi loads compiled JavaScript only: compile the plugin, then the playground, once per run. */
export default async function globalSetup() {
  if (process.env.SKIP_BUILD !== 'true') {
    const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'playground', 'tsconfig.json')], {
      stdio: 'inherit',
    });
  }
  await dropLeftoverDatabases();
}
