import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { AnalyticsEndpoint } from '../../contracts/dashboards';
import { getConfig } from '../config';
import { invalidField } from '../http/errors';
import { validate } from '../http/validate';
import type { Principal } from '../permissions/principal';
import { isTimeZone } from '../query/buckets';
import type { Dialect } from '../query/sql-guard';
import { ENDPOINTS, querySchemaOf } from './endpoints';
import { resolveCrmModel, type CrmModel } from './mapping';
import { periodOf } from './period';
import { callerOf, effectiveScope, scopeRecords } from './scope';

/** The CRM analytics of seed 000, computed in the database within the caller's scope. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let model: CrmModel | undefined;
  const crm = () => (model ??= resolveCrmModel(strapi, getConfig(strapi).crm));

  /** `pipelineId` (a documentId or a row id) → its row id and type; unknown → 404. */
  async function resolvePipeline(given: string) {
    const pipeline = crm().get('pipeline');
    const where = /^\d+$/.test(given) ? { id: Number(given) } : { documentId: given };
    const row = (await strapi.db.query(pipeline.uid as any).findOne({ where })) as Record<string, any> | null;
    if (!row) throw new errors.NotFoundError(`No pipeline "${given}"`, { path: ['pipelineId'] });
    return { id: row.id as number, type: String(row[crm().mapping.pipeline.fields.type!]) };
  }

  return {
    /** Logs, once at bootstrap, what in the CRM mapping does not match the app's content types. */
    checkMapping() {
      for (const [concept, problems] of Object.entries(crm().problems)) {
        strapi.log.warn(`[dashboards] CRM analytics: crm.${concept}: ${problems!.join('; ')}`);
      }
    },

    /** Runs one endpoint for a caller with the request's (or a tile's) parameters. */
    async run(principal: Principal, name: AnalyticsEndpoint, given: Record<string, unknown>) {
      const spec = ENDPOINTS[name];
      if (!spec) throw new errors.NotImplementedError(`The ${name} analytics are not available yet`);
      const query = validate(querySchemaOf(spec), given) as Record<string, any>;
      const problems = spec.concepts.flatMap((concept) => crm().problems[concept] ?? []);
      if (problems.length > 0) {
        throw new errors.NotImplementedError(
          `The CRM mapping does not fit this app: ${problems.join('; ')}`,
          {
            problems,
          }
        );
      }
      const caller = await callerOf(strapi, principal, crm());
      const scope = effectiveScope(caller, query.scope);
      const config = getConfig(strapi);
      const zone =
        query.tz ??
        (caller.timezone && isTimeZone(caller.timezone) ? caller.timezone : config.defaultTimezone);
      if (!isTimeZone(zone)) throw invalidField(['tz'], `"${zone}" is not an IANA time zone`);
      const knex = strapi.db.connection;
      return spec.run({
        knex,
        dialect: strapi.db.dialect.client as Dialect,
        crm: crm(),
        period: periodOf(query, zone),
        scope,
        scoped: scopeRecords(knex, crm(), scope, caller.userId),
        pipeline: query.pipelineId ? await resolvePipeline(query.pipelineId) : null,
        params: query,
      });
    },
  };
};
