import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';

const root = path.resolve(__dirname, '..', '..', '..');
export const VIEWER_DIST = path.join(root, 'dist', 'viewer');

/** The share pages' policy, as the plugin sends it (frame-ancestors 'none' for a share page). */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface ShellOptions {
  title: string;
  theme?: 'light' | 'dark' | '';
  hideHeader?: boolean;
  autoRefresh?: boolean;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** The HTML shell the server sends for `/dashboards/shared/:token`. */
export function viewerShell(token: string, options: ShellOptions): string {
  const api = `/api/dashboards/shared/${encodeURIComponent(token)}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title><link rel="stylesheet" href="/dashboards/viewer/viewer.css"></head>
<body><div id="dashboard-viewer" data-structure-url="${api}" data-data-url="${api}/data"
 data-theme="${options.theme ?? ''}" data-hide-header="${options.hideHeader ?? false}" data-hide-filters="false" data-auto-refresh="${options.autoRefresh ?? false}"></div>
<script src="/dashboards/viewer/viewer.js" defer></script></body></html>`;
}

export interface JsonAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Answers an API request (`/api/dashboards/shared/…`), or undefined for a 404. */
export type ApiHandler = (pathname: string, request: http.IncomingMessage) => JsonAnswer | undefined;

export interface ViewerServer {
  url: string;
  close(): Promise<void>;
}

const STATIC_TYPES: Record<string, string> = {
  'viewer.js': 'text/javascript; charset=utf-8',
  'viewer.css': 'text/css; charset=utf-8',
};

/** Strapi's error format. */
export const strapiError = (status: number, name: string, message: string, details: object = {}) => ({
  data: null,
  error: { status, name, message, details },
});

/**
 * A stand-in for the plugin's public routes: the HTML shell (with the CSP), the built viewer
 * files, and JSON answers from `api`.
 */
export async function startViewerServer(
  shells: Record<string, ShellOptions>,
  api: ApiHandler
): Promise<ViewerServer> {
  const server = http.createServer((request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    const send = (
      status: number,
      type: string,
      body: string | Buffer,
      headers: Record<string, string> = {}
    ) => {
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
      response.end(body);
    };
    const shell = /^\/dashboards\/shared\/([^/]+)$/.exec(pathname);
    if (shell && shells[decodeURIComponent(shell[1])]) {
      const html = viewerShell(decodeURIComponent(shell[1]), shells[decodeURIComponent(shell[1])]);
      return send(200, 'text/html; charset=utf-8', html, { 'Content-Security-Policy': CSP });
    }
    const file = /^\/dashboards\/viewer\/([\w.]+)$/.exec(pathname)?.[1];
    if (file && STATIC_TYPES[file]) {
      return send(200, STATIC_TYPES[file], fs.readFileSync(path.join(VIEWER_DIST, file)));
    }
    // Strapi serves the app's favicon; the browser asks for it with every page
    if (pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
    const answer = pathname.startsWith('/api/') ? api(pathname, request) : undefined;
    if (answer) {
      return send(answer.status, 'application/json', JSON.stringify(answer.body), answer.headers);
    }
    send(404, 'application/json', JSON.stringify(strapiError(404, 'NotFoundError', 'Not Found')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
