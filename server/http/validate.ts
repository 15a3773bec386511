import { errors } from '@strapi/utils';
import type { z } from 'zod';

/** No input is nested deeper than this (free-form JSON fields have their own, lower limit). */
const MAX_INPUT_DEPTH = 32;
/** A free-form JSON field (chart_config, a filter's default …): at most this deep and this large. */
export const MAX_JSON_DEPTH = 20;
export const MAX_JSON_BYTES = 256 * 1024;

/** The path at which `value` goes `limit` levels deep, or null; never recurses further than that. */
function pathTooDeep(value: unknown, limit: number, path: string[] = []): string[] | null {
  if (value === null || typeof value !== 'object') return null;
  if (path.length >= limit) return path;
  for (const [key, child] of Object.entries(value)) {
    const found = pathTooDeep(child, limit, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** A free-form JSON field: `schema`, refused (naming the field) when deeper than 20 levels or larger than 256 KB. */
export function jsonField<Schema extends z.ZodType>(schema: Schema) {
  return schema.superRefine((value, ctx) => {
    if (pathTooDeep(value, MAX_JSON_DEPTH)) {
      ctx.addIssue({ code: 'custom', message: `must not be nested deeper than ${MAX_JSON_DEPTH} levels` });
    } else if (Buffer.byteLength(JSON.stringify(value) ?? '') > MAX_JSON_BYTES) {
      ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_JSON_BYTES / 1024} KB of JSON` });
    }
  });
}

/**
 * The one way input is validated: a zod schema, whose failure becomes Strapi's ValidationError
 * (400) with one entry per problem in `details.errors`, each naming its field.
 */
export function validate<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const deep = pathTooDeep(input, MAX_INPUT_DEPTH);
  if (deep) {
    const at = deep.slice(0, 4);
    throw new errors.ValidationError(`${at.join('.')}: is nested too deep`, {
      errors: [
        { path: at, message: `is nested too deep (over ${MAX_INPUT_DEPTH} levels)`, name: 'ValidationError' },
      ],
    });
  }
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
