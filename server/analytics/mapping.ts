import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { contentTypeSchema, metadataOf } from '../db/metadata';

/**
 * Where the CRM lives in the host app: each concept's content type and the names of its fields.
 * The defaults are the playground's schema; an app with another schema overrides what differs
 * (`config.crm.lead.fields.owner = 'assignee'` …).
 */
export const DEFAULT_MAPPING = {
  lead: {
    uid: 'api::lead.lead',
    fields: {
      owner: 'owner',
      stage: 'stage',
      pipeline: 'pipeline',
      source: 'source',
      status: 'status',
      createdAt: 'createdAt',
      qualifiedAt: 'qualified_at',
      convertedAt: 'converted_at',
      slaDueAt: 'sla_due_at',
      firstResponseAt: 'first_response_at',
    },
  },
  opportunity: {
    uid: 'api::opportunity.opportunity',
    fields: {
      owner: 'owner',
      stage: 'stage',
      pipeline: 'pipeline',
      lead: 'lead',
      amount: 'amount',
      probability: 'probability',
      createdAt: 'createdAt',
      closedAt: 'closed_at',
      expectedCloseDate: 'expected_close_date',
      winReason: 'win_reason',
      lossReason: 'loss_reason',
    },
  },
  pipeline: {
    uid: 'api::pipeline.pipeline',
    fields: { name: 'name', type: 'type', isDefault: 'is_default' },
  },
  stage: {
    uid: 'api::stage.stage',
    fields: {
      name: 'name',
      pipeline: 'pipeline',
      position: 'position',
      color: 'color',
      probability: 'probability',
      kind: 'kind',
    },
  },
  stageHistory: {
    uid: 'api::stage-history.stage-history',
    fields: { opportunity: 'opportunity', stage: 'stage', enteredAt: 'entered_at', exitedAt: 'exited_at' },
  },
  activity: {
    uid: 'api::activity.activity',
    fields: {
      type: 'type',
      title: 'title',
      entityType: 'entity_type',
      entityId: 'entity_id',
      entityName: 'entity_name',
      performedBy: 'performed_by',
      createdAt: 'createdAt',
    },
  },
  task: {
    uid: 'api::task.task',
    fields: {
      title: 'title',
      dueAt: 'due_at',
      completedAt: 'completed_at',
      owner: 'owner',
      entityType: 'entity_type',
      entityId: 'entity_id',
    },
  },
  target: {
    uid: 'api::target.target',
    fields: {
      name: 'name',
      metric: 'metric',
      targetValue: 'target_value',
      unit: 'unit',
      periodStart: 'period_start',
      periodEnd: 'period_end',
      owner: 'owner',
    },
  },
  user: {
    uid: 'plugin::users-permissions.user',
    fields: {
      name: 'username',
      email: 'email',
      teams: 'teams',
      department: 'department',
      timezone: 'timezone',
      avatar: null as string | null,
    },
  },
};

export type Concept = keyof typeof DEFAULT_MAPPING;
interface ConceptMapping {
  uid: string;
  fields: Record<string, string | null>;
}
export const CONCEPTS = Object.keys(DEFAULT_MAPPING) as Concept[];
type FieldsOf<C extends Concept> = keyof (typeof DEFAULT_MAPPING)[C]['fields'];

/** The config schema of `crm`: every concept and field optional, defaulting to the playground's. */
export const crmMappingSchema = z
  .object(
    Object.fromEntries(
      CONCEPTS.map((concept) => {
        const defaults = DEFAULT_MAPPING[concept];
        const fields = Object.fromEntries(
          Object.entries(defaults.fields).map(([name, value]) => [
            name,
            value === null
              ? z.string().nullable().default(null)
              : z
                  .string()
                  .min(1)
                  .default(value as string),
          ])
        );
        return [
          concept,
          z
            .object({
              uid: z.string().default(defaults.uid),
              fields: z.object(fields).strict().prefault({}),
            })
            .strict()
            .prefault({}),
        ];
      })
    ) as unknown as Record<Concept, z.ZodDefault<z.ZodType<ConceptMapping>>>
  )
  .extend({
    /** The opportunity pipeline's stage that means "proposal sent" (conversion funnel). */
    proposalStage: z.string().min(1).default('Proposal'),
    /** The widest analytics scope of each users-permissions role (by type); other roles: own. */
    roleScopes: z
      .record(z.string(), z.enum(['own', 'team', 'department', 'all']))
      .default({ 'sales-rep': 'own', 'team-lead': 'team', 'sales-manager': 'department', director: 'all' }),
  })
  .strict()
  .prefault({});

export type CrmMapping = z.output<typeof crmMappingSchema>;

/** A relation kept in a link table: `from` is the column of this side's id, `to` the related id's. */
export interface Link {
  table: string;
  from: string;
  to: string;
}

export interface Resolved<C extends Concept = Concept> {
  uid: string;
  table: string;
  /** The column of the entries' documentId (what the API calls their id). */
  documentIdColumn: string;
  /** Published rows only (draft & publish). */
  draftAndPublish: boolean;
  column(field: FieldsOf<C>): string;
  link(field: FieldsOf<C>): Link;
  has(field: FieldsOf<C>): boolean;
}

export interface CrmModel {
  mapping: CrmMapping;
  /** What is wrong with the mapping, by concept (an endpoint that needs it answers 501). */
  problems: Partial<Record<Concept, string[]>>;
  get<C extends Concept>(concept: C): Resolved<C>;
}

/** Checks the mapping against Strapi's metadata, once, and resolves every name to a table or column. */
export function resolveCrmModel(strapi: Core.Strapi, mapping: CrmMapping): CrmModel {
  const problems: CrmModel['problems'] = {};
  const resolved = new Map<Concept, Resolved>();
  for (const concept of CONCEPTS) {
    const { uid, fields } = mapping[concept];
    const schema = contentTypeSchema(strapi, uid);
    // metadata.get throws for an unknown uid
    const meta = schema ? metadataOf(strapi, uid) : undefined;
    const issues: string[] = [];
    if (!meta || !schema) {
      problems[concept] = [`no content type "${uid}"`];
      continue;
    }
    const columns = new Map<string, string>();
    const links = new Map<string, Link>();
    for (const [field, attributeName] of Object.entries(fields)) {
      if (attributeName === null) continue;
      const attribute = meta.attributes[attributeName];
      if (!attribute) {
        issues.push(`${uid} has no field "${attributeName}" (crm.${concept}.fields.${field})`);
      } else if (attribute.type === 'relation') {
        if (!attribute.joinTable)
          issues.push(`${uid}.${attributeName} is not a relation kept in a link table`);
        else {
          const { name, joinColumn, inverseJoinColumn } = attribute.joinTable;
          links.set(field, { table: name, from: joinColumn.name, to: inverseJoinColumn.name });
        }
      } else {
        columns.set(field, attribute.columnName ?? attributeName);
      }
    }
    if (issues.length > 0) problems[concept] = issues;
    resolved.set(concept, {
      uid,
      table: meta.tableName,
      documentIdColumn: meta.attributes.documentId?.columnName ?? 'document_id',
      draftAndPublish: Boolean(schema.options?.draftAndPublish),
      column: (field) => {
        const column = columns.get(field as string);
        if (!column) throw new Error(`crm.${concept}.fields.${String(field)} is not a value field`);
        return column;
      },
      link: (field) => {
        const link = links.get(field as string);
        if (!link) throw new Error(`crm.${concept}.fields.${String(field)} is not a relation`);
        return link;
      },
      has: (field) => columns.has(field as string) || links.has(field as string),
    });
  }
  return {
    mapping,
    problems,
    get<C extends Concept>(concept: C) {
      const model = resolved.get(concept);
      if (!model) throw new Error(`crm.${concept} is not mapped`);
      return model as unknown as Resolved<C>;
    },
  };
}
