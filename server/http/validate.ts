import { errors } from '@strapi/utils';
import type { z } from 'zod';

/**
 * The one way input is validated: a zod schema, whose failure becomes Strapi's ValidationError
 * (400) with one entry per problem in `details.errors`, each naming its field.
 */
export function validate<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
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
