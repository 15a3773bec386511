import type { StrapiApp } from '@strapi/strapi/admin';

export default {
  config: {
    locales: ['fr'],
  },
  bootstrap(_app: StrapiApp) {},
};
