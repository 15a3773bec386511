import { isFetchError } from '@strapi/strapi/admin';

interface ErrorDetails {
  errors?: { path?: (string | number)[]; message?: string }[];
}

/**
 * The message of a failed admin API call as the server wrote it (Strapi's error format: a 400's
 * message names its first bad field, the others follow), or undefined when there is none.
 */
export function serverErrorMessage(error: unknown): string | undefined {
  if (!isFetchError(error)) return undefined;
  const apiError = error.response?.data?.error;
  if (!apiError?.message) return undefined;
  const others = ((apiError.details ?? {}) as ErrorDetails).errors?.slice(1, 5) ?? [];
  const more = others.map(({ path, message }) => `${path?.join('.') || 'body'}: ${message ?? ''}`);
  return [apiError.message, ...more].join('; ');
}
