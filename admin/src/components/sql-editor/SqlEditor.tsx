import * as React from 'react';

import { Box, Flex, Typography } from '@strapi/design-system';

import type { TableListing } from '../../../../contracts/query';
import { useT } from '../../utils/translations';
import type { SqlClient } from './identifiers';

/** The editor's height (the schema tree beside it has the same). */
export const EDITOR_HEIGHT = '26rem';

export interface SqlEditorProps {
  value: string;
  onChange: (value: string) => void;
  client: SqlClient;
  tables: readonly TableListing[];
  /** Ctrl/Cmd+Enter. */
  onRun: () => void;
  /** The accessible name of the editor's text area. */
  label: string;
  /** The id of the field's hint. */
  describedBy?: string;
}

/** CodeMirror, the formatter and the schema tree: a chunk of their own, loaded when a SQL source is first shown. */
const SqlWorkbench = React.lazy(() => import('./SqlWorkbench'));

/** A SQL editor in the datasource's dialect beside its tables and columns (lazily loaded). */
export const SqlEditor = (props: SqlEditorProps) => {
  const t = useT();
  return (
    <React.Suspense
      fallback={
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Box height="3.2rem" />
          <Box
            height={EDITOR_HEIGHT}
            padding={3}
            borderColor="neutral200"
            hasRadius
            data-testid="sql-editor-loading"
          >
            <Typography variant="pi" textColor="neutral600">
              {t('tileEditor.sql.editor.loading', 'Loading the editor…')}
            </Typography>
          </Box>
        </Flex>
      }
    >
      <SqlWorkbench {...props} />
    </React.Suspense>
  );
};
