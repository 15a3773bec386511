import { buildViewerIfStale } from '../helpers/viewer-build';

/** The viewer test loads dist/viewer; the playground tests use what CI's compile stage built. */
export default function globalSetup() {
  if (process.env.SKIP_BUILD !== 'true') buildViewerIfStale();
}
