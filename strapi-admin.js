// package.json's `exports['./strapi-admin']` names the built admin panel (`npm run build`); this
// file serves tools that look for it.
export { default } from './dist/admin/index.mjs';
