import { withPlayground } from './boot';
import { parseArgs } from 'util';
import { SEED_SIZES, seedCrm, type SeedOptions, type SeedSize } from './seed/index';
import { parseDay } from './seed/time';

const USAGE = `Seeds the playground CRM and the demo dashboards.

  node dist/scripts/seed.js [--size demo|bench] [--leads N] [--seed N] [--today YYYY-MM-DD]
                            [--reset] [--if-empty]

  --size      demo (${SEED_SIZES.demo.toLocaleString('en-US')} leads, the default) or bench (${SEED_SIZES.bench.toLocaleString('en-US')} leads)
  --leads     any number of leads (overrides --size); ~25% get an opportunity, 2 activities and 0.5 tasks per lead
  --seed      random seed (default 42): the same flags on the same day give the same data
  --today     the day the data is anchored to (default: today, UTC)
  --reset     delete the CRM rows, the seeded users and the demo dashboards first
  --if-empty  do nothing when the CRM has data already

The database is the playground's (DATABASE_CLIENT, DATABASE_FILENAME, DATABASE_NAME, ...).`;

function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`--${flag} must be a whole number (got "${text}")`);
  return Number(text);
}

function parseOptions(argv: string[]): SeedOptions | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      size: { type: 'string' },
      leads: { type: 'string' },
      seed: { type: 'string' },
      today: { type: 'string' },
      reset: { type: 'boolean' },
      'if-empty': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return null;
  const size = (values.size ?? 'demo') as SeedSize;
  if (!(size in SEED_SIZES)) {
    throw new Error(`--size must be ${Object.keys(SEED_SIZES).join(' or ')} (got "${size}")`);
  }
  // seedCrm checks it as well; checked here so that a typo fails before Strapi starts.
  if (values.today !== undefined) parseDay(values.today);
  return {
    leads: values.leads === undefined ? SEED_SIZES[size] : wholeNumber('leads', values.leads),
    seed: values.seed === undefined ? undefined : wholeNumber('seed', values.seed),
    today: values.today,
    reset: values.reset ?? false,
    ifEmpty: values['if-empty'] ?? false,
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) {
    console.log(USAGE);
    return;
  }
  const started = Date.now();
  await withPlayground(async (strapi) => {
    const result = await seedCrm(strapi, { ...options, log: (line) => console.log(line) });
    if (result.skipped) {
      console.log('The CRM has data already: nothing seeded (--if-empty).');
      return;
    }
    const width = Math.max(...Object.keys(result.counts).map((uid) => uid.length));
    console.log(`Seeded the CRM (seed ${result.seed}, anchored to ${result.today}):`);
    for (const [uid, count] of Object.entries(result.counts)) {
      console.log(`  ${uid.padEnd(width)}  ${count.toLocaleString('en-US').padStart(10)}`);
    }
    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(
      `Seeding took ${seconds(result.elapsedMs)} (${seconds(Date.now() - started)} with Strapi's start).`
    );
    console.log(`CRM login (users-permissions): ${result.login.email} / ${result.login.password}`);
  });
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  if (process.env.DEBUG) console.error(error);
  process.exit(1);
});
