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

function check({ id, sql, dialect, spec }: Job) {
  parentPort!.postMessage({ id, started: true });
  try {
    parentPort!.postMessage({ id, result: checkSql(sql, dialect, tablePolicy(spec)) });
  } catch (error) {
    const { message, reason } = error as { message?: string; reason?: string };
    parentPort!.postMessage({
      id,
      error: { message: message ?? String(error), reason: reason ?? 'unparsable' },
    });
  }
}

// the parsers load first: checks sent meanwhile wait in the port's queue, and their time starts with them
void loadPostgresParser().then(() => parentPort!.on('message', check));
