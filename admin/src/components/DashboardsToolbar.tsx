import * as React from 'react';

import { Checkbox, Flex, Searchbar, SingleSelect, SingleSelectOption } from '@strapi/design-system';

import type { SortField } from '../../../contracts/dashboards';
import { useDashboardTagsQuery } from '../api/dashboardsApi';
import { useT } from '../utils/translations';
import type { ListSort, SortOrder } from '../utils/useDashboardsList';

/** The choices of the sort menu, each `<field>:<order>`. */
const SORT_OPTIONS: { value: `${SortField}:${SortOrder}`; key: string; defaultMessage: string }[] = [
  { value: 'updated_at:desc', key: 'updatedDesc', defaultMessage: 'Last updated (newest first)' },
  { value: 'updated_at:asc', key: 'updatedAsc', defaultMessage: 'Last updated (oldest first)' },
  { value: 'created_at:desc', key: 'createdDesc', defaultMessage: 'Created (newest first)' },
  { value: 'created_at:asc', key: 'createdAsc', defaultMessage: 'Created (oldest first)' },
  { value: 'name:asc', key: 'nameAsc', defaultMessage: 'Name (A to Z)' },
  { value: 'name:desc', key: 'nameDesc', defaultMessage: 'Name (Z to A)' },
];

interface DashboardsToolbarProps {
  search: string;
  onSearch: (search: string) => void;
  sort: ListSort;
  onSort: (sort: ListSort) => void;
  includeArchived: boolean;
  onIncludeArchived: (includeArchived: boolean) => void;
  /** The tag the list is filtered by ('' : none), and the way to change it. */
  tag: string;
  onTag: (tag: string) => void;
}

/** Search (on Enter, as Strapi's list pages do), sort menu, tag filter and the "show archived" switch. */
export const DashboardsToolbar = ({
  search,
  onSearch,
  sort,
  onSort,
  includeArchived,
  onIncludeArchived,
  tag,
  onTag,
}: DashboardsToolbarProps) => {
  const message = useT();
  const { data: tagCounts } = useDashboardTagsQuery();
  // the tags in use, and the one filtered by (in its spelling there) even when none is in use any more
  const tagOptions = [...(tagCounts?.data ?? [])];
  const selectedTag = tag
    ? (tagOptions.find((option) => option.name.toLowerCase() === tag.toLowerCase())?.name ?? tag)
    : undefined;
  if (selectedTag && !tagOptions.some((option) => option.name === selectedTag))
    tagOptions.push({ name: selectedTag, count: 0 });
  const [value, setValue] = React.useState(search);
  React.useEffect(() => setValue(search), [search]);
  const searchLabel = message('home.search.label', 'Search dashboards');

  return (
    <Flex gap={4} wrap="wrap" alignItems="center" paddingBottom={4}>
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          onSearch(value.trim());
        }}
      >
        <Searchbar
          name="search"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          onClear={() => {
            setValue('');
            onSearch('');
          }}
          clearLabel={message('home.search.clear', 'Clear')}
          placeholder={message('home.search.placeholder', 'Search by name or description')}
        >
          {searchLabel}
        </Searchbar>
      </form>
      <SingleSelect
        aria-label={message('home.sort.label', 'Sort by')}
        value={`${sort.sort}:${sort.order}`}
        onChange={(choice) => {
          const [field, order] = String(choice).split(':') as [SortField, SortOrder];
          onSort({ sort: field, order });
        }}
        size="S"
      >
        {SORT_OPTIONS.map((option) => (
          <SingleSelectOption key={option.value} value={option.value}>
            {message(`home.sort.${option.key}`, option.defaultMessage)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      {tagOptions.length > 0 && (
        <SingleSelect
          aria-label={message('home.tag.label', 'Filter by tag')}
          placeholder={message('home.tag.all', 'All tags')}
          value={selectedTag}
          onChange={(choice) => onTag(String(choice))}
          onClear={() => onTag('')}
          clearLabel={message('home.tag.clear', 'Clear the tag filter')}
          size="S"
          data-testid="tag-filter"
        >
          {tagOptions.map((option) => (
            <SingleSelectOption key={option.name} value={option.name}>
              {message('home.tag.option', '{tag} ({count})', { tag: option.name, count: option.count })}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      )}
      <Checkbox checked={includeArchived} onCheckedChange={(checked) => onIncludeArchived(checked === true)}>
        {message('home.showArchived', 'Show archived')}
      </Checkbox>
    </Flex>
  );
};
