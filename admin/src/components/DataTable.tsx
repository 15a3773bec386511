import * as React from 'react';

import { Table, Tbody, Th, Thead, Tr, Typography } from '@strapi/design-system';

interface DataTableProps<Row> {
  /** One column title per column. */
  labels: string[];
  rows: Row[];
  /** Shown instead of the table when there are no rows. */
  empty: string;
  'data-testid'?: string;
  /** One row's `<Tr>`. */
  renderRow: (row: Row) => React.ReactNode;
}

/** A design-system table with a header row of column titles, or a line saying there is nothing yet. */
export function DataTable<Row>({ labels, rows, empty, renderRow, ...rest }: DataTableProps<Row>) {
  if (rows.length === 0) return <Typography textColor="neutral600">{empty}</Typography>;
  return (
    <Table colCount={labels.length} rowCount={rows.length + 1} data-testid={rest['data-testid']}>
      <Thead>
        <Tr>
          {labels.map((label) => (
            <Th key={label}>
              <Typography variant="sigma">{label}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>{rows.map(renderRow)}</Tbody>
    </Table>
  );
}
