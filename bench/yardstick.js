'use strict';

/**
 * The yardstick of bench/analytics.js: for every CRM analytics endpoint, the SQL a PostgreSQL
 * expert would write by hand for the same answer on the playground's schema — one statement,
 * link tables counted directly, FILTER instead of CASE, no join the answer does not need, the
 * caller's scope as one join on the owner link — and how its rows become the endpoint's JSON, so
 * the bench can check that both give the same answer before it compares their times.
 *
 * Each entry: `sql(p)` → SQL with :named parameters; `answer(rows, p)` → the endpoint's `data`.
 * `p`: { scope: 'all' | 'own', user, start, end, previousStart, now, ... } (see bench/analytics.js).
 */
const { num, cents, percent, round1 } = require('../dist/server/analytics/sql');

/** The caller's scope as a join on a record's owner link: nothing for `all`. */
const own = (p, link, column, recordId) =>
  p.scope === 'own' ? `JOIN ${link} own ON own.${column} = ${recordId} AND own.user_id = :user` : '';
const inPeriod = (column) => `${column} >= :start AND ${column} < :end`;
const days = (earlier, later) => `EXTRACT(EPOCH FROM (${later} - ${earlier})) / 86400.0`;
const iso = (value) => (value === null ? null : new Date(value).toISOString());

/** The stages of the pipelines of a type, in the order the endpoints list them. */
const stagesOfType = (type) => `
  FROM stages st
  JOIN stages_pipeline_lnk sp ON sp.stage_id = st.id
  JOIN pipelines p ON p.id = sp.pipeline_id AND p.type = '${type}'`;
const STAGE_ORDER = 'ORDER BY p.is_default DESC, p.id, st.position, st.id';
const DEFAULT_DEAL_PIPELINE = `(SELECT id FROM pipelines WHERE type = 'opportunity' ORDER BY is_default DESC, id LIMIT 1)`;

/** Each deal's furthest position among the open or won stages of its stints (NULL without any). */
const FURTHEST = `
  SELECT ho.opportunity_id, MAX(past.position) AS furthest
  FROM stage_histories_opportunity_lnk ho
  JOIN stage_histories_stage_lnk hs ON hs.stage_history_id = ho.stage_history_id
  JOIN stages past ON past.id = hs.stage_id AND past.kind IN ('open', 'won')`;

const REASON = "CASE s.kind WHEN 'won' THEN o.win_reason ELSE o.loss_reason END";

const YARDSTICK = {
  stats: {
    sql: (p) => `
      SELECT * FROM (
        SELECT COUNT(*) FILTER (WHERE l.created_at < :end) AS leads,
               COUNT(*) FILTER (WHERE ${inPeriod('l.created_at')}) AS created,
               COUNT(*) FILTER (WHERE ${inPeriod('l.created_at')} AND l.converted_at IS NOT NULL) AS converted
        FROM leads l ${own(p, 'leads_owner_lnk', 'lead_id', 'l.id')}
      ) AS lead_figures, (
        SELECT COUNT(*) FILTER (WHERE o.created_at < :end) AS deals,
               SUM(o.amount) FILTER (WHERE s.kind = 'open') AS open_value,
               COUNT(*) FILTER (WHERE s.kind = 'won' AND ${inPeriod('o.closed_at')}) AS won,
               SUM(o.amount) FILTER (WHERE s.kind = 'won' AND ${inPeriod('o.closed_at')}) AS won_value,
               COUNT(*) FILTER (WHERE s.kind = 'lost' AND ${inPeriod('o.closed_at')}) AS lost,
               AVG(${days('o.created_at', 'o.closed_at')}) FILTER (WHERE s.kind = 'won' AND ${inPeriod('o.closed_at')}) AS cycle
        FROM opportunities o ${own(p, 'opportunities_owner_lnk', 'opportunity_id', 'o.id')}
        LEFT JOIN opportunities_stage_lnk os ON os.opportunity_id = o.id
        LEFT JOIN stages s ON s.id = os.stage_id
      ) AS deal_figures`,
    answer: ([row]) => {
      const won = num(row.won);
      const wonValue = cents(row.won_value);
      return {
        totalLeads: num(row.leads),
        newLeadsThisPeriod: num(row.created),
        totalOpportunities: num(row.deals),
        openOpportunityValue: cents(row.open_value),
        wonDeals: won,
        wonDealValue: wonValue,
        lostDeals: num(row.lost),
        conversionRate: percent(num(row.converted), num(row.created)),
        averageDealSize: won === 0 ? 0 : cents(wonValue / won),
        averageSalesCycle: round1(num(row.cycle)),
      };
    },
  },

  'lead-pipeline': {
    sql: (p) => `
      SELECT st.document_id, st.name, st.color, c.n
      ${stagesOfType('lead')}
      LEFT JOIN (
        SELECT ls.stage_id, COUNT(*) AS n
        FROM leads_stage_lnk ls ${own(p, 'leads_owner_lnk', 'lead_id', 'ls.lead_id')}
        GROUP BY ls.stage_id
      ) c ON c.stage_id = st.id
      ${STAGE_ORDER}`,
    answer: (rows) =>
      rows.map((row) => ({
        stageId: row.document_id,
        stageName: row.name,
        count: num(row.n),
        color: row.color ?? null,
      })),
  },

  'opportunity-pipeline': {
    sql: (p) => `
      SELECT st.document_id, st.name, c.n, c.total, c.weighted
      ${stagesOfType('opportunity')}
      LEFT JOIN (
        SELECT os.stage_id, COUNT(*) AS n, SUM(o.amount) AS total,
               SUM(o.amount * COALESCE(o.probability, s.probability)) AS weighted
        FROM opportunities_stage_lnk os
        JOIN stages s ON s.id = os.stage_id AND s.kind = 'open'
        JOIN opportunities o ON o.id = os.opportunity_id
        ${own(p, 'opportunities_owner_lnk', 'opportunity_id', 'os.opportunity_id')}
        GROUP BY os.stage_id
      ) c ON c.stage_id = st.id
      WHERE st.kind = 'open'
      ${STAGE_ORDER}`,
    answer: (rows) =>
      rows.map((row) => ({
        stageId: row.document_id,
        stageName: row.name,
        count: num(row.n),
        totalAmount: cents(row.total),
        weightedAmount: cents(num(row.weighted) / 100),
      })),
  },

  'revenue-trend': {
    // monthly buckets in UTC (the bench's zone)
    sql: (p) => `
      SELECT TO_CHAR(o.closed_at, 'YYYY-MM') AS month, s.kind, SUM(o.amount) AS total
      FROM opportunities o
      JOIN opportunities_stage_lnk os ON os.opportunity_id = o.id
      JOIN stages s ON s.id = os.stage_id AND s.kind IN ('won', 'lost')
      ${own(p, 'opportunities_owner_lnk', 'opportunity_id', 'o.id')}
      WHERE ${inPeriod('o.closed_at')}
      GROUP BY 1, 2
      UNION ALL
      SELECT TO_CHAR(o.expected_close_date, 'YYYY-MM'), 'open', SUM(o.amount)
      FROM opportunities o
      JOIN opportunities_stage_lnk os ON os.opportunity_id = o.id
      JOIN stages s ON s.id = os.stage_id AND s.kind = 'open'
      ${own(p, 'opportunities_owner_lnk', 'opportunity_id', 'o.id')}
      WHERE o.expected_close_date >= CAST(:start AS date) AND o.expected_close_date < CAST(:end AS date)
      GROUP BY 1`,
    answer: (rows, p) => {
      const months = [];
      for (let at = new Date(p.start); at < new Date(p.end); at.setUTCMonth(at.getUTCMonth() + 1))
        months.push(at.toISOString().slice(0, 7));
      const key = { won: 'wonAmount', lost: 'lostAmount', open: 'pipelineAmount' };
      const trend = months.map((period) => ({ period, wonAmount: 0, lostAmount: 0, pipelineAmount: 0 }));
      for (const row of rows) trend[months.indexOf(row.month)][key[row.kind]] = cents(row.total);
      return trend;
    },
  },

  'lead-sources': {
    sql: (p) => `
      SELECT source, n, total FROM (
        SELECT l.source, COUNT(*) AS n, SUM(COUNT(*)) OVER () AS total
        FROM leads l ${own(p, 'leads_owner_lnk', 'lead_id', 'l.id')}
        WHERE ${inPeriod('l.created_at')}
        GROUP BY l.source
      ) AS sources
      WHERE source <> ''
      ORDER BY n DESC, source`,
    answer: (rows) =>
      rows.map((row) => ({
        source: row.source,
        count: num(row.n),
        percentage: percent(num(row.n), num(row.total)),
      })),
  },

  'conversion-funnel': {
    sql: (p) => `
      WITH period_leads AS (
        SELECT l.id, l.qualified_at, l.converted_at
        FROM leads l ${own(p, 'leads_owner_lnk', 'lead_id', 'l.id')}
        WHERE ${inPeriod('l.created_at')}
      ), proposal AS (
        SELECT sp.pipeline_id, st.position
        FROM stages st JOIN stages_pipeline_lnk sp ON sp.stage_id = st.id
        WHERE st.name = 'Proposal'
      ), deals AS (
        SELECT ol.lead_id,
               BOOL_OR(pr.position IS NOT NULL AND (cur.kind = 'won'
                 OR (cur.kind = 'open' AND cur.position >= pr.position) OR h.furthest >= pr.position)) AS proposal,
               BOOL_OR(cur.kind = 'won') AS won
        FROM period_leads pl
        JOIN opportunities_lead_lnk ol ON ol.lead_id = pl.id
        LEFT JOIN opportunities_stage_lnk os ON os.opportunity_id = ol.opportunity_id
        LEFT JOIN stages cur ON cur.id = os.stage_id
        LEFT JOIN opportunities_pipeline_lnk op ON op.opportunity_id = ol.opportunity_id
        LEFT JOIN proposal pr ON pr.pipeline_id = op.pipeline_id
        LEFT JOIN LATERAL (${FURTHEST} WHERE ho.opportunity_id = ol.opportunity_id GROUP BY ho.opportunity_id) h ON TRUE
        GROUP BY ol.lead_id
      )
      SELECT COUNT(*) AS created,
             COUNT(*) FILTER (WHERE pl.qualified_at IS NOT NULL OR pl.converted_at IS NOT NULL) AS qualified,
             COUNT(*) FILTER (WHERE pl.converted_at IS NOT NULL) AS converted,
             COUNT(*) FILTER (WHERE d.proposal) AS proposal,
             COUNT(*) FILTER (WHERE d.won) AS won
      FROM period_leads pl LEFT JOIN deals d ON d.lead_id = pl.id`,
    answer: ([row]) => {
      const steps = [
        ['Leads Created', num(row.created)],
        ['Qualified', num(row.qualified)],
        ['Opportunity Created', num(row.converted)],
        ['Proposal Sent', num(row.proposal)],
        ['Closed Won', num(row.won)],
      ];
      return steps.map(([stage, count]) => ({ stage, count, percentage: percent(count, steps[0][1]) }));
    },
  },

  'top-performers': {
    // metricKey=revenue
    sql: (p) => `
      SELECT u.document_id, u.username, w.revenue
      FROM (
        SELECT oo.user_id, SUM(o.amount) AS revenue
        FROM opportunities o
        JOIN opportunities_stage_lnk os ON os.opportunity_id = o.id
        JOIN stages s ON s.id = os.stage_id AND s.kind = 'won'
        JOIN opportunities_owner_lnk oo ON oo.opportunity_id = o.id ${p.scope === 'own' ? 'AND oo.user_id = :user' : ''}
        WHERE ${inPeriod('o.closed_at')}
        GROUP BY oo.user_id
      ) w
      JOIN up_users u ON u.id = w.user_id
      WHERE w.revenue > 0
      ORDER BY w.revenue DESC, u.username
      LIMIT 10`,
    answer: (rows) =>
      rows.map((row) => ({
        userId: row.document_id,
        userName: row.username,
        avatar: null,
        value: cents(row.revenue),
        amount: cents(row.revenue),
      })),
  },

  'activities-summary': {
    sql: (p) => `
      SELECT type, n, total FROM (
        SELECT a.type, COUNT(*) AS n, SUM(COUNT(*)) OVER () AS total
        FROM activities a ${own(p, 'activities_performed_by_lnk', 'activity_id', 'a.id')}
        WHERE ${inPeriod('a.created_at')}
        GROUP BY a.type
      ) AS types
      ORDER BY type <> '' DESC, n DESC, type`,
    answer: (rows) => ({
      totalActivities: num(rows[0]?.total),
      byType: rows.filter((row) => row.type).map((row) => ({ type: row.type, count: num(row.n) })),
    }),
  },

  'tasks-summary': {
    sql: (p) => `
      SELECT COUNT(*) FILTER (WHERE t.completed_at IS NULL AND t.due_at < :now) AS overdue,
             COUNT(*) FILTER (WHERE t.completed_at IS NULL AND t.due_at >= :now AND t.due_at < :endOfToday) AS due_today,
             COUNT(*) FILTER (WHERE t.completed_at IS NULL AND t.due_at >= :now AND t.due_at < :endOfWeek) AS due_this_week,
             COUNT(*) FILTER (WHERE ${inPeriod('t.completed_at')}) AS completed,
             COUNT(*) FILTER (WHERE ${inPeriod('t.due_at')}) AS due_in_period,
             COUNT(*) FILTER (WHERE ${inPeriod('t.due_at')} AND t.completed_at IS NOT NULL) AS due_and_done
      FROM tasks t ${own(p, 'tasks_owner_lnk', 'task_id', 't.id')}`,
    answer: ([row]) => ({
      overdue: num(row.overdue),
      dueToday: num(row.due_today),
      dueThisWeek: num(row.due_this_week),
      completedThisPeriod: num(row.completed),
      completionRate: percent(num(row.due_and_done), num(row.due_in_period)),
    }),
  },

  'recent-activities': {
    sql: (p) => `
      SELECT a.document_id, a.type, a.title, a.entity_type, a.entity_id, a.entity_name, u.username, a.created_at
      FROM activities a ${own(p, 'activities_performed_by_lnk', 'activity_id', 'a.id')}
      LEFT JOIN activities_performed_by_lnk ap ON ap.activity_id = a.id
      LEFT JOIN up_users u ON u.id = ap.user_id
      ORDER BY a.created_at DESC, a.id DESC
      LIMIT 20`,
    answer: (rows) =>
      rows.map((row) => ({
        id: row.document_id,
        activityType: row.type,
        title: row.title,
        entityType: row.entity_type,
        entityId: row.entity_id,
        entityName: row.entity_name,
        performedBy: row.username ?? null,
        createdAt: iso(row.created_at),
      })),
  },

  'upcoming-tasks': {
    sql: (p) => `
      SELECT t.document_id, t.title, t.due_at, t.entity_type, t.entity_id, u.username
      FROM tasks t ${own(p, 'tasks_owner_lnk', 'task_id', 't.id')}
      LEFT JOIN tasks_owner_lnk tl ON tl.task_id = t.id
      LEFT JOIN up_users u ON u.id = tl.user_id
      WHERE t.completed_at IS NULL AND t.due_at >= :now AND t.due_at <= :weekAhead
      ORDER BY t.due_at, t.id
      LIMIT 10`,
    answer: (rows) =>
      rows.map((row) => ({
        id: row.document_id,
        title: row.title,
        dueAt: iso(row.due_at),
        entityType: row.entity_type,
        entityId: row.entity_id,
        ownerName: row.username ?? null,
      })),
  },

  'sla-compliance': {
    sql: (p) => `
      SELECT COUNT(*) AS total,
             COUNT(*) FILTER (WHERE l.first_response_at > l.sla_due_at
               OR (l.first_response_at IS NULL AND l.sla_due_at < :now)) AS breached,
             COUNT(*) FILTER (WHERE l.first_response_at IS NULL AND l.sla_due_at >= :now
               AND l.sla_due_at - CAST(:now AS timestamp) <= 0.2 * (l.sla_due_at - l.created_at)) AS at_risk
      FROM leads l ${own(p, 'leads_owner_lnk', 'lead_id', 'l.id')}
      WHERE ${inPeriod('l.created_at')} AND l.sla_due_at IS NOT NULL`,
    answer: ([row]) => {
      const [total, breached, atRisk] = [num(row.total), num(row.breached), num(row.at_risk)];
      const withinSla = total - breached - atRisk;
      return { withinSla, atRisk, breached, complianceRate: percent(withinSla, total) };
    },
  },

  'target-progress': {
    // quarter=Q1, year=2026: each target's metric over its own period, for its owner (else the scope)
    sql: (p) => {
      const range = (column) =>
        `${column} >= CAST(t.period_start AS timestamp) AND ${column} < CAST(t.period_end AS timestamp) + INTERVAL '1 day'`;
      const WON = `JOIN opportunities_stage_lnk os ON os.opportunity_id = o.id JOIN stages s ON s.id = os.stage_id AND s.kind = 'won'`;
      const records = {
        revenue: [
          'SUM(o.amount)',
          'opportunities o',
          'opportunities_owner_lnk',
          'opportunity_id',
          'o.id',
          WON,
          'o.closed_at',
        ],
        deals_won: [
          'COUNT(*)',
          'opportunities o',
          'opportunities_owner_lnk',
          'opportunity_id',
          'o.id',
          WON,
          'o.closed_at',
        ],
        leads_created: ['COUNT(*)', 'leads l', 'leads_owner_lnk', 'lead_id', 'l.id', '', 'l.created_at'],
        activities: [
          'COUNT(*)',
          'activities a',
          'activities_performed_by_lnk',
          'activity_id',
          'a.id',
          '',
          'a.created_at',
        ],
      };
      // the records of one owner (an expression), or of every owner when there is none (scope all)
      const measure = ([aggregate, table, link, column, recordId, joins, date], owner) =>
        `(SELECT ${aggregate} FROM ${table} ${owner ? `JOIN ${link} mo ON mo.${column} = ${recordId} AND mo.user_id = ${owner}` : ''} ${joins} WHERE ${range(date)})`;
      const current = Object.entries(records)
        .map(([metric, parts]) =>
          p.scope === 'own'
            ? `WHEN '${metric}' THEN ${measure(parts, 'COALESCE(towner.user_id, :user)')}`
            : `WHEN '${metric}' THEN CASE WHEN towner.user_id IS NULL THEN ${measure(parts, null)} ELSE ${measure(parts, 'towner.user_id')} END`
        )
        .join('\n        ');
      return `
      SELECT t.document_id, t.name, t.metric, t.target_value, t.unit, CASE t.metric
        ${current}
        END AS current
      FROM targets t
      LEFT JOIN targets_owner_lnk towner ON towner.target_id = t.id
      WHERE t.period_start <= :quarterLast AND t.period_end >= :quarterFirst
        ${p.scope === 'own' ? 'AND (towner.user_id = :user OR towner.user_id IS NULL)' : ''}
      ORDER BY t.period_start, t.name, t.id`;
    },
    answer: (rows) =>
      rows.map((row) => {
        const targetValue = row.unit === 'currency' ? cents(row.target_value) : num(row.target_value);
        const currentValue = row.metric === 'revenue' ? cents(row.current) : num(row.current);
        return {
          targetId: row.document_id,
          name: row.name,
          targetValue,
          currentValue,
          progress: targetValue === 0 ? 0 : round1((currentValue / targetValue) * 100),
          unit: row.unit,
        };
      }),
  },

  'lead-aging': {
    sql: (p) => `
      SELECT CASE WHEN l.created_at > :age8 THEN 0 WHEN l.created_at > :age15 THEN 1
                  WHEN l.created_at > :age31 THEN 2 WHEN l.created_at > :age61 THEN 3 ELSE 4 END AS age_range,
             COUNT(*) AS n
      FROM leads l ${own(p, 'leads_owner_lnk', 'lead_id', 'l.id')}
      WHERE l.status IS NULL OR l.status NOT IN ('converted', 'disqualified')
      GROUP BY 1`,
    answer: (rows) => {
      const counts = new Map(rows.map((row) => [num(row.age_range), num(row.n)]));
      return ['0-7 days', '8-14 days', '15-30 days', '31-60 days', '60+ days'].map((ageRange, index) => ({
        ageRange,
        count: counts.get(index) ?? 0,
      }));
    },
  },

  'win-loss-analysis': {
    sql: (p) => `
      SELECT s.kind, ${REASON} AS reason, GROUPING(${REASON}) AS all_reasons, COUNT(*) AS n
      FROM opportunities o
      JOIN opportunities_stage_lnk os ON os.opportunity_id = o.id
      JOIN stages s ON s.id = os.stage_id AND s.kind IN ('won', 'lost')
      ${own(p, 'opportunities_owner_lnk', 'opportunity_id', 'o.id')}
      WHERE ${inPeriod('o.closed_at')}
      GROUP BY GROUPING SETS ((s.kind), (s.kind, ${REASON}))`,
    answer: (rows) => {
      const count = (kind) => num(rows.find((row) => row.kind === kind && row.all_reasons === 1)?.n);
      const top = (kind) =>
        rows
          .filter((row) => row.kind === kind && row.all_reasons === 0 && row.reason)
          .sort((a, b) => num(b.n) - num(a.n) || (a.reason < b.reason ? -1 : 1))
          .slice(0, 5)
          .map((row) => ({ reason: row.reason, count: num(row.n) }));
      const [won, lost] = [count('won'), count('lost')];
      return {
        wonCount: won,
        lostCount: lost,
        winRate: percent(won, won + lost),
        topWinReasons: top('won'),
        topLossReasons: top('lost'),
      };
    },
  },

  'deal-velocity': {
    sql: (p) => `
      SELECT st.name, v.days
      FROM stages st
      JOIN stages_pipeline_lnk sp ON sp.stage_id = st.id AND sp.pipeline_id = ${DEFAULT_DEAL_PIPELINE}
      LEFT JOIN (
        SELECT hs.stage_id, AVG(${days('h.entered_at', 'h.exited_at')}) AS days
        FROM stage_histories h
        JOIN stage_histories_stage_lnk hs ON hs.stage_history_id = h.id
        JOIN stage_histories_opportunity_lnk ho ON ho.stage_history_id = h.id
        ${own(p, 'opportunities_owner_lnk', 'opportunity_id', 'ho.opportunity_id')}
        WHERE ${inPeriod('h.exited_at')}
        GROUP BY hs.stage_id
      ) v ON v.stage_id = st.id
      ORDER BY st.position, st.id`,
    answer: (rows) => rows.map((row) => ({ stageName: row.name, avgDays: round1(num(row.days)) })),
  },

  'score-card': {
    // metrics=leads_created,deals_won,revenue,win_rate,activities; [0] the period, [1] the one before
    sql: (p) => {
      const both = (name, column, aggregate = 'COUNT(*)', extra = '') =>
        `${aggregate} FILTER (WHERE ${column} >= :start AND ${column} < :end${extra}) AS ${name}_0, ` +
        `${aggregate} FILTER (WHERE ${column} >= :previousStart AND ${column} < :start${extra}) AS ${name}_1`;
      const since = (column) => `${column} >= :previousStart AND ${column} < :end`;
      return `
      SELECT * FROM (
        SELECT ${both('created', 'l.created_at')}
        FROM leads l ${own(p, 'leads_owner_lnk', 'lead_id', 'l.id')} WHERE ${since('l.created_at')}
      ) AS lead_figures, (
        SELECT ${both('won', 'o.closed_at', 'COUNT(*)', " AND s.kind = 'won'")},
               ${both('lost', 'o.closed_at', 'COUNT(*)', " AND s.kind = 'lost'")},
               ${both('revenue', 'o.closed_at', 'SUM(o.amount)', " AND s.kind = 'won'")}
        FROM opportunities o
        JOIN opportunities_stage_lnk os ON os.opportunity_id = o.id
        JOIN stages s ON s.id = os.stage_id AND s.kind IN ('won', 'lost')
        ${own(p, 'opportunities_owner_lnk', 'opportunity_id', 'o.id')}
        WHERE ${since('o.closed_at')}
      ) AS deal_figures, (
        SELECT ${both('activities', 'a.created_at')}
        FROM activities a ${own(p, 'activities_performed_by_lnk', 'activity_id', 'a.id')} WHERE ${since('a.created_at')}
      ) AS activity_figures`;
    },
    answer: ([row]) => {
      const value = (metric, index) => {
        const at = (name) => num(row[`${name}_${index}`]);
        switch (metric) {
          case 'leads_created':
            return at('created');
          case 'deals_won':
            return at('won');
          case 'revenue':
            return cents(at('revenue'));
          case 'win_rate':
            return percent(at('won'), at('won') + at('lost'));
          case 'activities':
            return at('activities');
        }
      };
      const labels = {
        leads_created: 'Leads Created',
        deals_won: 'Deals Won',
        revenue: 'Revenue',
        win_rate: 'Win Rate',
        activities: 'Activities',
      };
      return Object.entries(labels).map(([metric, label]) => {
        const [current, previous] = [value(metric, 0), value(metric, 1)];
        const change =
          previous === 0
            ? current > 0
              ? 100
              : 0
            : Math.round(((current - previous) / previous) * 1000) / 10;
        return {
          metric,
          label,
          value: current,
          previousPeriod: previous,
          change,
          trend: current > previous ? 'up' : current < previous ? 'down' : 'flat',
        };
      });
    },
  },

  'funnel-chart': {
    sql: (p) => `
      WITH pipeline AS (SELECT ${DEFAULT_DEAL_PIPELINE} AS id),
      funnel_stages AS (
        SELECT st.document_id, st.name, st.position, st.id
        FROM stages st JOIN stages_pipeline_lnk sp ON sp.stage_id = st.id AND sp.pipeline_id = (SELECT id FROM pipeline)
        WHERE st.kind IN ('open', 'won')
      ), reach AS (
        SELECT CASE WHEN cur.kind = 'won' THEN 2147483647
                    ELSE GREATEST(CASE WHEN cur.kind = 'open' THEN cur.position END, h.furthest) END AS position
        FROM opportunities o
        JOIN opportunities_pipeline_lnk op ON op.opportunity_id = o.id AND op.pipeline_id = (SELECT id FROM pipeline)
        ${own(p, 'opportunities_owner_lnk', 'opportunity_id', 'o.id')}
        LEFT JOIN opportunities_stage_lnk os ON os.opportunity_id = o.id
        LEFT JOIN stages cur ON cur.id = os.stage_id
        LEFT JOIN LATERAL (${FURTHEST} WHERE ho.opportunity_id = o.id GROUP BY ho.opportunity_id) h ON TRUE
        WHERE ${inPeriod('o.created_at')}
      ), histogram AS (SELECT position, COUNT(*) AS n FROM reach GROUP BY position)
      SELECT fs.document_id, fs.name, COALESCE(SUM(hg.n), 0) AS n
      FROM funnel_stages fs LEFT JOIN histogram hg ON hg.position >= fs.position
      GROUP BY fs.document_id, fs.name, fs.position, fs.id
      ORDER BY fs.position, fs.id`,
    answer: (rows) =>
      rows.map((row) => ({
        stageId: row.document_id,
        stageName: row.name,
        count: num(row.n),
        percentage: percent(num(row.n), num(rows[0]?.n)),
      })),
  },
};

/** `:name` parameters → PostgreSQL's `$n`, with the values in order. */
function bind(sql, params) {
  const values = [];
  const indexes = new Map();
  const text = sql.replace(/(?<!:):([a-zA-Z]\w*)/g, (_match, name) => {
    if (!(name in params)) throw new Error(`yardstick parameter :${name} is missing`);
    if (!indexes.has(name)) {
      values.push(params[name]);
      indexes.set(name, values.length);
    }
    return `$${indexes.get(name)}`;
  });
  return { text, values };
}

module.exports = { YARDSTICK, bind };
