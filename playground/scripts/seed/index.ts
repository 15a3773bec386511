import type { Core } from '@strapi/strapi';
import { BulkWriter } from './bulk-writer';
import { createDemoDashboards } from './dashboards';
import { DEMO_CRM_LOGIN, createOrganization } from './organization';
import { createPipelines } from './pipelines';
import { Random } from './random';
import { RecordGenerator } from './records';
import { countCrmRows, resetCrm } from './reset';
import { Actuals, createTargets } from './targets';
import { DAY, isoDay, parseDay, utcMidnight } from './time';
import { CRM_UIDS, UID } from './uids';

export { DEMO_CRM_LOGIN } from './organization';
export { DEMO_DASHBOARD_NAMES } from './dashboards';

/** Lead counts of the named sizes; the other record counts follow from the lead count. */
export const SEED_SIZES = { demo: 5_000, bench: 1_000_000 } as const;
export type SeedSize = keyof typeof SEED_SIZES;

/** The data set covers the last ~18 months before today. */
const WINDOW_DAYS = 548;
/** Smaller data sets are written too fast for progress lines to help. */
const PROGRESS_FROM_LEADS = 50_000;

export interface SeedOptions {
  /** Number of leads (default: the demo size, 5,000). About 25% become opportunities; 2 activities and 0.5 tasks per lead. */
  leads?: number;
  /** Random seed (default 42): the same seed, lead count and day give the same data. */
  seed?: number;
  /** The day the data is anchored to, as YYYY-MM-DD (default: today, UTC): everything happened before its midnight, open tasks are due around it. */
  today?: string;
  /** Delete the CRM rows, the seeded users and the demo dashboards first. */
  reset?: boolean;
  /** Do nothing when the CRM has data already (otherwise that is an error, unless `reset`). */
  ifEmpty?: boolean;
  /** Create the demo dashboards (default true). */
  dashboards?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface SeedResult {
  /** True when `ifEmpty` found data and nothing was written. */
  skipped: boolean;
  /** Rows written per content type uid. */
  counts: Record<string, number>;
  seed: number;
  today: string;
  elapsedMs: number;
  /** A users-permissions login that works after seeding. */
  login: { email: string; password: string };
}

/** Fills the CRM of an already loaded Strapi with a realistic, reproducible data set and the demo dashboards. */
export async function seedCrm(strapi: Core.Strapi, options: SeedOptions = {}): Promise<SeedResult> {
  const started = Date.now();
  const leads = options.leads ?? SEED_SIZES.demo;
  const seed = options.seed ?? 42;
  if (!Number.isInteger(leads) || leads < 0) {
    throw new Error(`leads must be a whole number ≥ 0 (got ${leads})`);
  }
  if (!Number.isInteger(seed)) throw new Error(`seed must be a whole number (got ${seed})`);
  const today = options.today === undefined ? utcMidnight(new Date()) : parseDay(options.today);
  const log = options.log ?? (() => {});
  const result = (counts: Record<string, number>, skipped: boolean): SeedResult => ({
    skipped,
    counts,
    seed,
    today: isoDay(today),
    elapsedMs: Date.now() - started,
    login: { ...DEMO_CRM_LOGIN },
  });

  if (options.reset) {
    log('Deleting the CRM rows, the seeded users and the demo dashboards…');
    await resetCrm(strapi);
  } else if ((await countCrmRows(strapi)) > 0) {
    if (options.ifEmpty) return result({}, true);
    throw new Error(
      'The CRM has data already: pass --reset to replace it, or --if-empty to leave it as it is'
    );
  }

  const window = { start: today - WINDOW_DAYS * DAY, end: today };
  const setUpAt = window.start - 60 * DAY;
  const random = new Random(seed);
  const writer = new BulkWriter(strapi, random.fork('rows'));
  await writer.open(CRM_UIDS);
  const organization = await createOrganization(strapi, writer, random.fork('organization'), setUpAt);
  const pipelines = createPipelines(writer, setUpAt);
  // Every record references these rows, and batches may be written side by side: commit them first.
  await writer.drain();
  const actuals = new Actuals();
  const generator = new RecordGenerator(
    writer,
    random.fork('records'),
    organization,
    pipelines,
    actuals,
    window
  );
  await generator.generate(leads, (done) => {
    if (leads < PROGRESS_FROM_LEADS) return;
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    log(`  ${done.toLocaleString('en-US')} / ${leads.toLocaleString('en-US')} leads (${seconds} s)`);
  });
  const oversized = createTargets(writer, random.fork('targets'), organization, actuals, window);
  if (oversized.length > 0) {
    log(`Left out ${oversized.length} targets too large for a decimal(10,2) column (${oversized[0]} …)`);
  }
  await writer.close();
  // the rows went in around Strapi: the plugin's rollups and every instance's cached results follow
  await strapi.plugin('dashboards').service('cache').bumpStrapiDatabase();

  const counts = writer.counts();
  if (options.dashboards ?? true) {
    const created = await createDemoDashboards(
      strapi,
      random.fork('dashboards'),
      organization.director,
      today
    );
    counts[UID.dashboard] = created.dashboards;
    counts[UID.tile] = created.tiles;
  }
  return result(counts, false);
}
