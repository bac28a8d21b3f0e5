import fs from 'node:fs';
import path from 'node:path';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  // The server runs under `timeout`, the leader of its own process group: signal the group.
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, sig);
      return;
    } catch {
      // no such group: try the process itself
    }
  }
}

export default async function globalTeardown(): Promise<void> {
  const pid = Number(process.env.CLIENTELE_E2E_PID);
  if (pid > 0 && alive(pid)) {
    signal(pid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (alive(pid) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    if (alive(pid)) {
      signal(pid, 'SIGKILL');
    }
  }
  const dir = process.env.CLIENTELE_E2E_DIR;
  const log = process.env.CLIENTELE_E2E_LOG;
  if (log && fs.existsSync(log)) {
    const keep = path.join(__dirname, 'test-results', 'server.log');
    fs.mkdirSync(path.dirname(keep), { recursive: true });
    fs.copyFileSync(log, keep);
  }
  if (dir && path.basename(dir).startsWith('clientele-e2e-')) {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
