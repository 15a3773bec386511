import * as React from 'react';

import { Box, Flex, TextInput, Typography } from '@strapi/design-system';
import { ChevronDown, ChevronRight, Search } from '@strapi/icons';
import { styled } from 'styled-components';

import type { TableListing } from '../../../../contracts/query';
import { useT } from '../../utils/translations';
import { defaultSchemaOf, filterTables, sqlIdentifier, tableName, type SqlClient } from './identifiers';

const TreeButton = styled.button`
  display: flex;
  align-items: baseline;
  gap: 0.5rem;
  width: 100%;
  min-width: 0;
  padding: 0.2rem 0.4rem;
  border: 0;
  border-radius: ${({ theme }) => theme.borderRadius};
  background: transparent;
  color: ${({ theme }) => theme.colors.neutral800};
  font: inherit;
  font-size: 1.2rem;
  text-align: left;
  cursor: pointer;
  &:hover,
  &:focus-visible {
    background: ${({ theme }) => theme.colors.primary100};
  }
  & > span:first-child {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
`;

const ToggleButton = styled.button`
  display: flex;
  flex: none;
  align-items: center;
  justify-content: center;
  width: 2rem;
  height: 2rem;
  padding: 0;
  border: 0;
  background: transparent;
  color: ${({ theme }) => theme.colors.neutral600};
  cursor: pointer;
  & svg {
    width: 1rem;
    height: 1rem;
  }
`;

const Type = styled.span`
  margin-left: auto;
  flex: none;
  color: ${({ theme }) => theme.colors.neutral500};
  font-size: 1.1rem;
`;

interface SchemaTreeProps {
  tables: readonly TableListing[];
  client: SqlClient;
  /** A table's or a column's name, as a query writes it. */
  onInsert: (text: string) => void;
}

/** The tables a tile may read, as a searchable tree: tables, then their columns and types; a click inserts the name. */
export const SchemaTree = ({ tables, client, onInsert }: SchemaTreeProps) => {
  const t = useT();
  const [search, setSearch] = React.useState('');
  const [open, setOpen] = React.useState<ReadonlySet<string>>(new Set());
  const shown = filterTables(tables, search);
  const defaultSchema = defaultSchemaOf(client);
  const toggle = (key: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(key)) next.add(key);
      return next;
    });

  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={2}
      height="100%"
      minHeight={0}
      data-testid="tile-editor-tables"
    >
      <Typography variant="sigma" textColor="neutral600">
        {t('tileEditor.sql.tables', 'Tables and columns')}
      </Typography>
      <TextInput
        size="S"
        type="search"
        startAction={<Search />}
        aria-label={t('tileEditor.sql.schema.search', 'Search tables and columns')}
        placeholder={t('tileEditor.sql.schema.search', 'Search tables and columns')}
        value={search}
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => setSearch(event.target.value)}
        data-testid="sql-schema-search"
      />
      <Box
        tag="ul"
        role="tree"
        aria-label={t('tileEditor.sql.tables', 'Tables and columns')}
        flex="1 1 auto"
        minHeight={0}
        overflow="auto"
        style={{ listStyle: 'none', margin: 0, padding: 0 }}
      >
        {shown.length === 0 && (
          <Typography tag="li" variant="pi" textColor="neutral600">
            {t('tileEditor.sql.schema.empty', 'No table or column matches.')}
          </Typography>
        )}
        {shown.map(({ table, columns, opened }) => {
          const key = `${table.schema ?? ''}.${table.name}`;
          const expanded = opened || open.has(key);
          const label =
            table.schema && table.schema !== defaultSchema ? `${table.schema}.${table.name}` : table.name;
          return (
            <li
              key={key}
              role="treeitem"
              aria-expanded={expanded}
              aria-selected={false}
              data-table={table.name}
            >
              <Flex alignItems="center">
                <ToggleButton
                  type="button"
                  tabIndex={-1}
                  aria-label={label}
                  onClick={() => toggle(key)}
                  data-testid="sql-schema-toggle"
                >
                  {expanded ? <ChevronDown /> : <ChevronRight />}
                </ToggleButton>
                <TreeButton
                  type="button"
                  title={t('tileEditor.sql.schema.insert', 'Insert {name}', { name: label })}
                  onClick={() => onInsert(tableName(table, client, defaultSchema))}
                  data-testid="sql-schema-table"
                >
                  <span style={{ fontWeight: 600 }}>{label}</span>
                </TreeButton>
              </Flex>
              {expanded && (
                <ul role="group" style={{ listStyle: 'none', margin: 0, padding: '0 0 0 2rem' }}>
                  {columns.map((column) => (
                    <li key={column.name} role="treeitem" aria-selected={false}>
                      <TreeButton
                        type="button"
                        title={t('tileEditor.sql.schema.insert', 'Insert {name}', { name: column.name })}
                        onClick={() => onInsert(sqlIdentifier(column.name, client))}
                        data-testid="sql-schema-column"
                      >
                        <span>{column.name}</span>
                        <Type>{column.type}</Type>
                      </TreeButton>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </Box>
    </Flex>
  );
};
