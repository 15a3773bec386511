import type { Core } from '@strapi/strapi';
import dashboard from './dashboards/service';
import tile from './dashboards/tile-service';
import query from './query/service';
import tileData from './query/tile-data';
import analytics from './analytics/service';
import sharing from './sharing/service';
import schedules from './scheduling/service';
import refresh from './scheduling/runs';
import scheduler from './scheduling/scheduler';
import { PLUGIN_ID } from './content-types';

const services = { dashboard, tile, query, tileData, analytics, sharing, schedules, refresh, scheduler };

export type Services = { [Name in keyof typeof services]: ReturnType<(typeof services)[Name]> };

export const getService = <Name extends keyof Services>(strapi: Core.Strapi, name: Name): Services[Name] =>
  strapi.plugin(PLUGIN_ID).service(name) as Services[Name];

export default services;
