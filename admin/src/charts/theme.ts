import { color } from 'chart.js/helpers';
import * as chromatic from 'd3-scale-chromatic';
import type { ChartConfig, Theme } from './types';

/** The viewer's font stack: system fonts only (the public pages load nothing from elsewhere). */
export const FONT_FAMILY =
  'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The colours a canvas needs (CSS variables do not reach it). */
export interface ThemeColors {
  text: string;
  mutedText: string;
  grid: string;
  surface: string;
  track: string;
}

const THEME_COLORS: Record<Theme, ThemeColors> = {
  light: { text: '#32324d', mutedText: '#666687', grid: '#eaeaef', surface: '#ffffff', track: '#eaeaef' },
  dark: { text: '#e8e8f0', mutedText: '#a5a5ba', grid: '#3a3a4f', surface: '#212134', track: '#3a3a4f' },
};

export const themeColors = (theme: Theme): ThemeColors => THEME_COLORS[theme];

type Interpolator = (t: number) => string;

/** A d3 interpolator named as chart_config.color_scheme writes it (`blues`, `greens`, `ylOrRd` …), if any. */
export function schemeInterpolator(name: unknown): Interpolator | undefined {
  if (typeof name !== 'string' || name === '') return undefined;
  const key = `interpolate${name.charAt(0).toUpperCase()}${name.slice(1)}`;
  const found = (chromatic as unknown as Record<string, unknown>)[key];
  return typeof found === 'function' ? (found as Interpolator) : undefined;
}

/** The name of the chart's colour scheme when d3 knows it, else `fallback`. */
export function schemeName(config: ChartConfig, fallback: string): string {
  return schemeInterpolator(config.color_scheme) ? (config.color_scheme as string) : fallback;
}

/**
 * `count` colours for a chart's series or slices: chart_config.colors when given (repeated as
 * needed), else samples of its colour scheme, else Tableau 10.
 */
export function palette(config: ChartConfig, count: number): string[] {
  const given = Array.isArray(config.colors)
    ? config.colors.filter((color): color is string => typeof color === 'string' && color !== '')
    : [];
  const interpolate = schemeInterpolator(config.color_scheme);
  return Array.from({ length: Math.max(count, 0) }, (_, index) => {
    if (given.length > 0) return given[index % given.length];
    if (interpolate) {
      // sequential schemes start near white: keep to their visible part, darkest first
      return interpolate(count === 1 ? 0.75 : 0.9 - (0.55 * index) / (count - 1));
    }
    return chromatic.schemeTableau10[index % chromatic.schemeTableau10.length];
  });
}

/** `color` (any CSS colour) at the given opacity. */
export const withAlpha = (value: string, alpha: number): string => color(value).alpha(alpha).rgbString();
