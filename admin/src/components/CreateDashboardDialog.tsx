import * as React from 'react';

import { Field, Flex, Textarea, TextInput } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { getTranslationId } from '../utils/translations';
import { FormModal } from './FormModal';

interface CreateDashboardDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Creates the dashboard; rejects with the fetch client's error. */
  onCreate: (values: { name: string; description: string | null }) => Promise<void>;
}

/** The "Create dashboard" form: a name (required) and a description. */
export const CreateDashboardDialog = ({ open, onOpenChange, onCreate }: CreateDashboardDialogProps) => {
  const { formatMessage } = useIntl();
  const [name, setName] = React.useState('');
  const [description, setDescription] = React.useState('');

  React.useEffect(() => {
    if (!open) {
      setName('');
      setDescription('');
    }
  }, [open]);

  const submit = async () => {
    if (!name.trim()) {
      return formatMessage({
        id: getTranslationId('home.create.nameRequired'),
        defaultMessage: 'A name is required.',
      });
    }
    await onCreate({ name: name.trim(), description: description.trim() || null });
  };

  return (
    <FormModal
      open={open}
      onOpenChange={onOpenChange}
      testId="create-dashboard-form"
      title={formatMessage({
        id: getTranslationId('home.create.title'),
        defaultMessage: 'Create a dashboard',
      })}
      submitLabel={formatMessage({ id: getTranslationId('home.create.submit'), defaultMessage: 'Create' })}
      fallbackError={formatMessage({
        id: getTranslationId('home.create.error'),
        defaultMessage: 'The dashboard could not be created.',
      })}
      onSubmit={submit}
    >
      {(error, clearError) => (
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Field.Root name="name" required error={error}>
            <Field.Label>
              {formatMessage({ id: getTranslationId('home.create.name'), defaultMessage: 'Name' })}
            </Field.Label>
            <TextInput
              value={name}
              maxLength={255}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                setName(event.target.value);
                clearError();
              }}
            />
            <Field.Error />
          </Field.Root>
          <Field.Root name="description">
            <Field.Label>
              {formatMessage({
                id: getTranslationId('home.create.description'),
                defaultMessage: 'Description',
              })}
            </Field.Label>
            <Textarea value={description} onChange={(event) => setDescription(event.target.value)} />
          </Field.Root>
        </Flex>
      )}
    </FormModal>
  );
};
