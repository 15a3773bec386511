import en from '../translations/en.json';
import fr from '../translations/fr.json';

/**
 * The renderers' own words (notices, table pager, chart type names …) and the public viewer's, the
 * `charts.*` and `viewer.*` keys of the admin's translation files, so the admin panel and the
 * public viewer say the same thing. A locale without a catalogue falls back to English.
 */
export type ChartMessageKey = Extract<keyof typeof en, `charts.${string}`>;
export type ViewerMessageKey = Extract<keyof typeof en, `viewer.${string}`>;

export type Translate = (
  key: ChartMessageKey | ViewerMessageKey,
  values?: Record<string, string | number>
) => string;

const chartMessages = (messages: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(messages).filter(([key]) => key.startsWith('charts.') || key.startsWith('viewer.'))
  );

const CATALOGUES: Record<string, Record<string, string>> = {
  en: chartMessages(en),
  fr: chartMessages(fr),
};

/** The locale as Intl takes it (`fr-FR`, `en`); anything Intl refuses is English. */
export function supportedLocale(locale: string | null | undefined): string {
  if (!locale) return 'en';
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? 'en';
  } catch {
    return 'en';
  }
}

/** `{name}` placeholders filled in (the charts' messages use no plural or select forms). */
const fill = (message: string, values: Record<string, string | number> = {}) =>
  message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : whole
  );

/** The translate function of a locale (`fr`, `fr-FR`, `fr-CA` all read the French catalogue). */
export function translator(locale: string): Translate {
  const language = supportedLocale(locale).split('-')[0].toLowerCase();
  const catalogue = CATALOGUES[language] ?? CATALOGUES.en;
  return (key, values) => fill(catalogue[key] ?? CATALOGUES.en[key] ?? key, values);
}
