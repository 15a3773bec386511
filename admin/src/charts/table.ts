import { booleanOption, type Renderer } from './context';
import { element } from './dom';
import { formatCell, formatNumber, humanize, isDateText } from './format';
import type { TableColumn, TableData } from './types';

const DEFAULT_PAGE_SIZE = 20;

/** The columns shown; one nobody labelled is headed by its field name, humanised (`dueAt` → "Due at"). */
const columnsOf = (data: TableData): TableColumn[] =>
  (data.display_columns?.length
    ? data.display_columns
    : (data.columns ?? []).map((field) => ({ field, label: field }))
  ).map((column) => (column.label === column.field ? { ...column, label: humanize(column.field) } : column));

/** A column of numbers (by its format, or its values) is right-aligned. */
const isNumeric = (column: TableColumn, rows: TableData['rows']) =>
  Boolean(column.format && column.format !== 'text') ||
  rows.some((row) => typeof row[column.field] === 'number');

/** A column of dates (every value given is one) keeps each date on one line. */
const isDates = (column: TableColumn, rows: TableData['rows']) => {
  const given = rows.map((row) => row[column.field]).filter((value) => value !== null && value !== undefined);
  return given.length > 0 && given.every(isDateText);
};

/**
 * Table tiles: the display columns and the rows, a page at a time. Text wraps within its column so
 * the table fits its tile; numbers and dates stay on one line.
 */
export const renderTable: Renderer<TableData> = (container, data, context) => {
  const { config, t } = context;
  const cellStyle = { locale: context.locale, currency: context.values.currency };
  const columns = columnsOf(data);
  const rows = data.rows ?? [];
  const paged = booleanOption(config, 'show_pagination', true);
  const pageSize = paged ? data.page_size || DEFAULT_PAGE_SIZE : Math.max(rows.length, 1);
  const pageCount = Math.max(1, Math.ceil(rows.length / pageSize));
  const numeric = columns.map((column) => isNumeric(column, rows));
  const cellClass = columns.map((column, index) =>
    numeric[index] ? 'dv-numeric' : isDates(column, rows) ? 'dv-date' : undefined
  );

  const root = element('div', 'dv-table-tile');
  const scroller = element('div', 'dv-table-scroll');
  const table = element('table', 'dv-table');
  table.classList.toggle('dv-table-zebra', booleanOption(config, 'zebra', true));
  table.classList.toggle('dv-table-compact', booleanOption(config, 'compact', false));
  const headRow = element('tr');
  columns.forEach((column, index) => {
    const heading = element('th', numeric[index] ? 'dv-numeric' : undefined, column.label);
    heading.scope = 'col';
    if (column.width) heading.style.width = `${column.width}px`;
    headRow.append(heading);
  });
  const head = element('thead');
  head.append(headRow);
  const body = element('tbody');
  table.append(head, body);
  scroller.append(table);
  root.append(scroller);

  const footer = element('div', 'dv-table-footer');
  const status = element('span', 'dv-table-status');
  const previous = element('button', 'dv-button', t('charts.table.previous'));
  const next = element('button', 'dv-button', t('charts.table.next'));
  previous.type = next.type = 'button';
  let page = 0;
  const showPage = () => {
    body.replaceChildren(
      ...rows.slice(page * pageSize, (page + 1) * pageSize).map((row) => {
        const line = element('tr');
        const { pick } = context;
        if (pick) {
          line.classList.add('dv-pickable');
          line.addEventListener('click', () => pick({ row }));
        }
        columns.forEach((column, index) =>
          line.append(
            element('td', cellClass[index], formatCell(row[column.field], column.format, cellStyle))
          )
        );
        return line;
      })
    );
    const count = formatNumber(rows.length, { locale: context.locale, currency: cellStyle.currency });
    const total = [
      t(rows.length === 1 ? 'charts.table.row' : 'charts.table.rows', { count }),
      ...(data.truncated ? [t('charts.table.truncated')] : []),
    ].join(' ');
    status.textContent =
      pageCount > 1 ? `${t('charts.table.page', { page: page + 1, pages: pageCount })} · ${total}` : total;
    previous.disabled = page === 0;
    next.disabled = page >= pageCount - 1;
  };
  previous.addEventListener('click', () => {
    page = Math.max(page - 1, 0);
    showPage();
  });
  next.addEventListener('click', () => {
    page = Math.min(page + 1, pageCount - 1);
    showPage();
  });
  footer.append(status);
  if (pageCount > 1) footer.append(previous, next);
  root.append(footer);
  showPage();

  container.append(root);
  context.drawn();
  return () => root.remove();
};
