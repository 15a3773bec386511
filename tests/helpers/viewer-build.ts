import { execFileSync } from 'child_process';
import path from 'path';

const script = path.resolve(__dirname, '..', '..', 'scripts', 'build-viewer.js');

/** Bundles the public viewer (dist/viewer) when it is missing or older than its sources. */
export function buildViewerIfStale() {
  execFileSync(process.execPath, [script, '--if-stale'], { stdio: 'inherit' });
}
