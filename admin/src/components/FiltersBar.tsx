/** The values of a dashboard's filters, by the parameter names the tiles use (`x`, `x_from`, `x_to`). */
export type FilterValues = Record<string, string>;

interface FiltersBarProps {
  /** The dashboard's filter definitions (`{ id, type: 'date_range' | 'values' | 'text', options?, default? }`). */
  filters: unknown[];
  values: FilterValues;
  onChange: (values: FilterValues) => void;
}

/** The dashboard's filters above the grid; changing one runs the tiles again with its value. */
export const FiltersBar = (_props: FiltersBarProps) => null;
