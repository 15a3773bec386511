import createHttpError from 'http-errors';
import { errors } from '@strapi/utils';

/** 409 in Strapi's error format (`@strapi/utils` has no ConflictError; Strapi formats http-errors the same way). */
export const conflict = (message: string, details: Record<string, unknown>) =>
  createHttpError(409, message, { details });

/** A 400 naming one field, in the same shape as the zod failures of `validate`. */
export const invalidField = (
  path: (string | number)[],
  message: string,
  details: Record<string, unknown> = {}
) =>
  new errors.ValidationError(`${path.join('.')}: ${message}`, {
    ...details,
    errors: [{ path: path.map(String), message, name: 'ValidationError' }],
  });

/**
 * A 403 that keeps its message and details. Strapi's authorize step replaces any ForbiddenError
 * thrown further down with a bare "Forbidden"; PolicyError (a ForbiddenError) is let through.
 */
export const forbidden = (message: string, details: Record<string, unknown> = {}) =>
  new errors.PolicyError(message, details);
