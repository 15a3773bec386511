/** Contracts of the CRM analytics routes the admin app shows, shared by the server and the admin app. */

/** `GET /analytics/stats`: the overall CRM figures of the period, in the caller's scope. */
export interface AnalyticsStats {
  totalLeads: number;
  newLeadsThisPeriod: number;
  totalOpportunities: number;
  openOpportunityValue: number;
  wonDeals: number;
  wonDealValue: number;
  lostDeals: number;
  conversionRate: number;
  averageDealSize: number;
  averageSalesCycle: number;
}
