import { topojson } from 'chartjs-chart-geo';
import countries from 'i18n-iso-countries';
import english from 'i18n-iso-countries/langs/en.json';
import type { Feature, Geometry } from 'geojson';
import usAtlas from 'us-atlas/states-10m.json';
import worldAtlas from 'world-atlas/countries-110m.json';

/**
 * The offline atlases the map tiles draw on (world-atlas countries at 1:110m, us-atlas states),
 * and how a tile's location values find their shape in them.
 */
countries.registerLocale(english);

export type GeoShape = Feature<Geometry, { name: string }>;

export interface Atlas {
  /** The shapes locations are matched to (countries or states). */
  features: GeoShape[];
  /** What is drawn behind the data. */
  outline: GeoShape[];
  projection: 'equalEarth' | 'albersUsa';
  find(location: string): GeoShape | undefined;
}

/** USPS codes of the states, DC and Puerto Rico (us-atlas names its shapes in full). */
const US_STATE_CODES = new Map(
  Object.entries({
    AL: 'Alabama',
    AK: 'Alaska',
    AZ: 'Arizona',
    AR: 'Arkansas',
    CA: 'California',
    CO: 'Colorado',
    CT: 'Connecticut',
    DE: 'Delaware',
    DC: 'District of Columbia',
    FL: 'Florida',
    GA: 'Georgia',
    HI: 'Hawaii',
    ID: 'Idaho',
    IL: 'Illinois',
    IN: 'Indiana',
    IA: 'Iowa',
    KS: 'Kansas',
    KY: 'Kentucky',
    LA: 'Louisiana',
    ME: 'Maine',
    MD: 'Maryland',
    MA: 'Massachusetts',
    MI: 'Michigan',
    MN: 'Minnesota',
    MS: 'Mississippi',
    MO: 'Missouri',
    MT: 'Montana',
    NE: 'Nebraska',
    NV: 'Nevada',
    NH: 'New Hampshire',
    NJ: 'New Jersey',
    NM: 'New Mexico',
    NY: 'New York',
    NC: 'North Carolina',
    ND: 'North Dakota',
    OH: 'Ohio',
    OK: 'Oklahoma',
    OR: 'Oregon',
    PA: 'Pennsylvania',
    RI: 'Rhode Island',
    SC: 'South Carolina',
    SD: 'South Dakota',
    TN: 'Tennessee',
    TX: 'Texas',
    UT: 'Utah',
    VT: 'Vermont',
    VA: 'Virginia',
    WA: 'Washington',
    WV: 'West Virginia',
    WI: 'Wisconsin',
    WY: 'Wyoming',
    PR: 'Puerto Rico',
  })
);

const normalize = (text: string) => text.trim().toLowerCase();

function shapes(atlas: unknown, object: string): GeoShape[] {
  const topology = atlas as Parameters<typeof topojson.feature>[0];
  const collection = topojson.feature(topology, topology.objects[object]) as unknown as {
    features?: GeoShape[];
  };
  return collection.features ?? [collection as unknown as GeoShape];
}

function indexed(features: GeoShape[]) {
  const byId = new Map(features.map((feature) => [String(feature.id), feature]));
  const byName = new Map(features.map((feature) => [normalize(feature.properties.name), feature]));
  return { byId, byName };
}

type Index = ReturnType<typeof indexed>;

/** An atlas built on first use: its shapes, and how a location's text finds one of them. */
function lazyAtlas(
  topology: unknown,
  object: string,
  projection: Atlas['projection'],
  lookup: (text: string, index: Index) => GeoShape | undefined
): () => Atlas {
  let built: Atlas | undefined;
  return () => {
    if (!built) {
      const features = shapes(topology, object);
      const index = indexed(features);
      built = { features, outline: features, projection, find: (location) => lookup(location.trim(), index) };
    }
    return built;
  };
}

export const worldAtlasOf = lazyAtlas(worldAtlas, 'countries', 'equalEarth', (text, { byId, byName }) => {
  // ISO 3166 alpha-2, alpha-3 or numeric code, or an English name or alias
  const alpha2 = /^\d{1,3}$/.test(text)
    ? countries.numericToAlpha2(text.padStart(3, '0'))
    : countries.isValid(text.toUpperCase())
      ? countries.toAlpha2(text.toUpperCase())
      : countries.getAlpha2Code(text, 'en');
  const numeric = alpha2 ? countries.alpha2ToNumeric(alpha2) : undefined;
  return (numeric && byId.get(numeric)) || byName.get(normalize(text));
});

export const usAtlasOf = lazyAtlas(usAtlas, 'states', 'albersUsa', (text, { byId, byName }) => {
  const name = US_STATE_CODES.get(text.toUpperCase()) ?? text;
  // a FIPS code ("6" or "06"), a USPS code or the state's name
  return (/^\d{1,2}$/.test(text) && byId.get(text.padStart(2, '0'))) || byName.get(normalize(name));
});

/**
 * The atlas a tile's locations belong to: chart_config.region when it names one, else US states
 * when most locations are states, else the world's countries.
 */
export function atlasFor(locations: string[], region: unknown): Atlas {
  if (typeof region === 'string') {
    const named = normalize(region);
    if (['us', 'usa', 'united states', 'us-states', 'states'].includes(named)) return usAtlasOf();
    if (['world', 'countries'].includes(named)) return worldAtlasOf();
  }
  const given = locations.filter((location) => location.trim() !== '');
  if (given.length === 0) return worldAtlasOf();
  const states = given.filter((location) => usAtlasOf().find(location)).length;
  return states * 2 > given.length ? usAtlasOf() : worldAtlasOf();
}
