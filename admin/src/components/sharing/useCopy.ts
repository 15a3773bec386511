import { useNotification } from '@strapi/strapi/admin';

import { copyText } from '../../utils/sharing';
import { useT } from '../../utils/translations';

/** Copies `text` and tells the user whether it worked. */
export const useCopy = () => {
  const message = useT();
  const { toggleNotification } = useNotification();
  return async (text: string) => {
    const copied = await copyText(text);
    toggleNotification({
      type: copied ? 'success' : 'warning',
      message: copied
        ? message('share.copied', 'Copied to the clipboard.')
        : message('share.copyFailed', 'The browser did not allow copying; select the text and copy it.'),
    });
  };
};
