import { currencyCode, type NumberStyle } from './format';
import { supportedLocale, translator, type Translate } from './i18n';
import { themeColors, type ThemeColors } from './theme';
import type { PickTarget } from '../../../contracts/tile-shape';
import type { ChartConfig, Row, Theme, ViewerTile } from './types';

/** The reader's language: the admin's locale, or the public page visitor's browser language. */
export interface RenderOptions {
  locale?: string;
  /** A click on a bar, slice, step, region or row picked this row of the result (click to filter, drill). */
  onPick?: (row: Row) => void;
}

/** What every renderer is given besides its data. */
export interface RenderContext {
  tile: ViewerTile;
  config: ChartConfig;
  theme: Theme;
  colors: ThemeColors;
  /** The locale numbers, dates and the renderers' own words are written in. */
  locale: string;
  t: Translate;
  /** How the chart's values are written (chart_config number format and currency, in the locale). */
  values: NumberStyle;
  /** Called when the tile is fully drawn (after any animation). */
  drawn: () => void;
  /** Called when a drawn tile starts drawing again (a resize). */
  redrawing: () => void;
  /** Set when clicks pick rows: what a renderer calls with what was clicked. */
  pick?: (target: PickTarget) => void;
}

export function createContext(
  tile: ViewerTile,
  theme: Theme,
  onDrawn: (drawn: boolean) => void,
  options: RenderOptions = {}
): RenderContext {
  const config = tile.chart_config ?? {};
  const locale = supportedLocale(options.locale);
  return {
    tile,
    config,
    theme,
    colors: themeColors(theme),
    locale,
    t: translator(locale),
    values: {
      format: config.y_axis_format ?? config.number_format ?? config.format,
      locale,
      currency: currencyCode(config.currency),
    },
    drawn: () => onDrawn(true),
    redrawing: () => onDrawn(false),
  };
}

/** Draws a tile's body into its container and returns what undoes it. */
export type Renderer<T> = (container: HTMLElement, data: T, context: RenderContext) => () => void;

export const booleanOption = (config: ChartConfig, key: string, fallback: boolean): boolean =>
  typeof config[key] === 'boolean' ? (config[key] as boolean) : fallback;

export const numberOption = (config: ChartConfig, key: string): number | undefined =>
  typeof config[key] === 'number' && Number.isFinite(config[key]) ? (config[key] as number) : undefined;

export const stringOption = (config: ChartConfig, key: string): string | undefined =>
  typeof config[key] === 'string' && config[key] !== '' ? (config[key] as string) : undefined;
