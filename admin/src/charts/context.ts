import { themeColors, type ThemeColors } from './theme';
import type { ChartConfig, Theme, ViewerTile } from './types';

/** What every renderer is given besides its data. */
export interface RenderContext {
  tile: ViewerTile;
  config: ChartConfig;
  theme: Theme;
  colors: ThemeColors;
  /** Called when the tile is fully drawn (after any animation). */
  drawn: () => void;
  /** Called when a drawn tile starts drawing again (a resize). */
  redrawing: () => void;
}

export function createContext(
  tile: ViewerTile,
  theme: Theme,
  onDrawn: (drawn: boolean) => void
): RenderContext {
  return {
    tile,
    config: tile.chart_config ?? {},
    theme,
    colors: themeColors(theme),
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
