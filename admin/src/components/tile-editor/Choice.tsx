import { Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';

/** A select of string options with an empty choice. */
export const Choice = ({
  name,
  label,
  value,
  options,
  onChange,
  empty,
}: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  empty?: string;
}) => (
  <Field.Root name={name}>
    <Field.Label>{label}</Field.Label>
    <SingleSelect value={value} onChange={(next) => onChange(String(next))}>
      {empty !== undefined && <SingleSelectOption value="">{empty}</SingleSelectOption>}
      {options.map((option) => (
        <SingleSelectOption key={option.value} value={option.value}>
          {option.label}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  </Field.Root>
);
