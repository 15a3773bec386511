// Admin entry of the plugin. Strapi 5's admin bundler (Vite) imports `<plugin>/strapi-admin` for a local
// plugin whose package.json has no `exports['./strapi-admin']`, and transpiles the TypeScript sources
// itself, so the admin panel needs no separate build step.
export { default } from './admin/src';
