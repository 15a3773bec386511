import fs from 'fs';
import path from 'path';

type Env = { (key: string, fallback?: string): string };

/** The plugin is the repository this playground lives in: the nearest folder up whose package.json is a Strapi plugin. */
function pluginRoot(from: string): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).strapi?.kind === 'plugin')
      return dir;
  }
  throw new Error(`strapi-plugin-dashboards not found above ${from}`);
}

export default ({ env }: { env: Env }) => ({
  'users-permissions': {
    config: { jwtSecret: env('JWT_SECRET', 'playground-users-permissions-jwt-secret') },
  },
  dashboards: {
    enabled: true,
    resolve: pluginRoot(__dirname),
    // DASHBOARDS_CONFIG (JSON) lets the tests and the demo add datasources and limits.
    config: JSON.parse(env('DASHBOARDS_CONFIG', '{}')),
  },
});
