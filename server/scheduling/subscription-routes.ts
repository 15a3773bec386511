import { ACTIONS } from '../permissions/actions';
import { defineRoutes } from '../http/routes';
import { idParamsSchema } from '../dashboards/validation';
import { getConfig } from '../config';
import {
  alertBodySchema,
  alertSchemaOf,
  subscriptionBodySchema,
  subscriptionParamsSchema,
  subscriptionSchemaOf,
} from './subscription-validation';

const limits = () => ({ ...getConfig(strapi).scheduling, ...getConfig(strapi).subscriptions });

/**
 * A reader's subscriptions to a dashboard (its figures sent on a cron rule) and alerts (a tile's
 * value past a threshold, notified once per crossing): each caller sees and changes only its own.
 */
export const SUBSCRIPTION_ROUTES = defineRoutes('dashboard', {
  subscriptions: {
    method: 'GET',
    path: '/:id/subscriptions',
    adminAction: ACTIONS.subscribe,
    summary: 'The caller’s subscriptions to the dashboard, each with its next run and latest deliveries',
    params: idParamsSchema,
    success: [200, '{ data: Subscription[] }'],
  },
  subscribe: {
    method: 'POST',
    path: '/:id/subscriptions',
    adminAction: ACTIONS.subscribe,
    summary:
      'Subscribe recipients (`email_to`, `slack_webhook_url`) to the dashboard’s figures on a cron rule (`cron`, `timezone`), computed with the caller’s rights at each delivery, with a fresh share link made as the caller when it may share the dashboard (`subscriptions.shareLinkDays`)',
    params: idParamsSchema,
    body: subscriptionBodySchema,
    bodyOf: () => subscriptionSchemaOf(limits()),
    success: [201, 'Subscription'],
  },
  updateSubscription: {
    method: 'PUT',
    path: '/:id/subscriptions/:subscriptionId',
    adminAction: ACTIONS.subscribe,
    summary: 'Change one of the caller’s subscriptions (any field of the create body)',
    params: subscriptionParamsSchema,
    body: subscriptionBodySchema,
    bodyOf: () => subscriptionSchemaOf(limits(), true),
    success: [200, 'Subscription'],
  },
  unsubscribe: {
    method: 'DELETE',
    path: '/:id/subscriptions/:subscriptionId',
    adminAction: ACTIONS.subscribe,
    summary:
      'Remove one of the caller’s subscriptions with its deliveries, revoking the share links they carried',
    params: subscriptionParamsSchema,
    success: [204, 'nothing'],
  },
  alerts: {
    method: 'GET',
    path: '/:id/alerts',
    adminAction: ACTIONS.alert,
    summary: 'The caller’s alerts on the dashboard, each with its state, last value and history',
    params: idParamsSchema,
    success: [200, '{ data: Subscription[] }'],
  },
  alert: {
    method: 'POST',
    path: '/:id/alerts',
    adminAction: ACTIONS.alert,
    summary:
      'Alert on a tile’s value (`tile_id`, `field`, `operator` above|below, `threshold`), checked on a cron rule with the caller’s rights; notifies once per crossing and once when it recovers',
    params: idParamsSchema,
    body: alertBodySchema,
    bodyOf: () => alertSchemaOf(limits()),
    success: [201, 'Subscription'],
  },
  updateAlert: {
    method: 'PUT',
    path: '/:id/alerts/:subscriptionId',
    adminAction: ACTIONS.alert,
    summary: 'Change one of the caller’s alerts (a new rule is checked afresh)',
    params: subscriptionParamsSchema,
    body: alertBodySchema,
    bodyOf: () => alertSchemaOf(limits(), true),
    success: [200, 'Subscription'],
  },
  deleteAlert: {
    method: 'DELETE',
    path: '/:id/alerts/:subscriptionId',
    adminAction: ACTIONS.alert,
    summary: 'Remove one of the caller’s alerts with its history',
    params: subscriptionParamsSchema,
    success: [204, 'nothing'],
  },
});
