import * as React from 'react';

import { Field, Textarea } from '@strapi/design-system';

import { useT } from '../utils/translations';
import { FormModal } from './FormModal';

interface ImportDashboardDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Imports the parsed JSON; rejects with the fetch client's error. */
  onImport: (body: unknown) => Promise<void>;
}

/** Pasted JSON, as GET …/export wrote it, imported as a new dashboard; the server's 400 is shown as it is. */
export const ImportDashboardDialog = ({ open, onOpenChange, onImport }: ImportDashboardDialogProps) => {
  const message = useT();
  const [json, setJson] = React.useState('');

  React.useEffect(() => {
    if (!open) setJson('');
  }, [open]);

  const submit = async () => {
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch {
      return message('home.import.invalidJson', 'This is not valid JSON.');
    }
    await onImport(body);
  };

  return (
    <FormModal
      open={open}
      onOpenChange={onOpenChange}
      testId="import-dashboard-form"
      title={message('home.import.title', 'Import a dashboard')}
      submitLabel={message('home.import.submit', 'Import')}
      fallbackError={message('home.import.error', 'The dashboard could not be imported.')}
      canSubmit={json.trim() !== ''}
      onSubmit={submit}
    >
      {(error, clearError) => (
        <Field.Root
          name="json"
          required
          error={error}
          hint={message('home.import.hint', 'Paste the JSON of an exported dashboard.')}
        >
          <Field.Label>{message('home.import.json', 'Dashboard JSON')}</Field.Label>
          <Textarea
            value={json}
            onChange={(event) => {
              setJson(event.target.value);
              clearError();
            }}
            style={{ fontFamily: 'monospace', minHeight: '20rem' }}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
      )}
    </FormModal>
  );
};
