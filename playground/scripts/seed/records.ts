import type { BulkWriter } from './bulk-writer';
import {
  COMPANY_INDUSTRIES,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  DEAL_KINDS,
  DOMAIN_ENDINGS,
  FIRST_NAMES,
  LAST_NAMES,
  LOSS_REASONS,
  TASK_TITLES,
  WIN_REASONS,
  fill,
  slug,
} from './names';
import type { CrmUser, Organization } from './organization';
import type { Pipeline, Pipelines, Stage } from './pipelines';
import { firstAbove, WeightedChoice, type Random } from './random';
import type { Actuals } from './targets';
import { DAY, HOUR } from './time';
import { UID } from './uids';

const MINUTE = 60_000;

/** Rows buffered before the writer is asked to write them (one transaction each). */
const ROWS_PER_WRITE = 20_000;

const SOURCES = new WeightedChoice([
  ['website', 30],
  ['referral', 20],
  ['linkedin', 18],
  ['cold_call', 12],
  ['event', 10],
  ['other', 10],
] as const);
/** Hours a lead of each source may wait for its first response. */
const SLA_HOURS: Record<string, number> = {
  website: 4,
  linkedin: 4,
  referral: 8,
  event: 24,
  cold_call: 24,
  other: 24,
};

type LeadStatus = 'open' | 'qualified' | 'converted' | 'disqualified';
/** Where leads are headed; leads too young to get there stop earlier (see createLead). */
const LEAD_OUTCOMES = new WeightedChoice<LeadStatus>([
  ['converted', 25.5],
  ['qualified', 18],
  ['disqualified', 20],
  ['open', 35],
]);
const ACTIVITY_TYPES = new WeightedChoice([
  ['call', 30],
  ['email', 40],
  ['meeting', 12],
  ['note', 18],
] as const);
const TASKS_PER_LEAD = new WeightedChoice([
  [0, 60],
  [1, 30],
  [2, 10],
] as const);
/** When open tasks are due, in days from today. */
const TASK_DUE_DAYS = new WeightedChoice<[number, number]>([
  [[-10, -1], 25],
  [[0, 0], 15],
  [[1, 6], 30],
  [[7, 40], 30],
]);
const WIN_REASON = new WeightedChoice(WIN_REASONS);
const LOSS_REASON = new WeightedChoice(LOSS_REASONS);

interface Company {
  name: string;
  domain: string;
}

interface Lead {
  id: number;
  documentId: string;
  name: string;
  company: string;
  owner: CrmUser;
  createdAt: number;
  /** When the lead stopped needing work (converted or disqualified), or null while it is worked. */
  closedAt: number | null;
  firstResponseAt: number | null;
  qualifiedAt: number | null;
  convertedAt: number | null;
}

interface Stint {
  stage: Stage;
  enteredAt: number;
  exitedAt: number | null;
  changedBy: CrmUser;
}

interface Opportunity {
  id: number;
  documentId: string;
  name: string;
  owner: CrmUser;
  createdAt: number;
  closedAt: number | null;
  stints: Stint[];
}

/** What activities and tasks say about the lead or opportunity they are about. */
interface EntityRef {
  type: 'leads' | 'opportunities';
  documentId: string;
  name: string;
}

interface Entity extends EntityRef {
  owner: CrmUser;
  createdAt: number;
  /** Still being worked: its tasks are due around today. */
  active: boolean;
}

/**
 * When leads arrive over the window: more on weekdays than at weekends, and growing over time.
 * Lead i of n gets the (i + u)/n quantile, so leads come out in creation order and ids follow time.
 */
class ArrivalCurve {
  private readonly cumulative: number[] = [];

  constructor(
    private readonly start: number,
    days: number
  ) {
    let total = 0;
    for (let day = 0; day < days; day += 1) {
      const weekday = new Date(start + day * DAY).getUTCDay();
      const weekend = weekday === 0 || weekday === 6;
      total += (0.6 + (0.8 * day) / days) * (weekend ? 0.3 : 1);
      this.cumulative.push(total);
    }
  }

  time(quantile: number, random: Random): number {
    const low = firstAbove(this.cumulative, quantile * this.cumulative[this.cumulative.length - 1]);
    const hour = Math.min(23.9, Math.max(0, random.normal(13, 3.5)));
    return this.start + low * DAY + Math.floor(hour * 60) * MINUTE;
  }
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
/** Times that fall after the data set's "now" have not happened yet. */
const happened = (time: number | null, now: number) => (time !== null && time < now ? time : null);

export interface DataWindow {
  start: number;
  /** The data set's "now": nothing happens at or after it. */
  end: number;
}

/**
 * Leads with everything that follows from them: an opportunity when converted (with its stage
 * history), activities on both, and tasks. Generated lead by lead and written in batches, so memory
 * stays flat whatever the count.
 */
export class RecordGenerator {
  private readonly companies: Company[];
  private readonly now: number;

  constructor(
    private readonly writer: BulkWriter,
    private readonly random: Random,
    private readonly organization: Organization,
    private readonly pipelines: Pipelines,
    private readonly actuals: Actuals,
    private readonly window: DataWindow
  ) {
    this.companies = this.companyPool(random.fork('companies'), 2000);
    this.now = window.end;
  }

  async generate(leads: number, onProgress?: (leadsDone: number) => void): Promise<void> {
    const { start, end } = this.window;
    const curve = new ArrivalCurve(start, Math.round((end - start) / DAY));
    const progressEvery = Math.max(1, Math.ceil(leads / 20));
    for (let index = 0; index < leads; index += 1) {
      this.createLeadAndFollowUps(curve.time((index + this.random.next()) / leads, this.random));
      if (this.writer.pending >= ROWS_PER_WRITE) await this.writer.flush();
      if ((index + 1) % progressEvery === 0) onProgress?.(index + 1);
    }
  }

  private companyPool(random: Random, size: number): Company[] {
    return Array.from({ length: size }, () => {
      const brand = `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_INDUSTRIES)}`;
      return {
        name: `${brand}${random.pick(COMPANY_SUFFIXES)}`,
        domain: `${slug(brand)}${random.pick(DOMAIN_ENDINGS)}`,
      };
    });
  }

  private otherwise(owner: CrmUser, keepChance: number): CrmUser {
    return this.random.chance(keepChance) ? owner : this.organization.owners.pick(this.random);
  }

  private createLeadAndFollowUps(createdAt: number): void {
    const lead = this.createLead(createdAt);
    const opportunity = lead.convertedAt === null ? null : this.createOpportunity(lead, lead.convertedAt);
    this.createLeadActivities(lead);
    if (opportunity) this.createOpportunityActivities(opportunity, lead);

    const leadEntity: Entity = { type: 'leads', ...lead, active: lead.closedAt === null };
    const opportunityEntity: Entity | null = opportunity && {
      type: 'opportunities',
      ...opportunity,
      active: opportunity.closedAt === null,
    };
    const tasks = TASKS_PER_LEAD.pick(this.random);
    for (let task = 0; task < tasks; task += 1) {
      const entity = opportunityEntity && this.random.chance(0.75) ? opportunityEntity : leadEntity;
      this.createTask(entity, lead);
    }
  }

  private createLead(createdAt: number): Lead {
    const { random, now } = this;
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const company = random.pick(this.companies);
    const owner = this.organization.owners.pick(random);
    const source = SOURCES.pick(random);
    const outcome = LEAD_OUTCOMES.pick(random);

    const slaWindow = SLA_HOURS[source] * HOUR;
    const slaDueAt = random.chance(0.92) ? createdAt + slaWindow : null;
    const answered = outcome === 'qualified' || outcome === 'converted' || random.chance(0.94);
    const responseDelay =
      slaWindow * (random.chance(0.9) ? random.between(0.05, 0.95) : random.between(1.05, 4));
    const firstResponseAt = happened(answered ? createdAt + Math.round(responseDelay) : null, now);

    const qualifies =
      outcome === 'qualified' ||
      outcome === 'converted' ||
      (outcome === 'disqualified' && random.chance(0.3));
    const qualifiedAt = happened(
      qualifies && firstResponseAt !== null
        ? firstResponseAt + Math.round(random.between(0.5, 10) * DAY)
        : null,
      now
    );
    const convertedAt = happened(
      outcome === 'converted' && qualifiedAt !== null
        ? qualifiedAt + Math.round(random.between(1, 21) * DAY)
        : null,
      now
    );
    const disqualifiedAt = happened(
      outcome === 'disqualified'
        ? (qualifiedAt ?? firstResponseAt ?? createdAt) + Math.round(random.between(1, 30) * DAY)
        : null,
      now
    );
    const status: LeadStatus = convertedAt
      ? 'converted'
      : disqualifiedAt
        ? 'disqualified'
        : qualifiedAt
          ? 'qualified'
          : 'open';
    const stage = {
      open: firstResponseAt ? 'Contacted' : 'New',
      qualified: 'Qualified',
      converted: 'Converted',
      disqualified: 'Unqualified',
    }[status];

    const name = `${first} ${last}`;
    const { id, documentId } = this.writer.add(
      UID.lead,
      {
        name,
        email: `${slug(first)}.${slug(last)}@${company.domain}`,
        company: company.name,
        source,
        status,
        qualified_at: qualifiedAt,
        converted_at: convertedAt,
        sla_due_at: slaDueAt,
        first_response_at: firstResponseAt,
        createdAt,
        updatedAt: Math.max(
          createdAt,
          firstResponseAt ?? 0,
          qualifiedAt ?? 0,
          convertedAt ?? 0,
          disqualifiedAt ?? 0
        ),
      },
      { owner: owner.id, pipeline: this.pipelines.lead.id, stage: this.pipelines.lead.stage[stage].id }
    );
    this.actuals.add('leads_created', owner.id);
    return {
      id,
      documentId,
      name,
      company: company.name,
      owner,
      createdAt,
      closedAt: convertedAt ?? disqualifiedAt,
      firstResponseAt,
      qualifiedAt,
      convertedAt,
    };
  }

  /**
   * A deal's stage history: forward through the open stages (now and then skipping one), then won
   * or lost; a few lost deals are reopened in the furthest open stage they reached. Stints that
   * would end after "now" are current, and the deal stays open in them.
   */
  private stageHistory(pipeline: Pipeline, owner: CrmUser, createdAt: number): Stint[] {
    const { random, now } = this;
    const { open } = pipeline;
    const stints: Stint[] = [];
    const enter = (stage: Stage, enteredAt: number) => {
      if (stints.length > 0) stints[stints.length - 1].exitedAt = enteredAt;
      stints.push({ stage, enteredAt, exitedAt: null, changedBy: this.otherwise(owner, 0.85) });
    };
    const winChance = clamp(0.45 * owner.performance, 0.15, 0.8);
    let wins = random.chance(winChance);
    let furthest = wins ? open.length - 1 : Math.floor(open.length * random.next() ** 1.5);
    let reopened = false;
    let index = 0;
    let time = createdAt;
    for (;;) {
      enter(open[index], time);
      // Now and then a deal stalls in a stage for months.
      const pace = random.chance(0.06) ? random.between(3, 8) : random.between(0.3, 1.8);
      time += Math.round(open[index].typicalDays! * pace * DAY);
      if (time >= now) return stints;
      if (index < furthest) {
        index += wins && index + 2 <= furthest && random.chance(0.1) ? 2 : 1;
        continue;
      }
      enter(wins ? pipeline.won : pipeline.lost, time);
      const reopenAt = time + Math.round(random.between(7, 60) * DAY);
      if (wins || reopened || !random.chance(0.06) || reopenAt >= now) return stints;
      reopened = true;
      time = reopenAt;
      wins = random.chance(0.5);
      furthest = wins ? open.length - 1 : random.int(index, open.length - 1);
    }
  }

  private createOpportunity(lead: Lead, createdAt: number): Opportunity {
    const { random, now } = this;
    const renewal = random.chance(0.2);
    const pipeline = renewal ? this.pipelines.renewals : this.pipelines.sales;
    const owner = this.otherwise(lead.owner, 0.9);
    const stints = this.stageHistory(pipeline, owner, createdAt);
    const current = stints[stints.length - 1];
    const outcome = current.stage.kind;
    const closedAt = outcome === 'open' ? null : current.enteredAt;
    const typicalAmount = renewal ? 8000 : 18000;
    const amount =
      Math.round(
        clamp(Math.exp(random.normal(Math.log(typicalAmount), 0.8)) * owner.performance, 500, 750_000) / 50
      ) * 50;
    const expectedClose =
      closedAt !== null
        ? closedAt + Math.round(random.normal(0, 10) * DAY)
        : Math.max(
            createdAt + Math.round(random.between(30, 120) * DAY),
            now + Math.round(random.between(3, 90) * DAY)
          );
    const name = renewal
      ? `${lead.company} - Renewal ${new Date(createdAt).getUTCFullYear()}`
      : `${lead.company} - ${random.pick(DEAL_KINDS)}`;
    const reason = (choice: WeightedChoice<string>) => (random.chance(0.95) ? choice.pick(random) : null);

    const { id, documentId } = this.writer.add(
      UID.opportunity,
      {
        name,
        amount,
        probability:
          outcome === 'open' && random.chance(0.25)
            ? clamp(current.stage.probability + random.int(-15, 15), 0, 100)
            : null,
        expected_close_date: expectedClose,
        closed_at: closedAt,
        win_reason: outcome === 'won' ? reason(WIN_REASON) : null,
        loss_reason: outcome === 'lost' ? reason(LOSS_REASON) : null,
        createdAt,
        updatedAt: current.enteredAt,
      },
      { lead: lead.id, pipeline: pipeline.id, stage: current.stage.id, owner: owner.id }
    );
    for (const stint of stints) {
      this.writer.add(
        UID.stageHistory,
        {
          entered_at: stint.enteredAt,
          exited_at: stint.exitedAt,
          createdAt: stint.enteredAt,
          updatedAt: stint.exitedAt ?? stint.enteredAt,
        },
        { opportunity: id, stage: stint.stage.id, changed_by: stint.changedBy.id }
      );
    }
    if (outcome === 'won' && closedAt !== null) {
      this.actuals.add('deals_won', owner.id);
      this.actuals.add('revenue', owner.id, amount);
    }
    return { id, documentId, name, owner, createdAt, closedAt, stints };
  }

  private createActivity(entity: EntityRef, type: string, title: string, at: number, by: CrmUser): void {
    this.writer.add(
      UID.activity,
      {
        type,
        title,
        entity_type: entity.type,
        entity_id: entity.documentId,
        entity_name: entity.name,
        createdAt: at,
      },
      { performed_by: by.id }
    );
    this.actuals.add('activities', by.id);
  }

  /** A time between `from` and `to` (exclusive), in whole minutes. */
  private timeBetween(from: number, to: number): number {
    return from + Math.floor((this.random.next() * (to - from)) / MINUTE) * MINUTE;
  }

  /** Random calls, e-mails, meetings and notes on an entity, after its milestone activities. */
  private fillActivities(
    entity: EntityRef,
    count: number,
    span: { from: number; to: number },
    contact: { name: string; company: string },
    owner: CrmUser,
    notesOnly: boolean
  ): void {
    for (let activity = 0; activity < count; activity += 1) {
      const type = notesOnly ? 'note' : ACTIVITY_TYPES.pick(this.random);
      const title = {
        call: `Call with ${contact.name}`,
        email: `Email to ${contact.name}`,
        meeting: `Meeting with ${contact.company}`,
        note: `Note on ${entity.name}`,
      }[type];
      this.createActivity(
        entity,
        type,
        title,
        this.timeBetween(span.from, span.to),
        this.otherwise(owner, 0.85)
      );
    }
  }

  private createLeadActivities(lead: Lead): void {
    const entity = { type: 'leads' as const, ...lead };
    const count = this.random.int(0, 3);
    let made = 0;
    if (made < count && lead.firstResponseAt !== null) {
      const type = this.random.chance(0.5) ? 'call' : 'email';
      const title = type === 'call' ? `Intro call with ${lead.name}` : `Replied to ${lead.name}`;
      this.createActivity(entity, type, title, lead.firstResponseAt, lead.owner);
      made += 1;
    }
    if (made < count && lead.qualifiedAt !== null) {
      this.createActivity(entity, 'stage_change', 'Lead moved to Qualified', lead.qualifiedAt, lead.owner);
      made += 1;
    }
    const end = Math.min(this.now, lead.closedAt ?? lead.createdAt + 45 * DAY);
    const span = { from: lead.createdAt, to: Math.max(end, lead.createdAt + MINUTE) };
    this.fillActivities(entity, count - made, span, lead, lead.owner, lead.firstResponseAt === null);
  }

  private createOpportunityActivities(opportunity: Opportunity, lead: Lead): void {
    const entity = { type: 'opportunities' as const, ...opportunity };
    const count = this.random.int(0, 4);
    const moves = opportunity.stints.slice(1, count + 1);
    for (const stint of moves) {
      this.createActivity(
        entity,
        'stage_change',
        `Opportunity moved to ${stint.stage.name}`,
        stint.enteredAt,
        stint.changedBy
      );
    }
    const end = opportunity.closedAt ?? this.now;
    const span = { from: opportunity.createdAt, to: Math.max(end, opportunity.createdAt + MINUTE) };
    this.fillActivities(
      entity,
      count - moves.length,
      span,
      { name: lead.name, company: lead.company },
      opportunity.owner,
      false
    );
  }

  /**
   * Work still going on gets tasks due around today (overdue, today, this week, later), a few
   * already done; finished work gets past tasks, nearly all completed.
   */
  private createTask(entity: Entity, lead: Lead): void {
    const { random, now } = this;
    let dueAt: number;
    let completedAt: number | null;
    let createdAt: number;
    if (entity.active) {
      const [from, to] = TASK_DUE_DAYS.pick(random);
      const offset = random.int(from, to);
      dueAt = Math.max(now + offset * DAY + random.int(16, 35) * 30 * MINUTE, entity.createdAt + HOUR);
      createdAt = Math.max(entity.createdAt, Math.min(dueAt, now) - Math.round(random.between(1, 14) * DAY));
      createdAt = Math.min(createdAt, now - MINUTE);
      completedAt = random.chance(offset < 0 ? 0.35 : 0.08)
        ? this.timeBetween(createdAt, Math.min(dueAt, now))
        : null;
    } else {
      dueAt = Math.min(entity.createdAt + Math.round(random.between(1, 20) * DAY), now - HOUR);
      createdAt = this.timeBetween(entity.createdAt, Math.max(dueAt, entity.createdAt + MINUTE));
      completedAt = random.chance(0.9)
        ? clamp(dueAt + Math.round(random.between(-2, 2) * DAY), createdAt, now - MINUTE)
        : null;
    }
    this.writer.add(
      UID.task,
      {
        title: fill(random.pick(TASK_TITLES), { contact: lead.name, company: lead.company }),
        due_at: dueAt,
        completed_at: completedAt,
        entity_type: entity.type,
        entity_id: entity.documentId,
        createdAt,
        updatedAt: completedAt ?? createdAt,
      },
      { owner: entity.owner.id }
    );
  }
}
