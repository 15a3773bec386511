import { readFileSync } from 'fs';
import path from 'path';

import type { DatasourceListing } from '../../contracts/query';
import {
  datasourceOfSource,
  datasourceOptionLabel,
  sqlNotice,
  sqlOffDatasource,
  type Translate,
} from '../../admin/src/components/tile-editor/sqlAccess';
import { emptyForm, tileBody } from '../../admin/src/utils/tileConfig';

/** The tile editor's SQL access notices: the picker's labels, the alert's lines, what blocks preview and save. */

const catalog = (lang: 'en' | 'fr'): Record<string, string> =>
  JSON.parse(
    readFileSync(path.join(__dirname, '..', '..', 'admin', 'src', 'translations', `${lang}.json`), 'utf8')
  );
const en = catalog('en');
const fr = catalog('fr');

/** Formats as react-intl does for plain `{name}` arguments, and records each key with its default message. */
const translator = (messages: Record<string, string>, used = new Map<string, string>()): Translate => {
  return (key, defaultMessage, values = {}) => {
    used.set(key, defaultMessage);
    const message = messages[key] ?? defaultMessage;
    return message.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
  };
};
const t = translator(en);

const strapi: DatasourceListing = {
  id: 'strapi',
  label: 'Strapi',
  client: 'sqlite',
  sql: { enabled: true, reader: null, problems: [] },
};
const analytics: DatasourceListing = {
  id: 'analytics',
  label: 'Analytics',
  client: 'mysql',
  sql: { enabled: true, reader: 'analytics_ro', problems: [] },
};
const warehouse: DatasourceListing = {
  id: 'warehouse',
  label: 'Warehouse',
  client: 'postgres',
  sql: {
    enabled: false,
    reader: 'warehouse_reader',
    problems: [
      {
        message: 'The reader can read admin_users, a table this datasource does not allow',
        fix: 'REVOKE SELECT ON public.admin_users FROM warehouse_reader;',
      },
      { message: 'The reader is a superuser', fix: 'ALTER ROLE warehouse_reader NOSUPERUSER;' },
    ],
  },
};
const datasources = [strapi, analytics, warehouse];
const sqlOn = (datasource_id: string) => ({ kind: 'sql' as const, datasource_id, query: 'SELECT 1' });

describe('the datasource picker', () => {
  it('marks the datasources SQL is off on', () => {
    expect(datasources.map((datasource) => datasourceOptionLabel(datasource, t))).toEqual([
      'Strapi',
      'Analytics',
      'Warehouse — SQL off',
    ]);
    expect(datasourceOptionLabel(warehouse, translator(fr))).toBe('Warehouse — SQL désactivé');
  });

  it('leaves a datasource unmarked when the server sent no SQL access', () => {
    const legacy = { id: 'legacy', label: 'Legacy', client: 'mysql' } as unknown as DatasourceListing;
    expect(datasourceOptionLabel(legacy, t)).toBe('Legacy');
    expect(sqlNotice(legacy, t)).toEqual({ kind: 'none' });
    expect(sqlOffDatasource(sqlOn('legacy'), [legacy])).toBeUndefined();
  });
});

describe('the datasource of a source', () => {
  it('is the listed datasource of a SQL source only', () => {
    expect(datasourceOfSource(sqlOn('warehouse'), datasources)).toBe(warehouse);
    expect(datasourceOfSource(sqlOn('analytics'), datasources)).toBe(analytics);
    expect(datasourceOfSource(sqlOn('elsewhere'), datasources)).toBeUndefined();
    expect(datasourceOfSource({ kind: 'analytics', endpoint: 'stats' }, datasources)).toBeUndefined();
    expect(datasourceOfSource({ kind: 'none' }, datasources)).toBeUndefined();
  });

  it('blocks preview and save on a datasource SQL is off on, and nowhere else', () => {
    expect(sqlOffDatasource(sqlOn('warehouse'), datasources)).toBe(warehouse);
    expect(sqlOffDatasource(sqlOn('strapi'), datasources)).toBeUndefined();
    expect(sqlOffDatasource(sqlOn('analytics'), datasources)).toBeUndefined();
    // a datasource the server did not list is for the server to refuse
    expect(sqlOffDatasource(sqlOn('elsewhere'), datasources)).toBeUndefined();
    expect(sqlOffDatasource({ kind: 'none' }, datasources)).toBeUndefined();
  });

  it('finds the only, default datasource of a new tile when SQL is off on it', () => {
    const only: DatasourceListing = { ...strapi, sql: { ...warehouse.sql, reader: 'strapi_reader' } };
    const form = {
      ...emptyForm(true),
      title: 'Deals',
      sql: { datasource_id: '', schema: '', query: 'SELECT 1' },
    };
    expect(sqlOffDatasource(tileBody(form).source, [only])).toBe(only);
    expect(sqlOffDatasource(tileBody({ ...form, tile_type: 'text' }).source, [only])).toBeUndefined();
    expect(
      sqlOffDatasource(tileBody({ ...form, source_kind: 'content-type' }).source, [only])
    ).toBeUndefined();
  });
});

describe('the SQL access notice', () => {
  it('lists each problem and its fix when SQL is off', () => {
    expect(sqlNotice(warehouse, t)).toEqual({
      kind: 'off',
      problems: [
        {
          message: 'The reader can read admin_users, a table this datasource does not allow',
          fix: 'REVOKE SELECT ON public.admin_users FROM warehouse_reader;',
        },
        { message: 'The reader is a superuser', fix: 'ALTER ROLE warehouse_reader NOSUPERUSER;' },
      ],
    });
  });

  it('trims the lines, and shows no fix for a blank one', () => {
    const messy: DatasourceListing = {
      ...warehouse,
      sql: {
        enabled: false,
        reader: null,
        problems: [
          { message: '  The reader cannot connect: password authentication failed \n', fix: null },
          { message: 'The reader can write', fix: '  \n' },
          { message: 'The reader can read secrets', fix: '\nREVOKE ALL ON secrets FROM reader;\n' },
        ],
      },
    };
    expect(sqlNotice(messy, t)).toEqual({
      kind: 'off',
      problems: [
        { message: 'The reader cannot connect: password authentication failed', fix: null },
        { message: 'The reader can write', fix: null },
        { message: 'The reader can read secrets', fix: 'REVOKE ALL ON secrets FROM reader;' },
      ],
    });
  });

  it('says so when SQL is off and the server gave no reason', () => {
    const silent: DatasourceListing = { ...warehouse, sql: { enabled: false, reader: null, problems: [] } };
    expect(sqlNotice(silent, t)).toEqual({
      kind: 'off',
      problems: [{ message: 'The server gave no details: see its logs.', fix: null }],
    });
    expect(sqlNotice(silent, translator(fr))).toEqual({
      kind: 'off',
      problems: [{ message: 'Le serveur n’a donné aucun détail : consultez ses journaux.', fix: null }],
    });
  });

  it('names the reader when SQL is on, and nothing when the server did not name it', () => {
    expect(sqlNotice(analytics, t)).toEqual({ kind: 'reader', reader: 'analytics_ro' });
    expect(sqlNotice(strapi, t)).toEqual({ kind: 'none' });
    expect(sqlNotice(undefined, t)).toEqual({ kind: 'none' });
  });
});

describe('the SQL access messages', () => {
  const keys = [
    'tileEditor.sql.datasourceOff',
    'tileEditor.sql.reader',
    'tileEditor.sql.off.title',
    'tileEditor.sql.off.body',
    'tileEditor.sql.off.noDetails',
    'tileEditor.sql.off.save',
  ];
  const placeholders = (message: string) =>
    [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

  it('are in English and French, with the same placeholders', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of keys) {
      expect([key, typeof en[key], typeof fr[key]]).toEqual([key, 'string', 'string']);
      expect([key, placeholders(fr[key])]).toEqual([key, placeholders(en[key])]);
    }
    expect(placeholders(en['tileEditor.sql.datasourceOff'])).toEqual(['label']);
    expect(placeholders(en['tileEditor.sql.reader'])).toEqual(['reader']);
    expect(placeholders(en['tileEditor.sql.off.save'])).toEqual(['label']);
  });

  it('default to the English file’s words', () => {
    const used = new Map<string, string>();
    const recording = translator(en, used);
    datasourceOptionLabel(warehouse, recording);
    sqlNotice({ ...warehouse, sql: { enabled: false, reader: null, problems: [] } }, recording);
    expect([...used.keys()].sort()).toEqual(['tileEditor.sql.datasourceOff', 'tileEditor.sql.off.noDetails']);
    for (const [key, defaultMessage] of used) expect([key, defaultMessage]).toEqual([key, en[key]]);
  });
});
