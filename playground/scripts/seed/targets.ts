import type { BulkWriter } from './bulk-writer';
import type { CrmUser, Organization } from './organization';
import type { Random } from './random';
import { DAY, isoDay, quarterFrom } from './time';
import { UID } from './uids';

export type TargetMetric = 'revenue' | 'deals_won' | 'leads_created' | 'activities';

const METRICS: Array<{ metric: TargetMetric; label: string; unit: 'currency' | 'count' }> = [
  { metric: 'revenue', label: 'Revenue', unit: 'currency' },
  { metric: 'deals_won', label: 'Deals won', unit: 'count' },
  { metric: 'leads_created', label: 'Leads created', unit: 'count' },
  { metric: 'activities', label: 'Activities', unit: 'count' },
];
const EVERYONE = 0;
/** Strapi makes decimal attributes decimal(10,2) columns: PostgreSQL and MySQL refuse larger values. */
const LARGEST_DECIMAL = 99_999_999;
const AVERAGE_QUARTER_DAYS = 365.25 / 4;

/** Totals of each target metric, per owner and for everyone, as the records are generated. */
export class Actuals {
  private readonly totals = new Map<string, number>();

  add(metric: TargetMetric, ownerId: number, value = 1): void {
    for (const key of [`${metric}:${ownerId}`, `${metric}:${EVERYONE}`]) {
      this.totals.set(key, (this.totals.get(key) ?? 0) + value);
    }
  }

  total(metric: TargetMetric, ownerId = EVERYONE): number {
    return this.totals.get(`${metric}:${ownerId}`) ?? 0;
  }
}

/**
 * Quarterly targets of last year and this year: one per metric for the whole company (no owner) and
 * a revenue target per seller. Each is the average quarter of the generated data times 0.9–1.25,
 * so progress varies around 100%. Returns the names of targets left out because their value does
 * not fit the column (company revenue of the bench data set).
 */
export function createTargets(
  writer: BulkWriter,
  random: Random,
  organization: Organization,
  actuals: Actuals,
  window: { start: number; end: number }
): string[] {
  const skipped: string[] = [];
  const quarters = (window.end - window.start) / DAY / AVERAGE_QUARTER_DAYS;
  const thisYear = new Date(window.end).getUTCFullYear();
  const sellers = organization.users.filter((user) => user.role === 'sales-rep' || user.role === 'team-lead');

  for (const year of [thisYear - 1, thisYear]) {
    for (let quarter = 1; quarter <= 4; quarter += 1) {
      const period = quarterFrom(year, quarter);
      const values = {
        period_start: isoDay(period.start),
        period_end: isoDay(period.end - DAY),
        createdAt: Math.min(period.start - 14 * DAY, window.end - DAY),
      };
      const add = ({ metric, label, unit }: (typeof METRICS)[number], owner?: CrmUser) => {
        const average = actuals.total(metric, owner?.id) / quarters;
        const target = average * random.between(0.9, 1.25);
        const value =
          unit === 'currency'
            ? Math.max(1000, Math.round(target / 1000) * 1000)
            : Math.max(1, Math.round(target));
        const name = `Q${quarter} ${year} ${label} target${owner ? ` - ${owner.username}` : ''}`;
        if (value > LARGEST_DECIMAL) skipped.push(name);
        else
          writer.add(
            UID.target,
            { ...values, name, metric, unit, target_value: value },
            { owner: owner?.id }
          );
      };
      METRICS.forEach((metric) => add(metric));
      sellers.forEach((seller) => add(METRICS[0], seller));
    }
  }
  return skipped;
}
