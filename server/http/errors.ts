import { errors } from '@strapi/utils';

/** A write that collides with work under way (a running refresh): answered 409 by `answerConflicts`. */
export class ConflictError extends errors.ApplicationError<'ConflictError', string, Record<string, unknown>> {
  constructor(message: string, details: Record<string, unknown>) {
    super(message, details);
    this.name = 'ConflictError';
  }
}

export const conflict = (message: string, details: Record<string, unknown>) =>
  new ConflictError(message, details);

/**
 * Route middleware: Strapi's error middleware knows no 409 and would answer an ApplicationError
 * with 400, so a ConflictError is answered here, in Strapi's error format.
 */
export const answerConflicts = async (
  ctx: { status: number; body: unknown },
  next: () => Promise<unknown>
) => {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    ctx.status = 409;
    ctx.body = {
      data: null,
      error: { status: 409, name: error.name, message: error.message, details: error.details },
    };
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
