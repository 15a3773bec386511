/**
 * The SQL editor itself: CodeMirror 6 in the datasource's dialect, with highlighting, the allowed
 * tables and columns as completions, Ctrl/Cmd+Enter to run and on-demand formatting. Loaded lazily
 * (SqlEditor.tsx) so that CodeMirror and the formatter stay out of the dashboard page's chunk.
 */
import * as React from 'react';

import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  type Completion,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { MySQL, PostgreSQL, SQLite, sql, type SQLNamespace } from '@codemirror/lang-sql';
import {
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from '@codemirror/language';
import { Compartment, EditorState, Prec } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  keymap,
  lineNumbers,
  placeholder as placeholderText,
} from '@codemirror/view';

import type { TableListing } from '../../../../contracts/query';
import { formatSql } from './format';
import { defaultSchemaOf, type SqlClient } from './identifiers';

export interface CodeEditorHandle {
  /** Replaces the selection with `text` and puts the cursor after it. */
  insert(text: string): void;
  /** Formats the whole query; false when the formatter cannot read it (the text is left as it is). */
  format(): boolean;
  focus(): void;
}

export interface CodeEditorProps {
  value: string;
  onChange: (value: string) => void;
  client: SqlClient;
  tables: readonly TableListing[];
  /** Ctrl/Cmd+Enter. */
  onRun: () => void;
  label: string;
  placeholder?: string;
  describedBy?: string;
}

const DIALECTS = { postgres: PostgreSQL, mysql: MySQL, sqlite: SQLite };

/** The allowed tables as lang-sql's namespace: each table by its name (and under its schema), its columns with their types. */
function namespaceOf(tables: readonly TableListing[], client: SqlClient): SQLNamespace {
  const namespace: Record<string, SQLNamespace> = {};
  const schemas: Record<string, Record<string, SQLNamespace>> = {};
  const defaultSchema = defaultSchemaOf(client);
  for (const table of tables) {
    const columns: Completion[] = table.columns.map((column) => ({
      label: column.name,
      detail: column.type,
      type: 'property',
    }));
    const entry: SQLNamespace = {
      self: { label: table.name, detail: table.schema ?? undefined, type: 'type', boost: 1 },
      children: columns,
    };
    if (!table.schema || table.schema === defaultSchema || !(table.name in namespace)) {
      namespace[table.name] ??= entry;
    }
    if (table.schema) (schemas[table.schema] ??= {})[table.name] = entry;
  }
  for (const [schema, schemaTables] of Object.entries(schemas)) {
    if (!(schema in namespace)) namespace[schema] = schemaTables;
  }
  return namespace;
}

const language = (client: SqlClient, tables: readonly TableListing[]) =>
  sql({ dialect: DIALECTS[client], schema: namespaceOf(tables, client), upperCaseKeywords: true });

const theme = EditorView.theme({
  '&': {
    height: '100%',
    fontSize: '13px',
    backgroundColor: 'var(--sql-editor-background)',
    color: 'var(--sql-editor-text)',
  },
  '&.cm-focused': { outline: 'none' },
  '.cm-scroller': {
    fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
    overflow: 'auto',
  },
  '.cm-content': { caretColor: 'var(--sql-editor-text)' },
  '.cm-gutters': {
    backgroundColor: 'var(--sql-editor-gutter)',
    color: 'var(--sql-editor-muted)',
    borderRight: '1px solid var(--sql-editor-border)',
  },
  '.cm-activeLine': { backgroundColor: 'var(--sql-editor-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--sql-editor-active-line)' },
  '.cm-placeholder': { color: 'var(--sql-editor-muted)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--sql-editor-background)',
    color: 'var(--sql-editor-text)',
    border: '1px solid var(--sql-editor-border)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--sql-editor-selected)',
    color: 'var(--sql-editor-selected-text)',
  },
  '.cm-completionDetail': { color: 'var(--sql-editor-muted)', marginLeft: '1em' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected] .cm-completionDetail': { color: 'inherit' },
});

const CodeEditor = React.forwardRef<CodeEditorHandle, CodeEditorProps>(function CodeEditor(
  { value, onChange, client, tables, onRun, label, placeholder, describedBy },
  ref
) {
  const parent = React.useRef<HTMLDivElement>(null);
  const view = React.useRef<EditorView | null>(null);
  const languageSlot = React.useRef(new Compartment());
  const attributesSlot = React.useRef(new Compartment());
  // the latest callbacks, read by the editor's listeners (created once)
  const latest = React.useRef({ onChange, onRun, client });
  latest.current = { onChange, onRun, client };

  React.useEffect(() => {
    const created = new EditorView({
      parent: parent.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          closeBrackets(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          autocompletion({ activateOnTyping: true, icons: false }),
          Prec.highest(
            keymap.of([
              {
                key: 'Mod-Enter',
                preventDefault: true,
                run: () => {
                  latest.current.onRun();
                  return true;
                },
              },
            ])
          ),
          keymap.of([...closeBracketsKeymap, ...completionKeymap, ...historyKeymap, ...defaultKeymap]),
          EditorView.lineWrapping,
          placeholderText(placeholder ?? ''),
          languageSlot.current.of(language(client, tables)),
          attributesSlot.current.of([]),
          theme,
          EditorView.updateListener.of((update) => {
            if (update.docChanged) latest.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // the editor is created once; its content, language and attributes follow the props below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // a value changed from outside (a reset form): the editor shows it
  React.useEffect(() => {
    const current = view.current;
    if (current && current.state.doc.toString() !== value) {
      current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: value } });
    }
  }, [value]);

  React.useEffect(() => {
    view.current?.dispatch({ effects: languageSlot.current.reconfigure(language(client, tables)) });
  }, [client, tables]);

  React.useEffect(() => {
    const attributes: Record<string, string> = { 'aria-label': label, 'aria-multiline': 'true' };
    if (describedBy) attributes['aria-describedby'] = describedBy;
    view.current?.dispatch({
      effects: attributesSlot.current.reconfigure(EditorView.contentAttributes.of(attributes)),
    });
  }, [label, describedBy]);

  React.useImperativeHandle(
    ref,
    () => ({
      insert(text) {
        const current = view.current;
        if (!current) return;
        current.dispatch(current.state.replaceSelection(text), { scrollIntoView: true });
        current.focus();
      },
      format() {
        const current = view.current;
        if (!current) return false;
        let formatted: string;
        try {
          formatted = formatSql(current.state.doc.toString(), latest.current.client);
        } catch {
          return false;
        }
        current.dispatch({ changes: { from: 0, to: current.state.doc.length, insert: formatted } });
        current.focus();
        return true;
      },
      focus() {
        view.current?.focus();
      },
    }),
    []
  );

  return <div ref={parent} data-testid="sql-editor-code" style={{ height: '100%', minHeight: 0 }} />;
});

export default CodeEditor;
