import * as React from 'react';

import { Field, Flex, Textarea, TextInput } from '@strapi/design-system';

import { useT } from '../utils/translations';
import { FormModal } from './FormModal';

interface CreateDashboardDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Creates the dashboard; rejects with the fetch client's error. */
  onCreate: (values: { name: string; description: string | null }) => Promise<void>;
}

/** The "Create dashboard" form: a name (required) and a description. */
export const CreateDashboardDialog = ({ open, onOpenChange, onCreate }: CreateDashboardDialogProps) => {
  const message = useT();
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
      return message('home.create.nameRequired', 'A name is required.');
    }
    await onCreate({ name: name.trim(), description: description.trim() || null });
  };

  return (
    <FormModal
      open={open}
      onOpenChange={onOpenChange}
      testId="create-dashboard-form"
      title={message('home.create.title', 'Create a dashboard')}
      submitLabel={message('home.create.submit', 'Create')}
      fallbackError={message('home.create.error', 'The dashboard could not be created.')}
      onSubmit={submit}
    >
      {(error, clearError) => (
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Field.Root name="name" required error={error}>
            <Field.Label>{message('home.create.name', 'Name')}</Field.Label>
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
            <Field.Label>{message('home.create.description', 'Description')}</Field.Label>
            <Textarea value={description} onChange={(event) => setDescription(event.target.value)} />
          </Field.Root>
        </Flex>
      )}
    </FormModal>
  );
};
