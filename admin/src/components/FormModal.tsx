import * as React from 'react';

import { Button, Modal } from '@strapi/design-system';

import { serverErrorMessage } from '../utils/serverError';
import { useT } from '../utils/translations';

interface FormModalProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  submitLabel: string;
  testId: string;
  canSubmit?: boolean;
  /** Checks the fields and sends them: a string is the error to show; a rejection shows the server's message. */
  onSubmit: () => Promise<string | void>;
  /** Shown when the server's error has no message of its own. */
  fallbackError: string;
  children: (error: string | undefined, clearError: () => void) => React.ReactNode;
}

/** A form in a modal, as Strapi's own create dialogs: Cancel, a submit button that shows it is busy, and one error. */
export const FormModal = ({
  open,
  onOpenChange,
  title,
  submitLabel,
  testId,
  canSubmit = true,
  onSubmit,
  fallbackError,
  children,
}: FormModalProps) => {
  const message = useT();
  const [error, setError] = React.useState<string | undefined>();
  const [isSubmitting, setIsSubmitting] = React.useState(false);

  React.useEffect(() => {
    if (!open) setError(undefined);
  }, [open]);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setIsSubmitting(true);
    setError(undefined);
    try {
      const problem = await onSubmit();
      if (problem) setError(problem);
    } catch (failure) {
      setError(serverErrorMessage(failure) ?? fallbackError);
    } finally {
      setIsSubmitting(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content>
        <form noValidate onSubmit={submit} data-testid={testId}>
          <Modal.Header>
            <Modal.Title>{title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>{children(error, () => setError(undefined))}</Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{message('home.dialog.cancel', 'Cancel')}</Button>
            </Modal.Close>
            <Button type="submit" loading={isSubmitting} disabled={!canSubmit}>
              {submitLabel}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
