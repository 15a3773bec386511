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
