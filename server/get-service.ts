import type { Core } from '@strapi/strapi';
import type services from './services';
import { PLUGIN_ID } from './content-types';

export type Services = { [Name in keyof typeof services]: ReturnType<(typeof services)[Name]> };

/**
 * A plugin service, typed. The registry is imported for its types only, so a service that needs
 * another one reaches it here without importing every service (no import cycle).
 */
export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin(PLUGIN_ID).service(name) as Services[Name];
