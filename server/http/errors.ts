import { errors } from '@strapi/utils';

/** A write that collides with work under way (a running refresh): answered 409 by `answerOwnErrors`. */
export class ConflictError extends errors.ApplicationError<'ConflictError', string, Record<string, unknown>> {
  constructor(message: string, details: Record<string, unknown>) {
    super(message, details);
    this.name = 'ConflictError';
  }
}

export const conflict = (message: string, details: Record<string, unknown>) =>
  new ConflictError(message, details);

/** Something that existed and is gone for good (an expired share link): answered 410. */
export class GoneError extends errors.ApplicationError<'GoneError', string, Record<string, unknown>> {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
    this.name = 'GoneError';
  }
}

/**
 * A 401 that keeps its details (`password_required`): Strapi answers its own UnauthorizedError
 * without them.
 */
export class CredentialsError extends errors.ApplicationError<
  'UnauthorizedError',
  string,
  Record<string, unknown>
> {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
    this.name = 'UnauthorizedError';
  }
}

const STATUS_OF_OWN_ERRORS = new Map<unknown, number>([
  [ConflictError, 409],
  [GoneError, 410],
  [CredentialsError, 401],
]);

/**
 * Route middleware: Strapi's error middleware knows no 409 or 410, drops a 401's details, and would answer these
 * ApplicationErrors with 400, so they are answered here, in Strapi's error format.
 */
export const answerOwnErrors = async (
  ctx: { status: number; body: unknown },
  next: () => Promise<unknown>
) => {
  try {
    await next();
  } catch (error) {
    const status = error instanceof errors.ApplicationError && STATUS_OF_OWN_ERRORS.get(error.constructor);
    if (!status) throw error;
    const { name, message, details } = error as errors.ApplicationError;
    ctx.status = status;
    ctx.body = { data: null, error: { status, name, message, details } };
  }
};

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
