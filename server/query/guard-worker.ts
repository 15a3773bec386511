import { parentPort } from 'worker_threads';
import { checkSql, type Dialect } from './sql-guard';
import { loadPostgresParser } from './pg-guard';
import { tablePolicy, type PolicySpec } from './policy';

/** Parses tile SQL off the event loop: a pathological statement costs this thread, never the server's. */
interface Job {
  id: number;
  sql: string;
  dialect: Dialect;
  spec: PolicySpec;
}

parentPort!.on('message', async ({ id, sql, dialect, spec }: Job) => {
  try {
    if (dialect === 'postgres') await loadPostgresParser();
    parentPort!.postMessage({ id, result: checkSql(sql, dialect, tablePolicy(spec)) });
  } catch (error) {
    const { message, reason } = error as { message?: string; reason?: string };
    parentPort!.postMessage({
      id,
      error: { message: message ?? String(error), reason: reason ?? 'unparsable' },
    });
  }
});
