import type { Core } from '@strapi/strapi';
import { getService } from '../get-service';
import { actionsFor } from '../http/routes';
import { SUBSCRIPTION_ROUTES } from './subscription-routes';

/** The subscription and alert actions of the `dashboard` controller (dashboard.subscribe, dashboard.alert …). */
export const dashboardSubscriptionActions = ({ strapi }: { strapi: Core.Strapi }) => {
  const subscriptions = () => getService(strapi, 'subscriptions');

  return actionsFor(SUBSCRIPTION_ROUTES, {
    subscriptions: ({ principal, params }) => subscriptions().list(principal, params.id, 'digest'),
    subscribe: ({ principal, params, body }) => subscriptions().create(principal, params.id, 'digest', body),
    updateSubscription: ({ principal, params, body }) =>
      subscriptions().update(principal, params.id, params.subscriptionId, 'digest', body),
    unsubscribe: ({ principal, params }) =>
      subscriptions().remove(principal, params.id, params.subscriptionId, 'digest'),
    alerts: ({ principal, params }) => subscriptions().list(principal, params.id, 'alert'),
    alert: ({ principal, params, body }) => subscriptions().create(principal, params.id, 'alert', body),
    updateAlert: ({ principal, params, body }) =>
      subscriptions().update(principal, params.id, params.subscriptionId, 'alert', body),
    deleteAlert: ({ principal, params }) =>
      subscriptions().remove(principal, params.id, params.subscriptionId, 'alert'),
  });
};
