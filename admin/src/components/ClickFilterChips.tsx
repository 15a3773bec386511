import { Flex, Tag } from '@strapi/design-system';
import { Cross } from '@strapi/icons';

import type { ClickedFilter } from '../utils/useTilePicks';
import { useT } from '../utils/translations';

/** The filters a click on a tile set, each a chip that clears it. */
export const ClickFilterChips = ({
  chips,
  onClear,
}: {
  chips: ClickedFilter[];
  onClear: (id: string) => void;
}) => {
  const t = useT();
  if (chips.length === 0) return null;
  return (
    <Flex gap={2} wrap="wrap" data-testid="click-filter-chips">
      {chips.map((chip) => (
        <Tag
          key={chip.id}
          icon={<Cross />}
          onClick={() => onClear(chip.id)}
          data-testid="click-filter-chip"
          label={t('clickFilter.clear', 'Clear {label}: {value}', {
            label: chip.label,
            value: chip.value,
          })}
        >
          {`${chip.label}: ${chip.value}`}
        </Tag>
      ))}
    </Flex>
  );
};
