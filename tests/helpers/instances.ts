import { spawn, type ChildProcess } from 'child_process';
import path from 'path';
import { TEST_SECRETS } from './secrets';

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

/**
 * Registers the first admin on `instance` (the database's first) and makes a full-access API
 * token: the `Authorization` header every instance on that database accepts.
 */
export async function fullAccessAuthorization(
  instance: Instance,
  name: string
): Promise<Record<string, string>> {
  const admin = { email: `${name}@dashboards.test`, password: 'Instances-test-1' };
  const registered = await fetch(`${instance.url}/admin/register-admin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...admin, firstname: 'Multi', lastname: 'Instance' }),
  });
  const adminToken = ((await registered.json()) as any).data.token;
  const token = await fetch(`${instance.url}/admin/api-tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ name, type: 'full-access', lifespan: null }),
  });
  return { Authorization: `Bearer ${((await token.json()) as any).data.accessKey}` };
}

/** A JSON call to one instance's HTTP API with `headers`: its status and parsed body. */
export async function callInstance(
  instance: Instance,
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: object
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${instance.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
