import * as React from 'react';

import { Field, Flex, Tag, TextButton, TextInput, Typography } from '@strapi/design-system';
import { Cross, Plus } from '@strapi/icons';

import { MAX_TAG_LENGTH, MAX_TAGS } from '../../../../contracts/dashboards';
import { useDashboardTagsQuery } from '../../api/dashboardsApi';
import { useT } from '../../utils/translations';

/** How many of the tags in use are offered at once. */
const MAX_SUGGESTIONS = 8;

/**
 * `tags` with `typed` added (trimmed, at most 40 characters, unless one spelling of it is there or
 * there are 10 already), as the server would keep them.
 */
export function withTag(tags: string[], typed: string): string[] {
  const tag = typed.trim().slice(0, MAX_TAG_LENGTH).trim();
  if (!tag || tags.length >= MAX_TAGS) return tags;
  return tags.some((current) => current.toLowerCase() === tag.toLowerCase()) ? tags : [...tags, tag];
}

interface TagsFieldProps {
  value: string[];
  onChange: (tags: string[]) => void;
}

/**
 * A dashboard's tags as chips: typing a tag and pressing Enter or a comma adds it, a chip's × takes
 * it off; the tags of the other dashboards (GET /dashboards/tags) are offered below.
 */
export const TagsField = ({ value, onChange }: TagsFieldProps) => {
  const t = useT();
  const [typed, setTyped] = React.useState('');
  const { data } = useDashboardTagsQuery();
  const full = value.length >= MAX_TAGS;

  const add = (text: string) => {
    onChange(withTag(value, text));
    setTyped('');
  };
  const remove = (tag: string) => onChange(value.filter((current) => current !== tag));

  const wanted = typed.trim().toLowerCase();
  const suggestions = full
    ? []
    : (data?.data ?? [])
        .filter(({ name }) => !value.some((tag) => tag.toLowerCase() === name.toLowerCase()))
        .filter(({ name }) => name.toLowerCase().includes(wanted))
        .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
        .slice(0, MAX_SUGGESTIONS);

  return (
    <Field.Root
      name="tags"
      hint={t('settings.tags.hint', 'Press Enter or a comma to add a tag; at most {max}.', { max: MAX_TAGS })}
    >
      <Field.Label>{t('settings.tags', 'Tags')}</Field.Label>
      {value.length > 0 && (
        <Flex gap={2} wrap="wrap" paddingBottom={2} data-testid="settings-tags">
          {value.map((tag) => (
            <Tag
              key={tag}
              icon={<Cross aria-hidden />}
              label={t('settings.tags.remove', 'Remove the tag {tag}', { tag })}
              onClick={() => remove(tag)}
            >
              {tag}
            </Tag>
          ))}
        </Flex>
      )}
      <TextInput
        value={typed}
        disabled={full}
        maxLength={MAX_TAG_LENGTH}
        placeholder={
          full
            ? t('settings.tags.full', 'A dashboard has at most {max} tags.', { max: MAX_TAGS })
            : t('settings.tags.placeholder', 'Add a tag')
        }
        onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
          const text = event.target.value;
          // a comma ends a tag, also in pasted text
          if (!text.includes(',')) return setTyped(text);
          const parts = text.split(',');
          let tags = value;
          for (const part of parts.slice(0, -1)) tags = withTag(tags, part);
          onChange(tags);
          setTyped(parts[parts.length - 1]);
        }}
        onKeyDown={(event: React.KeyboardEvent<HTMLInputElement>) => {
          if (event.key === 'Enter') {
            // Enter adds the tag; it does not submit the settings form
            event.preventDefault();
            add(typed);
          } else if (event.key === 'Backspace' && typed === '' && value.length > 0) {
            remove(value[value.length - 1]);
          }
        }}
        onBlur={() => typed.trim() && add(typed)}
      />
      <Field.Hint />
      {suggestions.length > 0 && (
        <Flex gap={3} wrap="wrap" paddingTop={2} data-testid="settings-tag-suggestions">
          <Typography variant="pi" textColor="neutral600">
            {t('settings.tags.suggestions', 'In use:')}
          </Typography>
          {suggestions.map(({ name, count }) => (
            <TextButton
              key={name}
              startIcon={<Plus aria-hidden />}
              // the input keeps its focus: a half-typed tag is not added on blur
              onMouseDown={(event: React.MouseEvent) => event.preventDefault()}
              onClick={() => add(name)}
              aria-label={t('settings.tags.add', 'Add the tag {tag}', { tag: name })}
            >
              {name} ({count})
            </TextButton>
          ))}
        </Flex>
      )}
    </Field.Root>
  );
};
