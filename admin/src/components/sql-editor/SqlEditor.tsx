import * as React from 'react';

import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Magic } from '@strapi/icons';
import { styled } from 'styled-components';

import type { TableListing } from '../../../../contracts/query';
import { useT } from '../../utils/translations';
import type { CodeEditorHandle } from './CodeEditor';
import type { SqlClient } from './identifiers';
import { SchemaTree } from './SchemaTree';

/** CodeMirror and the formatter: a chunk of their own, loaded when a SQL source is first edited. */
const CodeEditor = React.lazy(() => import('./CodeEditor'));

const EDITOR_HEIGHT = '26rem';

/** The editor's frame, in the admin theme's colours (CodeMirror's theme reads these variables). */
const Frame = styled.div`
  --sql-editor-background: ${({ theme }) => theme.colors.neutral0};
  --sql-editor-text: ${({ theme }) => theme.colors.neutral800};
  --sql-editor-muted: ${({ theme }) => theme.colors.neutral500};
  --sql-editor-gutter: ${({ theme }) => theme.colors.neutral100};
  --sql-editor-border: ${({ theme }) => theme.colors.neutral200};
  --sql-editor-active-line: ${({ theme }) => theme.colors.primary100}66;
  --sql-editor-selected: ${({ theme }) => theme.colors.primary600};
  --sql-editor-selected-text: ${({ theme }) => theme.colors.neutral0};
  flex: 1 1 auto;
  min-width: 0;
  height: ${EDITOR_HEIGHT};
  overflow: hidden;
  border: 1px solid ${({ theme }) => theme.colors.neutral200};
  border-radius: ${({ theme }) => theme.borderRadius};
  &:focus-within {
    border-color: ${({ theme }) => theme.colors.primary600};
    box-shadow: ${({ theme }) => theme.colors.primary600} 0 0 0 2px;
  }
`;

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

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** A SQL editor (CodeMirror, lazily loaded) with a Format button, beside the schema browser of the datasource. */
export const SqlEditor = ({ value, onChange, client, tables, onRun, label, describedBy }: SqlEditorProps) => {
  const t = useT();
  const editor = React.useRef<CodeEditorHandle>(null);
  const [formatFailed, setFormatFailed] = React.useState(false);
  const change = (next: string) => {
    setFormatFailed(false);
    onChange(next);
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="sql-editor">
      <Flex justifyContent="space-between" alignItems="center" gap={2}>
        <Typography variant="pi" textColor="neutral600" data-testid="sql-editor-run-hint">
          {t('tileEditor.sql.editor.runHint', '{keys} runs the preview', {
            keys: isMac() ? '⌘ + Enter' : 'Ctrl + Enter',
          })}
        </Typography>
        <Button
          type="button"
          variant="tertiary"
          size="S"
          startIcon={<Magic />}
          onClick={() => setFormatFailed(!(editor.current?.format() ?? true))}
          data-testid="sql-editor-format"
        >
          {t('tileEditor.sql.editor.format', 'Format')}
        </Button>
      </Flex>
      {formatFailed && (
        <Typography variant="pi" textColor="danger600" role="alert" data-testid="sql-editor-format-error">
          {t(
            'tileEditor.sql.editor.formatFailed',
            'The query could not be formatted: correct its syntax first.'
          )}
        </Typography>
      )}
      <Flex alignItems="stretch" gap={3}>
        <Frame>
          <React.Suspense
            fallback={
              <Box padding={3}>
                <Typography variant="pi" textColor="neutral600">
                  {t('tileEditor.sql.editor.loading', 'Loading the editor…')}
                </Typography>
              </Box>
            }
          >
            <CodeEditor
              ref={editor}
              value={value}
              onChange={change}
              client={client}
              tables={tables}
              onRun={onRun}
              label={label}
              describedBy={describedBy}
              placeholder="SELECT …"
            />
          </React.Suspense>
        </Frame>
        {tables.length > 0 && (
          <Box background="neutral100" padding={2} hasRadius flex="none" width="26rem" height={EDITOR_HEIGHT}>
            <SchemaTree tables={tables} client={client} onInsert={(text) => editor.current?.insert(text)} />
          </Box>
        )}
      </Flex>
    </Flex>
  );
};
