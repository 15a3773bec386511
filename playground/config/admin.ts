type Env = { (key: string, fallback?: string): string; bool(key: string, fallback?: boolean): boolean };

export default ({ env }: { env: Env }) => ({
  auth: { secret: env('ADMIN_JWT_SECRET', 'playground-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'playground-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'playground-transfer-token-salt') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'playground-encryption-key-0123456789') },
  flags: { nps: false, promoteEE: false },
  watchIgnoreFiles: ['**/tests/**', '**/bench/**'],
});
