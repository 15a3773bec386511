import { Alert, Box, Field, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';

import type { DatasourceListing, SqlAccessProblem, TableListing } from '../../../../contracts/query';
import { sourceOf, type TileForm } from '../../utils/tileConfig';
import { getTranslationId, useT } from '../../utils/translations';
import { SqlEditor } from '../sql-editor/SqlEditor';
import { Choice } from './Choice';
import { datasourceOfSource, datasourceOptionLabel, sqlNotice, type Translate } from './sqlAccess';

/** The design system's Alert always draws a close button: this one stays while its cause does. */
const LastingAlert = styled(Alert)`
  & > button {
    display: none;
  }
`;

/** Why SQL is off on the chosen datasource, with each statement an administrator can copy to fix it. */
const SqlOffAlert = ({ problems, t }: { problems: SqlAccessProblem[]; t: Translate }) => {
  const title = t('tileEditor.sql.off.title', 'SQL is off on this datasource');
  return (
    <LastingAlert
      variant="danger"
      title={title}
      closeLabel={title}
      data-testid="tile-editor-sql-off"
      action={
        <Flex
          tag="ul"
          direction="column"
          alignItems="stretch"
          gap={3}
          width="100%"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {problems.map((problem, index) => (
            <Flex key={index} tag="li" direction="column" alignItems="stretch" gap={1}>
              <Typography variant="omega" textColor="neutral800">
                {problem.message}
              </Typography>
              {problem.fix && (
                <Box background="neutral0" borderColor="neutral200" padding={2} hasRadius>
                  <Typography
                    tag="pre"
                    variant="pi"
                    textColor="neutral800"
                    data-testid="tile-editor-sql-fix"
                    style={{
                      margin: 0,
                      fontFamily: 'monospace',
                      whiteSpace: 'pre-wrap',
                      overflowWrap: 'anywhere',
                      userSelect: 'all',
                    }}
                  >
                    {problem.fix}
                  </Typography>
                </Box>
              )}
            </Flex>
          ))}
        </Flex>
      }
    >
      {t(
        'tileEditor.sql.off.body',
        'Its database reader has more rights than tiles may use. An administrator can fix it with:'
      )}
    </LastingAlert>
  );
};

interface SqlSourceFieldsProps {
  form: TileForm;
  onChange: (update: (form: TileForm) => TileForm) => void;
  datasources: DatasourceListing[];
  tables: TableListing[];
  /** Runs the preview (Ctrl/Cmd+Enter in the editor). */
  onRun: () => void;
}

/**
 * A SQL source: the datasource, whether tiles may run SQL on it, and the query in a SQL editor of
 * the datasource's dialect beside its tables and columns.
 */
export const SqlSourceFields = ({ form, onChange, datasources, tables, onRun }: SqlSourceFieldsProps) => {
  const { formatMessage } = useIntl();
  const t = useT();
  const setSql = (patch: Partial<TileForm['sql']>) =>
    onChange((current) => ({ ...current, sql: { ...current.sql, ...patch } }));
  const datasource = datasourceOfSource(sourceOf(form), datasources);
  const notice = sqlNotice(datasource, t);
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {datasources.length > 1 && (
        <Choice
          name="datasource_id"
          label={t('tileEditor.sql.datasource', 'Datasource')}
          value={form.sql.datasource_id}
          options={datasources.map((source) => ({
            value: source.id,
            label: datasourceOptionLabel(source, t),
          }))}
          onChange={(value) => setSql({ datasource_id: value })}
        />
      )}
      {notice.kind === 'off' && <SqlOffAlert problems={notice.problems} t={t} />}
      {notice.kind === 'reader' && (
        <Typography variant="pi" textColor="neutral600" data-testid="tile-editor-sql-reader">
          {formatMessage(
            { id: getTranslationId('tileEditor.sql.reader'), defaultMessage: 'Runs as reader {reader}' },
            { reader: <code key="reader">{notice.reader}</code> }
          )}
        </Typography>
      )}
      <Field.Root
        name="query"
        required
        hint={[
          t(
            'tileEditor.sql.hint',
            'A read-only SELECT. Write {placeholder} for the value of a dashboard filter.',
            { placeholder: '{{name}}' }
          ),
          // Strapi keeps SQLite datetimes as milliseconds: SQLite's date functions need seconds
          datasource?.client === 'sqlite'
            ? t(
                'tileEditor.sql.hint.sqliteDates',
                'Dates are milliseconds here: write {example} to get the day.',
                {
                  example: "date(created_at / 1000, 'unixepoch')",
                }
              )
            : '',
        ]
          .filter(Boolean)
          .join(' ')}
      >
        <Field.Label>{t('tileEditor.sql.query', 'SQL query')}</Field.Label>
        <SqlEditor
          value={form.sql.query}
          onChange={(query) => setSql({ query })}
          client={datasource?.client ?? 'postgres'}
          tables={tables}
          onRun={onRun}
          label={t('tileEditor.sql.query', 'SQL query')}
        />
        <Field.Hint />
      </Field.Root>
    </Flex>
  );
};
