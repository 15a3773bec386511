import { ChartPie } from '@strapi/icons';
import type { StrapiApp } from '@strapi/strapi/admin';

import { PERMISSIONS } from './permissions';
import { PLUGIN_ID } from './pluginId';
import { getTranslationId, prefixPluginTranslations, type TranslationMessages } from './utils/translations';

interface LoadedTranslations {
  data: TranslationMessages;
  locale: string;
}

const loadTranslations = async (locale: string): Promise<LoadedTranslations> => {
  try {
    const { default: messages } = (await import(`./translations/${locale}.json`)) as {
      default: TranslationMessages;
    };
    return { data: prefixPluginTranslations(messages), locale };
  } catch {
    // No file for this locale: the admin falls back to the English default messages.
    return { data: {}, locale };
  }
};

export default {
  register(app: StrapiApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: ChartPie,
      intlLabel: { id: getTranslationId('plugin.name'), defaultMessage: 'Dashboards' },
      permissions: PERMISSIONS.read,
      Component: () => import('./pages/App'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  registerTrads({ locales }: { locales: string[] }): Promise<LoadedTranslations[]> {
    return Promise.all(locales.map(loadTranslations));
  },
};
