import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** A share token: 256 random bits, URL-safe (base64url, 43 characters). */
export const newShareToken = () => randomBytes(32).toString('base64url');

export const SHARE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** What the database keeps to find a token: its SHA-256 (a 256-bit random token needs no salt). */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Constant-time equality of two strings of any length. */
export function sameSecret(given: string, expected: string): boolean {
  const [a, b] = [
    createHash('sha256').update(given).digest(),
    createHash('sha256').update(expected).digest(),
  ];
  return timingSafeEqual(a, b);
}

const keyOf = (secret: string, purpose: string) =>
  Buffer.from(hkdfSync('sha256', secret, 'strapi-plugin-dashboards', purpose, 32));

/**
 * Seals a token at rest (AES-256-GCM) so those who may share can see a link again, while a copy
 * of the database alone opens nothing. `open` answers null when the secret has changed.
 */
export function tokenSealer(secret: string) {
  const key = keyOf(secret, 'share-token-seal');
  return {
    seal(token: string): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return [iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')).join('.');
    },
    open(sealed: string | null | undefined): string | null {
      if (!sealed) return null;
      try {
        const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

export interface EmbedClaims {
  /** The dashboard's documentId. */
  d: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
  /** Who published it (a principal reference): its readers see the snapshots taken with their rights. */
  p: string;
  /** The dashboard's sharing version when signed: unsharing moves it on, and the token opens nothing. */
  v: number;
  /** The embed's filters are read-only (it was made with `hide_filters`): a click sets none. */
  lf?: boolean;
}

/** Signed, short-lived embed tokens: base64url(claims).base64url(HMAC-SHA256). */
export function embedSigner(secret: string) {
  const key = keyOf(secret, 'embed-token');
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest('base64url');
  return {
    sign(claims: EmbedClaims): string {
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${payload}.${sign(payload)}`;
    },
    /** The claims of a genuine token, or null; `expired` when genuine but past its time. */
    verify(token: string, now = Date.now()): { claims: EmbedClaims; expired: boolean } | null {
      const [payload, signature, extra] = token.split('.');
      if (!payload || !signature || extra !== undefined || !sameSecret(signature, sign(payload))) return null;
      try {
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as EmbedClaims;
        if (
          typeof claims.d !== 'string' ||
          typeof claims.exp !== 'number' ||
          typeof claims.p !== 'string' ||
          typeof claims.v !== 'number'
        )
          return null;
        return { claims, expired: claims.exp * 1000 <= now };
      } catch {
        return null;
      }
    },
  };
}
