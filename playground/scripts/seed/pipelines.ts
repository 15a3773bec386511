import type { BulkWriter } from './bulk-writer';
import { UID } from './uids';

export type StageKind = 'open' | 'won' | 'lost';

interface StageSpec {
  name: string;
  color: string;
  probability: number;
  kind: StageKind;
  /** Typical days a deal spends in the stage (open stages of opportunity pipelines). */
  typicalDays?: number;
}

interface PipelineSpec {
  name: string;
  type: 'lead' | 'opportunity';
  isDefault: boolean;
  stages: StageSpec[];
}

export interface Stage extends StageSpec {
  id: number;
  position: number;
}

export interface Pipeline {
  id: number;
  name: string;
  /** Open stages in order. */
  open: Stage[];
  won: Stage;
  lost: Stage;
  /** Every stage by name. */
  stage: Record<string, Stage>;
}

export interface Pipelines {
  lead: Pipeline;
  sales: Pipeline;
  renewals: Pipeline;
}

const stage = (name: string, color: string, probability: number, kind: StageKind, typicalDays?: number) => ({
  name,
  color,
  probability,
  kind,
  typicalDays,
});

const LEAD: PipelineSpec = {
  name: 'Lead pipeline',
  type: 'lead',
  isDefault: true,
  stages: [
    stage('New', '#3b82f6', 5, 'open'),
    stage('Contacted', '#06b6d4', 10, 'open'),
    stage('Qualified', '#10b981', 30, 'open'),
    stage('Converted', '#22c55e', 100, 'won'),
    stage('Unqualified', '#ef4444', 0, 'lost'),
  ],
};

const SALES: PipelineSpec = {
  name: 'Sales',
  type: 'opportunity',
  isDefault: true,
  stages: [
    stage('Discovery', '#6366f1', 10, 'open', 10),
    stage('Qualification', '#8b5cf6', 25, 'open', 14),
    stage('Proposal', '#f59e0b', 50, 'open', 18),
    stage('Negotiation', '#f97316', 75, 'open', 21),
    stage('Closed Won', '#22c55e', 100, 'won'),
    stage('Closed Lost', '#ef4444', 0, 'lost'),
  ],
};

const RENEWALS: PipelineSpec = {
  name: 'Renewals',
  type: 'opportunity',
  isDefault: false,
  stages: [
    stage('Renewal Due', '#0ea5e9', 40, 'open', 14),
    stage('In Discussion', '#6366f1', 60, 'open', 18),
    stage('Contract Sent', '#f59e0b', 85, 'open', 10),
    stage('Renewed', '#22c55e', 100, 'won'),
    stage('Churned', '#ef4444', 0, 'lost'),
  ],
};

function createPipeline(writer: BulkWriter, spec: PipelineSpec, createdAt: number): Pipeline {
  const { id } = writer.add(UID.pipeline, {
    name: spec.name,
    type: spec.type,
    is_default: spec.isDefault,
    createdAt,
  });
  const stages = spec.stages.map((stageSpec, index): Stage => {
    const position = index + 1;
    const { typicalDays: _typicalDays, ...values } = stageSpec;
    const created = writer.add(UID.stage, { ...values, position, createdAt }, { pipeline: id });
    return { ...stageSpec, id: created.id, position };
  });
  const only = (kind: StageKind) => stages.find((candidate) => candidate.kind === kind)!;
  return {
    id,
    name: spec.name,
    open: stages.filter((candidate) => candidate.kind === 'open'),
    won: only('won'),
    lost: only('lost'),
    stage: Object.fromEntries(stages.map((candidate) => [candidate.name, candidate])),
  };
}

/** One lead pipeline and two opportunity pipelines (the default "Sales" and "Renewals"). */
export function createPipelines(writer: BulkWriter, createdAt: number): Pipelines {
  return {
    lead: createPipeline(writer, LEAD, createdAt),
    sales: createPipeline(writer, SALES, createdAt),
    renewals: createPipeline(writer, RENEWALS, createdAt),
  };
}
