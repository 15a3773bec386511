import { z } from 'zod';
import { dataQuerySchema, documentIdSchema, queryBoolean } from '../dashboards/request-params';

/** `{ is_public }`: turn the dashboard's public token on or off. */
const publicToggleSchema = z.object({ is_public: z.boolean() }).strict();

/** A new share link, with an optional expiry, password and access level. */
const shareLinkSchema = z
  .object({
    expires_at: z.iso
      .datetime({ offset: true })
      .transform((text) => new Date(text))
      .refine((date) => date.getTime() > Date.now(), 'must be in the future')
      .nullable()
      .optional(),
    password_protected: z.boolean().optional(),
    password: z.string().min(8, 'must be at least 8 characters').max(200).optional(),
    /** `download`: the viewer also offers each tile and the whole dashboard as a PNG. */
    access_level: z.enum(['view', 'download']).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.password_protected && body.password === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'is required when password_protected is true',
      });
    }
    if (body.password_protected === false && body.password !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'must not be given when password_protected is false',
      });
    }
  });

/** The schema of a share body: the public-token toggle when it names `is_public`, else a new share link. */
export const shareSchemaOf = (body: unknown) =>
  typeof body === 'object' && body !== null && 'is_public' in body ? publicToggleSchema : shareLinkSchema;
export type ShareBody = z.output<typeof publicToggleSchema> | z.output<typeof shareLinkSchema>;
export type ShareLinkBody = z.output<typeof shareLinkSchema>;
/** For the route table and the OpenAPI document. */
export const shareBodySchema = z.union([publicToggleSchema, shareLinkSchema]);

export const linkParamsSchema = z.object({ id: documentIdSchema, linkId: documentIdSchema });

/** A token as given in a public URL: anything else is simply not found. */
export const tokenParamsSchema = z.object({ token: z.string().max(512) });

export const embedOptionsSchema = z
  .object({
    theme: z.enum(['light', 'dark']).optional(),
    hide_header: queryBoolean.optional(),
    hide_filters: queryBoolean.optional(),
    auto_refresh: queryBoolean.optional(),
  })
  .strict();
export type EmbedOptions = z.output<typeof embedOptionsSchema>;

/** The embed page and its API: the options plus the token that authorises it. */
export const embedRequestSchema = embedOptionsSchema.extend({ token: z.string().min(1).max(2048) }).strict();

/** A public data route: a click filter's value as `params[<filter id>]=value` (one at a time). */
export const publicDataQuerySchema = dataQuerySchema;
export const embedDataQuerySchema = embedRequestSchema.extend(dataQuerySchema.shape).strict();
