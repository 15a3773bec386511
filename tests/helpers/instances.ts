import { spawn, type ChildProcess } from 'child_process';
import path from 'path';
import { TEST_SECRETS } from './strapi';

const serveScript = path.resolve(__dirname, '..', '..', 'playground', 'dist', 'scripts', 'serve.js');

export interface Instance {
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/**
 * One Strapi process of the playground (no admin panel) on `port` and the database `env` names:
 * several of them on one database are a multi-instance deployment.
 */
export async function startInstance(
  port: number,
  env: Record<string, string>,
  config: object,
  logLevel = 'debug'
): Promise<Instance> {
  let printed = '';
  const child = spawn(process.execPath, [serveScript], {
    env: {
      ...process.env,
      ...TEST_SECRETS,
      ...env,
      DASHBOARDS_CONFIG: JSON.stringify(config),
      HOST: '127.0.0.1',
      PORT: String(port),
      NODE_ENV: 'test',
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
      STRAPI_LOG_LEVEL: logLevel,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (printed += chunk));
  child.stderr!.on('data', (chunk) => (printed += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const instance: Instance = {
    url,
    child,
    output: () => printed,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`the Strapi instance on ${port} exited:\n${printed}`);
    try {
      if ((await fetch(`${url}/_health`)).status === 204) return instance;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await instance.kill();
  throw new Error(`the Strapi instance on ${port} did not answer /_health:\n${printed}`);
}
