/** How a request to one of the public share routes ended, in the terms the viewer shows. */
export type Fetched<T> =
  | { kind: 'ok'; body: T }
  | { kind: 'password-required' }
  | { kind: 'wrong-password' }
  | { kind: 'rate-limited'; retryAfterSeconds: number | null }
  | { kind: 'not-found' }
  | { kind: 'expired' }
  | { kind: 'failed'; status: number | null };

async function jsonBody(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** Strapi's error format: `{data: null, error: {status, name, message, details}}`. */
function asksForPassword(body: unknown): boolean {
  const details = (body as { error?: { details?: { password_required?: unknown } } } | null)?.error?.details;
  return details?.password_required === true;
}

function retryAfter(response: Response): number | null {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
}

/** GETs a share route's JSON, with the share password when the viewer has one. */
export async function fetchShared<T>(url: string, password: string | null): Promise<Fetched<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Accept: 'application/json', ...(password !== null ? { 'X-Share-Password': password } : {}) },
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch {
    return { kind: 'failed', status: null };
  }
  switch (response.status) {
    case 200:
      return { kind: 'ok', body: (await response.json()) as T };
    case 401:
      if (!asksForPassword(await jsonBody(response))) return { kind: 'failed', status: 401 };
      return password === null ? { kind: 'password-required' } : { kind: 'wrong-password' };
    case 404:
      return { kind: 'not-found' };
    case 410:
      return { kind: 'expired' };
    case 429:
      return { kind: 'rate-limited', retryAfterSeconds: retryAfter(response) };
    default:
      return { kind: 'failed', status: response.status };
  }
}
