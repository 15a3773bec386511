import { execFileSync } from 'child_process';
import path from 'path';
import { createTemplateDatabase, dropLeftoverDatabases } from './database';
import { testAppEnv } from './secrets';
import { buildViewerIfStale } from './viewer-build';

const root = path.resolve(__dirname, '..', '..');

/**
 * Strapi loads compiled JavaScript only: compile the plugin, then the playground, once per run, and
 * bundle the public viewer the share pages serve.
 */
export default async function globalSetup() {
  if (process.env.SKIP_BUILD !== 'true') {
    const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { stdio: 'inherit' });
    execFileSync(process.execPath, [tsc, '-p', path.join(root, 'playground', 'tsconfig.json')], {
      stdio: 'inherit',
    });
    buildViewerIfStale();
  }
  await dropLeftoverDatabases();
  await createTemplateDatabase((env) => testAppEnv(env, {}));
}
