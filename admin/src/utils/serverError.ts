import { isFetchError } from '@strapi/strapi/admin';

interface ErrorDetails {
  errors?: { path?: (string | number)[]; message?: string }[];
}

interface ApiErrorBody {
  status?: unknown;
  name?: unknown;
  message?: unknown;
  details?: unknown;
}

/**
 * Strapi's error body (`{ status, name, message, details }`) of a failed call: from the fetch
 * client's error, or as the admin API client (RTK Query) rejects with it. Not the client's own
 * `UnknownError` (an answer without Strapi's error format) nor a network error.
 */
export function apiErrorOf(error: unknown): ApiErrorBody | undefined {
  if (isFetchError(error)) return error.response?.data?.error ?? undefined;
  if (typeof error !== 'object' || error === null) return undefined;
  const body = error as ApiErrorBody;
  return typeof body.status === 'number' && body.name !== 'UnknownError' ? body : undefined;
}

/**
 * The message of a failed admin API call as the server wrote it (Strapi's error format: a 400's
 * message names its first bad field, the others follow), or undefined when there is none.
 */
export function serverErrorMessage(error: unknown): string | undefined {
  const apiError = apiErrorOf(error);
  if (!apiError?.message || typeof apiError.message !== 'string') return undefined;
  const others = ((apiError.details ?? {}) as ErrorDetails).errors?.slice(1, 5) ?? [];
  const more = others.map(({ path, message }) => `${path?.join('.') || 'body'}: ${message ?? ''}`);
  return [apiError.message, ...more].join('; ');
}
