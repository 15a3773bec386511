import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'worker_threads';

/**
 * PostgreSQL's own parser (libpg-query) on a thread of its own, called synchronously: a statement
 * whose parse overflows the stack or hangs costs that thread, never the caller's.
 */

/** Runs on the worker: loads libpg-query, answers each SQL text with its parse tree as JSON text. */
const WORKER_SOURCE = `
const { workerData, parentPort } = require('worker_threads');
const { port, signal: buffer, modulePath } = workerData;
const signal = new Int32Array(buffer);
const ready = (state) => {
  Atomics.store(signal, 1, state);
  Atomics.notify(signal, 1);
  parentPort.postMessage(state);
};
let parser;
try {
  parser = require(modulePath);
} catch (error) {
  ready(2);
  throw error;
}
parser.loadModule().then(() => {
  port.on('message', (sql) => {
    let reply;
    // parseSync ends with JSON.parse of the parser's JSON text: keep that text as it is, since
    // JSON.stringify takes quadratic time on the thousands of levels of a long chain of operators.
    const parseJson = JSON.parse;
    JSON.parse = (text) => text;
    try {
      const tree = parser.parseSync(sql);
      JSON.parse = parseJson;
      reply = { tree: typeof tree === 'string' ? tree : JSON.stringify(tree) };
    } catch (error) {
      JSON.parse = parseJson;
      const details = error && error.sqlDetails;
      reply = details
        ? { syntax: { message: String(details.message), cursorPosition: Number(details.cursorPosition) } }
        : { failure: String((error && error.message) || error) };
    }
    port.postMessage(reply);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  });
  ready(1);
}, () => ready(2));
`;

/** Stack for the parser's thread: enough for any statement of the 100,000 characters a tile may hold. */
const PARSER_STACK_MB = 64;
const PARSE_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 30_000;

interface ParserThread {
  worker: Worker;
  port: MessagePort;
  /** [0]: replies sent so far; [1]: 0 while loading, 1 ready, 2 failed to load. */
  signal: Int32Array;
  alive: boolean;
}

export type ParseReply =
  { tree: string } | { syntax: { message: string; cursorPosition: number } } | { failure: string };

let thread: ParserThread | null = null;
let loading: Promise<void> | null = null;
/** Whether loadPostgresParser() has resolved once: from then on a lost thread is replaced on demand. */
let loaded = false;

/** Whether loadPostgresParser() has resolved once. */
export const parserLoaded = () => loaded;

function startThread(): ParserThread {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { port: port2, signal: signal.buffer, modulePath: require.resolve('libpg-query') },
    transferList: [port2],
    resourceLimits: { stackSizeMb: PARSER_STACK_MB },
  });
  const started: ParserThread = { worker, port: port1, signal, alive: true };
  const lost = () => {
    started.alive = false;
    if (thread === started) thread = null;
  };
  worker.on('error', lost);
  worker.on('exit', lost);
  // Never keeps the process alive.
  worker.unref();
  port1.unref();
  return started;
}

function stopThread(stopped: ParserThread) {
  stopped.alive = false;
  if (thread === stopped) thread = null;
  stopped.port.close();
  stopped.worker.terminate().catch(() => undefined);
}

/** A ready parser thread, started (and waited for, blocking) when the previous one was lost. */
function readyThread(): ParserThread {
  if (thread?.alive && Atomics.load(thread.signal, 1) === 1) return thread;
  if (!thread?.alive) thread = startThread();
  const current = thread;
  Atomics.wait(current.signal, 1, 0, START_TIMEOUT_MS);
  if (Atomics.load(current.signal, 1) !== 1 || !current.alive) {
    stopThread(current);
    throw new Error('The PostgreSQL parser could not be started');
  }
  return current;
}

export function parseOnThread(sql: string): ParseReply {
  const current = readyThread();
  const sent = Atomics.load(current.signal, 0);
  current.port.postMessage(sql);
  const waited = Atomics.wait(current.signal, 0, sent, PARSE_TIMEOUT_MS);
  const message = receiveMessageOnPort(current.port);
  if (waited === 'timed-out' || !message) {
    stopThread(current);
    return { failure: 'timed out' };
  }
  const reply = message.message as ParseReply;
  // A parser that failed other than on the query's syntax (its stack overflowed) is not trusted again.
  if ('failure' in reply) stopThread(current);
  return reply;
}

/** Loads PostgreSQL's parser (on its own thread). Idempotent; checkPostgresSql needs it resolved. */
export async function loadPostgresParser(): Promise<void> {
  if (loaded && thread?.alive) return;
  if (!loading) {
    loading = (async () => {
      const current = thread?.alive ? thread : startThread();
      thread = current;
      if (Atomics.load(current.signal, 1) === 0) {
        // Keep the process alive while it loads, then let it go.
        current.worker.ref();
        try {
          await new Promise<void>((resolve, reject) => {
            const done = () => {
              current.worker.off('message', done);
              current.worker.off('exit', done);
              if (Atomics.load(current.signal, 1) === 1) resolve();
              else reject(new Error('The PostgreSQL parser could not be loaded'));
            };
            current.worker.on('message', done);
            current.worker.on('exit', done);
            if (Atomics.load(current.signal, 1) !== 0) done();
          });
        } finally {
          current.worker.unref();
        }
      }
      if (Atomics.load(current.signal, 1) !== 1) throw new Error('The PostgreSQL parser could not be loaded');
      loaded = true;
    })().finally(() => {
      loading = null;
    });
  }
  return loading;
}
