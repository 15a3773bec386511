import { Chart, type ChartConfiguration, type ScriptableContext } from 'chart.js';
import {
  BubbleMapController,
  ChoroplethController,
  ColorScale,
  GeoFeature,
  ProjectionScale,
  SizeScale,
} from 'chartjs-chart-geo';
import { geoAlbersUsa, geoCentroid } from 'd3-geo';
import { interpolateBlues, interpolateYlOrRd } from 'd3-scale-chromatic';
import { mountChart } from './chart-host';
import { stringOption, type Renderer, type RenderContext } from './context';
import { formatNumber } from './format';
import { atlasFor, usAtlasOf, type Atlas, type GeoShape } from './geo';
import { valueFormat } from './options';
import { palette, schemeInterpolator, withAlpha } from './theme';
import type { MapData, MapPoint } from './types';

Chart.register(ChoroplethController, BubbleMapController, GeoFeature, ProjectionScale, ColorScale, SizeScale);

interface Marker {
  longitude: number;
  latitude: number;
  value: number;
  description: string;
}

const hasCoordinates = (point: MapPoint): point is MapPoint & { lat: number; lng: number } =>
  typeof point.lat === 'number' && typeof point.lng === 'number';

/** The atlas drawn behind the data: its shapes grey, with borders in the tile's colour. */
const outlineStyle = (context: RenderContext) => ({
  outlineBackgroundColor: context.colors.track,
  outlineBorderColor: context.colors.surface,
  outlineBorderWidth: 0.5,
});

const projectionScale = (atlas: Atlas) => ({ axis: 'x' as const, projection: atlas.projection });

type Interpolator = (share: number) => string;

/** Each location's shape coloured by its value; shapes without a value in the "missing" colour. */
function choroplethConfig(
  points: MapPoint[],
  atlas: Atlas,
  context: RenderContext,
  defaultScheme: Interpolator
): ChartConfiguration<'choropleth'> {
  const values = new Map<GeoShape, number>();
  for (const point of points) {
    const shape = atlas.find(point.location);
    if (shape && point.value !== null) values.set(shape, (values.get(shape) ?? 0) + point.value);
  }
  const interpolate = schemeInterpolator(context.config.color_scheme) ?? defaultScheme;
  return {
    type: 'choropleth',
    data: {
      labels: atlas.features.map((feature) => feature.properties.name),
      datasets: [
        {
          label: '',
          outline: atlas.outline,
          showOutline: true,
          data: atlas.features.map((feature) => ({ feature, value: values.get(feature) ?? Number.NaN })),
          borderColor: context.colors.surface,
          borderWidth: 0.5,
          ...outlineStyle(context),
        },
      ],
    },
    options: {
      // a shape picks the rows whose location it is (a location may be written as a code or a name)
      ...(context.pick
        ? {
            onClick: (_event: unknown, elements: { index: number }[]) => {
              const feature = elements[0] ? atlas.features[elements[0].index] : undefined;
              const field = stringOption(context.config, 'locationField');
              if (!feature) return;
              context.pick?.({
                matches: (row) => {
                  const location = field ? row[field] : Object.values(row)[0];
                  return (
                    location !== null && location !== undefined && atlas.find(String(location)) === feature
                  );
                },
              });
            },
          }
        : {}),
      scales: {
        projection: projectionScale(atlas),
        color: {
          axis: 'x',
          // keep off the scheme's near-white end so low values stand out from the missing colour
          interpolate: (share: number) => interpolate(0.2 + 0.8 * share),
          missing: context.colors.track,
          legend: { position: 'bottom-left', align: 'right' },
          ticks: {
            color: context.colors.mutedText,
            callback: (value: string | number) => formatNumber(Number(value), valueFormat(context), true),
          },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const { feature, value } = item.raw as {
                feature: { properties: { name: string } };
                value: number;
              };
              return `${feature.properties.name}: ${formatNumber(Number.isNaN(value) ? null : value, valueFormat(context))}`;
            },
          },
        },
      },
    },
  };
}

/** Markers at each point's coordinates, else at the centre of its location's shape. */
function markersOf(points: MapPoint[], atlas: Atlas): Marker[] {
  return points.flatMap((point) => {
    const value = point.value ?? 0;
    if (hasCoordinates(point)) {
      return [{ longitude: point.lng, latitude: point.lat, value, description: point.location }];
    }
    const shape = atlas.find(point.location);
    if (!shape) return [];
    const [longitude, latitude] = geoCentroid(shape);
    return [{ longitude, latitude, value, description: point.location }];
  });
}

/** Circles sized by value over the atlas; a heat map colours them by value too. */
function bubbleConfig(
  markers: Marker[],
  atlas: Atlas,
  context: RenderContext,
  heat: boolean
): ChartConfiguration<'bubbleMap'> {
  const [markerColor] = palette(context.config, 1);
  const values = markers.map((marker) => marker.value);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const heatColor = schemeInterpolator(context.config.color_scheme) ?? interpolateYlOrRd;
  const fill = (ctx: ScriptableContext<'bubbleMap'>) => {
    if (!heat) return withAlpha(markerColor, 0.65);
    const value = (ctx.raw as Marker | undefined)?.value ?? min;
    return withAlpha(heatColor(max > min ? 0.3 + (0.7 * (value - min)) / (max - min) : 1), 0.6);
  };
  return {
    type: 'bubbleMap',
    data: {
      labels: markers.map((marker) => marker.description),
      datasets: [
        {
          label: '',
          outline: atlas.outline,
          showOutline: true,
          data: markers,
          backgroundColor: fill,
          borderColor: heat ? 'transparent' : markerColor,
          borderWidth: 1,
          ...outlineStyle(context),
        },
      ],
    },
    options: {
      scales: {
        projection: projectionScale(atlas),
        size: { axis: 'x', range: heat ? [8, 30] : [4, 18], display: false },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const marker = item.raw as Marker;
              return `${marker.description}: ${formatNumber(marker.value, valueFormat(context))}`;
            },
          },
        },
      },
    },
  };
}

/** Coordinates all inside the US (Alaska and Hawaii included) are drawn on the US map. */
function atlasForMarkers(points: MapPoint[], context: RenderContext): Atlas {
  const located = points.filter(hasCoordinates);
  const usProjection = geoAlbersUsa();
  if (
    context.config.region === undefined &&
    located.length > 0 &&
    located.every((point) => usProjection([point.lng, point.lat]) !== null)
  ) {
    return usAtlasOf();
  }
  return atlasFor(
    points.map((point) => point.location),
    context.config.region
  );
}

const MAP_TYPES = new Set(['choropleth', 'markers', 'heatmap']);

/**
 * The map's kind: its chart_type (where the server stores it), else `chart_config.map_type` (the
 * widget config's spelling, as older tiles and snapshots hold it), else a choropleth.
 */
export function mapTypeOf(context: Pick<RenderContext, 'tile' | 'config'>): string {
  const chartType = context.tile.chart_type;
  if (chartType && MAP_TYPES.has(chartType)) return chartType;
  const configured = stringOption(context.config, 'map_type');
  return configured && MAP_TYPES.has(configured) ? configured : 'choropleth';
}

/**
 * choropleth (the default: shapes coloured by value), markers (circles sized by value) or heatmap
 * (circles sized and coloured by value). Circles stand at a point's coordinates, else at the centre
 * of its location's shape. The container's `data-map-type` says which was drawn.
 */
export const renderMap: Renderer<MapData> = (container, data, context) => {
  const points = data.datasets[0]?.data ?? [];
  const mapType = mapTypeOf(context);
  container.dataset.mapType = mapType;
  if (mapType === 'choropleth') {
    const atlas = atlasFor(
      points.map((point) => point.location),
      context.config.region
    );
    return mountChart(container, choroplethConfig(points, atlas, context, interpolateBlues), context);
  }
  const atlas = atlasForMarkers(points, context);
  return mountChart(
    container,
    bubbleConfig(markersOf(points, atlas), atlas, context, mapType === 'heatmap'),
    context
  );
};
