/**
 * The relative date ranges a `date_range` filter may take as its default (`"default": "last30"`):
 * the admin's filters bar offers them, and the server resolves a default preset to its two days
 * whenever a tile runs without the filter's values (first view, snapshots, scheduled refreshes).
 *
 * One rule for both: a preset is resolved on the UTC calendar — "today" is today's UTC date — so
 * the days a viewer sees in the bar, whatever the browser's time zone, are the days the server,
 * snapshots and scheduled refreshes compute at the same instant.
 */
export const DATE_PRESETS = [
  'last7',
  'last30',
  'last90',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'thisYear',
  'lastYear',
] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export interface DateRange {
  from: string;
  to: string;
}

export const isDatePreset = (value: unknown): value is DatePreset =>
  typeof value === 'string' && (DATE_PRESETS as readonly string[]).includes(value);

const pad = (value: number) => String(value).padStart(2, '0');

/** A calendar day as `YYYY-MM-DD`, on the local calendar (`utc` false) or UTC's. */
export const isoDay = (date: Date, utc = false): string =>
  utc
    ? `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
    : `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/**
 * The from/to days (both inclusive) of a preset at the instant `now`, on the UTC calendar (in the
 * browser as on the server: see above).
 */
export function presetRange(preset: DatePreset, now: Date = new Date()): DateRange {
  const [year, month, date] = [now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()];
  const day = (y: number, m: number, d: number) => isoDay(new Date(Date.UTC(y, m, d)), true);
  const to = day(year, month, date);
  switch (preset) {
    case 'last7':
      return { from: day(year, month, date - 6), to };
    case 'last30':
      return { from: day(year, month, date - 29), to };
    case 'last90':
      return { from: day(year, month, date - 89), to };
    case 'thisMonth':
      return { from: day(year, month, 1), to };
    case 'lastMonth':
      return { from: day(year, month - 1, 1), to: day(year, month, 0) };
    case 'thisQuarter':
      return { from: day(year, month - (month % 3), 1), to };
    case 'thisYear':
      return { from: day(year, 0, 1), to };
    case 'lastYear':
      return { from: day(year - 1, 0, 1), to: day(year - 1, 11, 31) };
  }
}
