import type { RenderAdminArgs } from '@strapi/strapi/admin';

/** Admin panel customisations of the playground: French next to English, to try the plugin's translations. */
const customisations: RenderAdminArgs['customisations'] = {
  config: { locales: ['fr'] },
};

export default customisations;
