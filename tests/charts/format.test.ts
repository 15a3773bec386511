import en from '../../admin/src/translations/en.json';
import fr from '../../admin/src/translations/fr.json';
import {
  bucketOf,
  currencyCode,
  formatCell,
  formatLabels,
  formatNumber,
  formatShare,
  humanize,
  readableName,
  truncate,
} from '../../admin/src/charts/format';
import { translator } from '../../admin/src/charts/i18n';

/** The charts' words, numbers and dates, as the admin panel and the public viewer both write them. */

/** French groups thousands with a narrow no-break space and sets units off with a no-break space. */
const spaced = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');
const english = translator('en-US');
const french = translator('fr-FR');

describe('the charts’ words', () => {
  it('has every charts.* key in French, translated', () => {
    const keys = (messages: Record<string, string>) =>
      Object.keys(messages).filter((key) => key.startsWith('charts.'));
    expect(keys(fr).sort()).toEqual(keys(en).sort());
    // the keys sit together, in alphabetical order
    expect(keys(en)).toEqual([...keys(en)].sort());
    const same = keys(en).filter(
      (key) => (en as Record<string, string>)[key] === (fr as Record<string, string>)[key]
    );
    expect(same).toEqual([]);
  });

  it('fills placeholders and falls back to English for another language', () => {
    expect(english('charts.table.page', { page: 2, pages: 5 })).toBe('Page 2 of 5');
    expect(french('charts.table.page', { page: 2, pages: 5 })).toBe('Page 2 sur 5');
    expect(translator('fr-CA')('charts.table.next')).toBe('Suivant');
    expect(translator('de-DE')('charts.table.next')).toBe('Next');
    expect(translator('not a locale')('charts.notice.noData')).toBe('No data to show');
  });
});

describe('numbers', () => {
  const style = (locale: string, format?: string, currency = 'USD') => ({ locale, format, currency });

  it('writes currencies in the configured currency and the reader’s locale', () => {
    expect(formatNumber(6095500, style('en-US', 'currency'))).toBe('$6,095,500');
    expect(spaced(formatNumber(6095500, style('fr-FR', 'currency')))).toBe('6 095 500 $US');
    expect(spaced(formatNumber(6095500, style('fr-FR', 'currency', 'EUR')))).toBe('6 095 500 €');
    expect(formatNumber(6095500, style('en-US', 'currency', 'EUR'))).toBe('€6,095,500');
    expect(formatNumber(1234.5, style('en-US', 'currency'))).toBe('$1,234.50');
    expect(formatNumber(-98000, style('en-US', 'currency'))).toBe('-$98,000');
    expect(formatNumber(1250000, style('en-US', 'currency'), true)).toBe('$1.3M');
    expect(spaced(formatNumber(600000, style('fr-FR', 'currency'), true))).toBe('600 k $US');
  });

  it('writes numbers and percentages (0 … 100) as the locale does', () => {
    expect(formatNumber(5000, style('en-US'))).toBe('5,000');
    expect(spaced(formatNumber(5000, style('fr-FR')))).toBe('5 000');
    expect(formatNumber(31.4, style('en-US', 'percentage'))).toBe('31.4%');
    expect(spaced(formatNumber(31.4, style('fr-FR', 'percentage')))).toBe('31,4 %');
    expect(spaced(formatShare(0.421, 'fr-FR'))).toBe('42,1 %');
    expect(formatNumber(null, style('en-US'))).toBe('—');
    // a bare format name is US English, as before
    expect(formatNumber(1250000, 'currency')).toBe('$1,250,000');
  });

  it('takes a currency code as Intl does, else US dollars', () => {
    expect(currencyCode('eur')).toBe('EUR');
    expect(currencyCode('€')).toBe('USD');
    expect(currencyCode(undefined)).toBe('USD');
  });
});

describe('dates', () => {
  it('recognises the server’s time buckets', () => {
    expect(bucketOf(['2026-01', '2026-02'])).toBe('month');
    expect(bucketOf(['2026-W05', '2026-W06'])).toBe('week');
    expect(bucketOf(['2026-Q1'])).toBe('quarter');
    expect(bucketOf(['2026-01-15', '2026-01-16'])).toBe('day');
    expect(bucketOf(['2025-08-01', '2025-09-01'])).toBe('month');
    expect(bucketOf(['2025-08-01'])).toBe('day');
    expect(bucketOf(['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'])).toBe('month');
    expect(bucketOf(['2026-01-15T00:00:00.000Z', '2026-01-16T00:00:00.000Z'])).toBe('day');
    expect(bucketOf(['2026-01-15T09:30:00.000Z'])).toBe('timestamp');
    expect(bucketOf(['North', '2026-01'])).toBeUndefined();
    expect(bucketOf([])).toBeUndefined();
  });

  it('writes each bucket as the locale does', () => {
    expect(formatLabels(['2026-01', '2026-12'], 'en-US', english)).toEqual(['Jan 2026', 'Dec 2026']);
    expect(formatLabels(['2026-01', '2026-12'], 'fr-FR', french)).toEqual(['janv. 2026', 'déc. 2026']);
    expect(formatLabels(['2026-W05'], 'en-US', english)).toEqual(['W05']);
    expect(formatLabels(['2026-W05'], 'fr-FR', french)).toEqual(['S05']);
    expect(formatLabels(['2026-Q1'], 'en-US', english)).toEqual(['Q1 2026']);
    expect(formatLabels(['2026-Q1'], 'fr-FR', french)).toEqual(['T1 2026']);
    expect(formatLabels(['2026-01-15'], 'en-US', english)).toEqual(['Jan 15, 2026']);
    expect(formatLabels(['2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'], 'en-US', english)).toEqual([
      'Mar 2026',
      'Apr 2026',
    ]);
    expect(formatLabels(['North', 'South'], 'fr-FR', french)).toEqual(['North', 'South']);
  });

  it('writes date cells in the locale and leaves other text alone', () => {
    expect(formatCell('2026-01-15', undefined, { locale: 'en-US', currency: 'USD' })).toBe('Jan 15, 2026');
    expect(formatCell('2026-01-15', undefined, { locale: 'fr-FR', currency: 'USD' })).toBe('15 janv. 2026');
    expect(formatCell('Acme', undefined, { locale: 'fr-FR', currency: 'USD' })).toBe('Acme');
    expect(spaced(formatCell('184000', 'currency', { locale: 'fr-FR', currency: 'EUR' }))).toBe('184 000 €');
  });
});

describe('labels', () => {
  it('humanises field names', () => {
    expect(humanize('wonAmount')).toBe('Won amount');
    expect(humanize('won_amount')).toBe('Won amount');
    expect(humanize('avgDays')).toBe('Avg days');
    expect(humanize('SLABreaches')).toBe('SLA breaches');
    expect(humanize('expected-close-date')).toBe('Expected close date');
    expect(humanize('revenue')).toBe('Revenue');
  });

  it('humanises category values written as codes, and only those', () => {
    expect(readableName('cold_call')).toBe('Cold call');
    expect(readableName('email')).toBe('Email');
    expect(readableName('Negotiation')).toBe('Negotiation');
    expect(readableName('iPhone 15')).toBe('iPhone 15');
    expect(formatLabels(['cold_call', 'website'], 'en-US', english)).toEqual(['Cold call', 'Website']);
  });

  it('cuts long labels with an ellipsis', () => {
    expect(truncate('Northeast enterprise accounts', 16)).toBe('Northeast enter…');
    expect(truncate('North', 16)).toBe('North');
  });
});
