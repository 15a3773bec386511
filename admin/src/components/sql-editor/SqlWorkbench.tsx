import * as React from 'react';

import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Magic } from '@strapi/icons';
import { styled } from 'styled-components';

import { useT } from '../../utils/translations';
import CodeEditor, { type CodeEditorHandle } from './CodeEditor';
import { SchemaTree } from './SchemaTree';
import { EDITOR_HEIGHT, type SqlEditorProps } from './SqlEditor';

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

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/**
 * The SQL editor (CodeMirror) with a Format button, beside the schema browser of the datasource.
 * Loaded lazily by SqlEditor.tsx: CodeMirror, the formatter and this layout stay out of the page's chunk.
 */
const SqlWorkbench = ({ value, onChange, client, tables, onRun, label, describedBy }: SqlEditorProps) => {
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

export default SqlWorkbench;
