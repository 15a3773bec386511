import { Button, Dialog } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';

import { useT } from '../utils/translations';

interface DiscardChangesDialogProps {
  open: boolean;
  /** "Keep editing" (or Escape) closes the question: `onOpenChange(false)`. */
  onOpenChange: (open: boolean) => void;
  /** "Discard": the caller closes its editor without saving. */
  onDiscard: () => void;
  /** What has not been saved, in a sentence ("The changes made to this tile have not been saved."). */
  description: string;
  testId: string;
}

/**
 * "Discard your changes?": what an editor with unsaved work (the tile editor, the dashboard
 * settings) asks when Escape, a click outside or Cancel would close it.
 */
export const DiscardChangesDialog = ({
  open,
  onOpenChange,
  onDiscard,
  description,
  testId,
}: DiscardChangesDialogProps) => {
  const t = useT();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Content data-testid={testId}>
        <Dialog.Header>{t('discard.title', 'Discard your changes?')}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle width="24px" height="24px" fill="danger600" />}>
          <Dialog.Description textAlign="center">{description}</Dialog.Description>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary">
              {t('discard.keep', 'Keep editing')}
            </Button>
          </Dialog.Cancel>
          <Button fullWidth variant="danger-light" onClick={onDiscard}>
            {t('discard.confirm', 'Discard')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
