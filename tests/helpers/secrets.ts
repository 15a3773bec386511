/** The app secrets every test Strapi boots with. */
export const TEST_SECRETS = {
  APP_KEYS: 'testKeyA,testKeyB',
  ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
  API_TOKEN_SALT: 'test-api-token-salt',
  TRANSFER_TOKEN_SALT: 'test-transfer-token-salt',
  JWT_SECRET: 'test-users-permissions-jwt-secret',
  ENCRYPTION_KEY: 'test-encryption-key-0123456789abcdef',
};

/** The environment of a test Strapi on the database `env` names, with the plugin's `config`. */
export const testAppEnv = (env: Record<string, string>, config: object) => ({
  ...TEST_SECRETS,
  ...env,
  DASHBOARDS_CONFIG: JSON.stringify(config),
  NODE_ENV: 'test',
  STRAPI_TELEMETRY_DISABLED: 'true',
  STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
  STRAPI_LOG_LEVEL: process.env.STRAPI_LOG_LEVEL ?? 'error',
  BROWSER: 'false',
});
