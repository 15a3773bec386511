/** The plugin's id: `strapi.name` in package.json, the `plugin::dashboards.*` action prefix and the admin URL. */
export const PLUGIN_ID = 'dashboards';
