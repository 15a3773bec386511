import { ChartPie } from '@strapi/icons';
import type { StrapiApp, WidgetArgs } from '@strapi/strapi/admin';

import { PERMISSIONS } from './permissions';
import { KPI_PERMISSIONS } from './widgets/permissions';
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

/** The homepage widgets (Strapi ≥ 5.13); nothing on an admin without the widgets API. */
const registerWidgets = (app: StrapiApp) => {
  const widgets = (app as { widgets?: { register(widget: WidgetArgs): void } }).widgets;
  if (typeof widgets?.register !== 'function') return;
  widgets.register({
    id: 'recent-dashboards',
    pluginId: PLUGIN_ID,
    icon: ChartPie,
    title: { id: getTranslationId('widget.recent.title'), defaultMessage: 'Recent dashboards' },
    link: {
      label: { id: getTranslationId('widget.recent.link'), defaultMessage: 'See all dashboards' },
      href: `/plugins/${PLUGIN_ID}`,
    },
    component: async () => (await import('./widgets/RecentDashboardsWidget')).RecentDashboardsWidget,
    permissions: [...PERMISSIONS.read],
  });
  widgets.register({
    id: 'crm-kpis',
    pluginId: PLUGIN_ID,
    icon: ChartPie,
    title: { id: getTranslationId('widget.kpis.title'), defaultMessage: 'Key CRM figures' },
    component: async () => (await import('./widgets/CrmKpisWidget')).CrmKpisWidget,
    permissions: [...PERMISSIONS.read, ...KPI_PERMISSIONS],
  });
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
    registerWidgets(app);
  },

  registerTrads({ locales }: { locales: string[] }): Promise<LoadedTranslations[]> {
    return Promise.all(locales.map(loadTranslations));
  },
};
