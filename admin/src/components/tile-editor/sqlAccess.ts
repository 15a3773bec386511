/** Pure logic of the tile editor's SQL access notices: may tiles run SQL on a datasource, and if not, why. */

import type { TileSource } from '../../../../contracts/dashboards';
import type { DatasourceListing, SqlAccess, SqlAccessProblem } from '../../../../contracts/query';

/** The editor's message formatter: a plugin translation key, its English default and its values. */
import type { Translate } from '../../utils/translations';

export type { Translate };

/** What the editor shows under the SQL source: the alert when SQL is off, the reader's name, or nothing. */
export type SqlNotice =
  { kind: 'off'; problems: SqlAccessProblem[] } | { kind: 'reader'; reader: string } | { kind: 'none' };

const UNPROBED: SqlAccess = { enabled: true, reader: null, problems: [] };

/** A datasource's SQL access; a listing without one (a server from before the probe) leaves SQL on. */
export const sqlAccessOf = (datasource: DatasourceListing): SqlAccess => datasource.sql ?? UNPROBED;

/** The datasource picker's label: the datasource's own, marked when SQL is off on it. */
export const datasourceOptionLabel = (datasource: DatasourceListing, t: Translate): string =>
  sqlAccessOf(datasource).enabled
    ? datasource.label
    : t('tileEditor.sql.datasourceOff', '{label} — SQL off', { label: datasource.label });

/** The listed datasource a SQL source runs on (undefined for other sources, or one the server did not list). */
export const datasourceOfSource = (
  source: TileSource,
  datasources: readonly DatasourceListing[]
): DatasourceListing | undefined =>
  source.kind === 'sql'
    ? datasources.find((datasource) => datasource.id === source.datasource_id)
    : undefined;

/** The datasource of a SQL source when SQL is off on it: its tile can be neither previewed nor saved. */
export const sqlOffDatasource = (
  source: TileSource,
  datasources: readonly DatasourceListing[]
): DatasourceListing | undefined => {
  const datasource = datasourceOfSource(source, datasources);
  return datasource && !sqlAccessOf(datasource).enabled ? datasource : undefined;
};

/**
 * The notice of a datasource: when SQL is off, each problem (trimmed, a blank fix as none, and a line
 * saying so when the server gave none); when on, the reader tile SQL runs as, if the server named it.
 */
export function sqlNotice(datasource: DatasourceListing | undefined, t: Translate): SqlNotice {
  if (!datasource) return { kind: 'none' };
  const access = sqlAccessOf(datasource);
  if (!access.enabled) {
    const problems = access.problems.map(({ message, fix }) => ({
      message: message.trim(),
      fix: fix?.trim() ? fix.trim() : null,
    }));
    return {
      kind: 'off',
      problems:
        problems.length > 0
          ? problems
          : [
              {
                message: t('tileEditor.sql.off.noDetails', 'The server gave no details: see its logs.'),
                fix: null,
              },
            ],
    };
  }
  return access.reader ? { kind: 'reader', reader: access.reader } : { kind: 'none' };
}
