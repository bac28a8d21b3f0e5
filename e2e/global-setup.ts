import type { FullConfig } from '@playwright/test';

import { startServer } from './server';

export default async function globalSetup(_config: FullConfig): Promise<void> {
  const started = await startServer();
  // Environment variables set here reach the test workers and the global teardown.
  process.env.CLIENTELE_E2E_URL = started.url;
  process.env.CLIENTELE_E2E_PID = String(started.child.pid);
  process.env.CLIENTELE_E2E_DIR = started.dir;
  process.env.CLIENTELE_E2E_LOG = started.log;
  // The child must not keep this process alive once the tests are done.
  started.child.unref();
  started.child.stdout?.unref?.();
  console.log(`[e2e] clientele serving ${started.url} (pid ${started.child.pid}, data in ${started.dir})`);
}
