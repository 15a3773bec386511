import { errors } from '@strapi/utils';
import type { z } from 'zod';

/**
 * The one way input is validated: a zod schema, whose failure becomes Strapi's ValidationError
 * (400) with one entry per problem in `details.errors`, each naming its field.
 */
export function validate<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const nul = pathToNul(input, []);
  if (nul) {
    // PostgreSQL can store no NUL character, in text or JSON: refused everywhere alike.
    throw new errors.ValidationError(`${nul.join('.') || 'body'}: must not contain a NUL character`, {
      errors: [{ path: nul, message: 'must not contain a NUL character', name: 'ValidationError' }],
    });
  }
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: [...issue.path.map(String), key], message: 'is not allowed' }))
      : [{ path: issue.path.map(String), message: issue.message }]
  );
  const first = problems[0];
  const field = first.path.join('.') || 'body';
  throw new errors.ValidationError(`${field}: ${first.message}`, {
    errors: problems.map((problem) => ({ ...problem, name: 'ValidationError' })),
  });
}

/** The path of the first string (or key) holding a NUL character, or null. */
function pathToNul(value: unknown, path: string[], depth = 0): string[] | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 64 || value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key];
    const found = pathToNul(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}
