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
import { CONCEPTS, DEFAULT_MAPPING, resolveCrmModel, type Concept, type CrmModel } from './mapping';
import { periodOf, type CommonQuery, type Scope } from './period';
import type { EndpointParams } from './context';
import { callerOf, effectiveScope, scopeOwners, scopeRecords } from './scope';
import { getService } from '../get-service';
import { Semaphore } from '../query/semaphore';

/**
 * The CRM analytics endpoints (overview, pipelines, stages, people, breakdowns, targets), computed
 * in the database within the caller's scope.
 */
export type CrmState =
  /** `crm: false` in the plugin's config. */
  | 'off'
  /** None of the mapped content types exists: an app without a CRM. */
  | 'absent'
  /** Some of the mapping does not fit: the analytics that need it answer 501. */
  | 'partial'
  | 'ready';

const HOW_TO_MAP = "map them to your content types with `crm` in the plugin's config (docs/crm.md)";

export default ({ strapi }: { strapi: Core.Strapi }) => {
  let model: CrmModel | undefined;
  let slots: Semaphore | undefined;
  const computations = () => (slots ??= new Semaphore(getConfig(strapi).query.analyticsConcurrency));
  const crm = () => {
    const { crm: mapping } = getConfig(strapi);
    if (mapping === false) throw new Error('CRM analytics are switched off (crm: false)');
    return (model ??= resolveCrmModel(strapi, mapping));
  };

  function state(): CrmState {
    if (getConfig(strapi).crm === false) return 'off';
    const problems = crm().problems;
    // users exist in every app: the CRM is absent when none of its own content types does
    const own = CONCEPTS.filter((concept) => concept !== 'user');
    if (own.every((concept) => problems[concept]?.[0]?.startsWith('no content type'))) return 'absent';
    return Object.keys(problems).length > 0 ? 'partial' : 'ready';
  }

  /** Why an endpoint that needs `concepts` cannot run, or nothing when it can. */
  function unavailable(concepts: readonly Concept[]): errors.NotImplementedError | undefined {
    switch (state()) {
      case 'off':
        return new errors.NotImplementedError(
          "CRM analytics are switched off in this app (`crm: false` in the plugin's config)"
        );
      case 'absent':
        return new errors.NotImplementedError(
          `CRM analytics are off: this app has none of the CRM content types they read; ${HOW_TO_MAP}`,
          { problems: CONCEPTS.flatMap((concept) => crm().problems[concept] ?? []) }
        );
      default: {
        const problems = concepts.flatMap((concept) => crm().problems[concept] ?? []);
        if (problems.length === 0) return undefined;
        return new errors.NotImplementedError(
          `The CRM mapping does not fit this app: ${problems.join('; ')}`,
          { problems }
        );
      }
    }
  }

  /** `pipelineId` (a documentId or a row id) → its row id and type; unknown → 404. */
  async function resolvePipeline(given: string) {
    const pipeline = crm().get('pipeline');
    const where = /^\d+$/.test(given) ? { id: Number(given) } : { documentId: given };
    const row: Record<string, unknown> | null = await strapi.db.query(pipeline.uid).findOne({ where });
    if (!row) throw new errors.NotFoundError(`No pipeline "${given}"`, { path: ['pipelineId'] });
    return { id: row.id as number, type: String(row[crm().mapping.pipeline.fields.type!]) };
  }

  async function runScoped(
    principal: Principal,
    name: AnalyticsEndpoint,
    given: Record<string, unknown>,
    options: { cache?: boolean; viewer?: object; cachedOnly?: boolean } = {}
  ): Promise<{ result: unknown; scope: Scope; executedAt: string; cached: boolean }> {
    const spec = ENDPOINTS[name];
    if (!spec) throw new errors.NotImplementedError(`The ${name} analytics are not available yet`);
    // the endpoint's own parameters, as its `params` schema checked them
    const query: CommonQuery & EndpointParams = validate(querySchemaOf(spec), given);
    const refusal = unavailable(spec.concepts);
    if (refusal) throw refusal;
    const caller = await callerOf(strapi, principal, crm());
    const scope = effectiveScope(caller, query.scope);
    const config = getConfig(strapi);
    const zone =
      query.tz ?? (caller.timezone && isTimeZone(caller.timezone) ? caller.timezone : config.defaultTimezone);
    if (!isTimeZone(zone)) throw invalidField(['tz'], `"${zone}" is not an IANA time zone`);
    const knex = strapi.db.connection;
    const compute = async () =>
      computations().use(async () =>
        spec.run({
          knex,
          dialect: strapi.db.dialect.client as Dialect,
          crm: crm(),
          period: periodOf(query, zone),
          scope,
          scoped: scopeRecords(knex, crm(), scope, caller.userId),
          ownedBy: scopeOwners(knex, crm(), scope, caller.userId),
          pipeline: query.pipelineId ? await resolvePipeline(query.pipelineId) : null,
          params: query,
          rollups: {
            dealReach: getService(strapi, 'rollups').table(),
            daily: getService(strapi, 'rollups').dailyTable(),
          },
        })
      );
    if (!options.cache) {
      return { result: await compute(), scope, executedAt: new Date().toISOString(), cached: false };
    }
    // The key holds everything spec.run reads besides the data: the endpoint, its checked
    // parameters, the time zone, the scope, and whose records the scope covers (every record for
    // `all`, which is the same for everyone allowed it). The scope was checked against the caller
    // above, on this request: a wider scope than the caller's never reaches the cache.
    const request = {
      kind: 'analytics',
      key: [name, query, zone, scope, scope === 'all' ? null : caller.userId],
      sources: getService(strapi, 'cache').analyticsSources(spec.concepts),
      viewer: options.viewer,
    };
    const { value, executedAt, cached } = options.cachedOnly
      ? await getService(strapi, 'cache').peek(request)
      : await getService(strapi, 'cache').cached(request, compute);
    return { result: value, scope, executedAt, cached };
  }

  return {
    /** Whether the CRM analytics can run here (the admin's analytics actions exist only when they can). */
    state,

    /** The CRM mapping resolved against this app's content types; null with `crm: false`. */
    model: (): CrmModel | null => (getConfig(strapi).crm === false ? null : crm()),

    /** Logs, once at bootstrap, what of the CRM analytics is unavailable and how to make it available. */
    checkMapping() {
      switch (state()) {
        case 'off':
          strapi.log.info(
            '[dashboards] CRM analytics are switched off (`crm: false`): the /api/dashboard/* routes answer 501.'
          );
          break;
        case 'absent':
          strapi.log.info(
            `[dashboards] CRM analytics are off: this app has none of the content types they read ` +
              `(${CONCEPTS.map((concept) => DEFAULT_MAPPING[concept].uid).join(', ')} by default). ` +
              `The /api/dashboard/* routes answer 501 and the admin hides the analytics tile source and ` +
              `the CRM home widget; ${HOW_TO_MAP}, or set \`crm: false\` to silence this line.`
          );
          break;
        case 'partial':
          strapi.log.warn(
            `[dashboards] CRM analytics: the mapping does not fit this app: ` +
              Object.entries(crm().problems)
                .map(([concept, list]) => `crm.${concept}: ${list!.join('; ')}`)
                .join(' | ') +
              `. The analytics that need them answer 501; ${HOW_TO_MAP}.`
          );
          break;
        case 'ready':
          break;
      }
    },

    /** Runs one endpoint for a caller with the request's (or a tile's) parameters. */
    async run(
      principal: Principal,
      name: AnalyticsEndpoint,
      given: Record<string, unknown>,
      options: { cache?: boolean } = {}
    ) {
      return (await runScoped(principal, name, given, options)).result;
    },

    /** As `run`, with the scope the figures were computed in (what a cached copy may be shown to). */
    runScoped,

    /** The widest analytics scope a caller may ask for; null where the CRM analytics cannot run. */
    async widestScope(principal: Principal): Promise<Scope | null> {
      const current = state();
      if (current === 'off' || current === 'absent') return null;
      return (await callerOf(strapi, principal, crm())).maxScope;
    },
  };
};
