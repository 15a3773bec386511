import * as React from 'react';
import { useIntl } from 'react-intl';

import { PLUGIN_ID } from '../pluginId';

export type TranslationMessages = Record<string, string>;

/** The react-intl id of one of the plugin's messages: `dashboards.<key>`. */
export const getTranslationId = (key: string): string => `${PLUGIN_ID}.${key}`;

/**
 * Prefixes every key of a translation file with the plugin id, as Strapi's own plugins do
 * (`prefixPluginTranslations`, formerly in the v4-only @strapi/helper-plugin).
 */
export const prefixPluginTranslations = (
  messages: TranslationMessages,
  pluginId: string = PLUGIN_ID
): TranslationMessages =>
  Object.fromEntries(Object.entries(messages).map(([key, message]) => [`${pluginId}.${key}`, message]));

/** Translates one of the plugin's messages: `t('home.title', 'Dashboards', { count })`. */
export type Translate = (
  key: string,
  defaultMessage: string,
  values?: Record<string, string | number>
) => string;

/** The plugin's translate function, stable while the locale is. */
export function useT(): Translate {
  const { formatMessage } = useIntl();
  return React.useCallback(
    (key, defaultMessage, values) => formatMessage({ id: getTranslationId(key), defaultMessage }, values),
    [formatMessage]
  );
}
