import { errors } from '@strapi/utils';
import { z } from 'zod';
import { validate } from '../../server/http/validate';

const schema = z
  .object({ name: z.string().min(1), layout: z.object({ columns: z.number().int().max(24) }) })
  .strict();

describe('validate', () => {
  it('returns the parsed value when the input is valid', () => {
    expect(validate(schema, { name: 'Sales', layout: { columns: 12 } })).toEqual({
      name: 'Sales',
      layout: { columns: 12 },
    });
  });

  it('throws a ValidationError whose message and details name every bad field', () => {
    let thrown: unknown;
    try {
      validate(schema, { name: '', layout: { columns: 30 }, colour: 'blue' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(errors.ValidationError);
    const error = thrown as InstanceType<typeof errors.ValidationError>;
    expect(error.message).toMatch(/^name: /);
    expect((error.details as any).errors.map((entry: any) => entry.path)).toEqual([
      ['name'],
      ['layout', 'columns'],
      ['colour'],
    ]);
    expect((error.details as any).errors[2].message).toBe('is not allowed');
  });

  it('refuses a NUL character anywhere in the input, naming where', () => {
    expect(() => validate(schema, { name: 'a\u0000b', layout: { columns: 1 } })).toThrow(
      'name: must not contain a NUL character'
    );
    expect(() =>
      validate(z.record(z.string(), z.unknown()), { config: { deep: ['ok', 'x\u0000'] } })
    ).toThrow('config.deep.1: must not contain a NUL character');
  });
});
