// Starts the real `clientele` binary for the browser tests: a fresh SQLite file in a
// temporary directory, a free port on 127.0.0.1, two businesses:
//
// - "Salon Hélène" (slug salon-helene, French), created by the server's first run from
//   the CLIENTELE_* environment, then seeded by `clientele seed` with SEEDED_CLIENTS
//   clients: read-only tests (infinite scroll, screenshots) log in as its owner;
// - "Atelier Essai" (slug atelier-essai, French), created with `clientele business add`
//   and `clientele user add`: every test that adds or deletes clients logs in there,
//   so the seeded counts above never move.
//
// The server's URL reaches the test workers through CLIENTELE_E2E_URL.

import { execFileSync, spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { ATELIER, OWNER, SEEDED_APPOINTMENTS, SEEDED_CLIENTS } from './tests/accounts';

const repoRoot = path.resolve(__dirname, '..');

/** `${CARGO_TARGET_DIR:-target}/debug/clientele`, or CLIENTELE_BIN. */
export function binaryPath(): string {
  if (process.env.CLIENTELE_BIN) {
    return path.resolve(process.env.CLIENTELE_BIN);
  }
  const targetDir = process.env.CARGO_TARGET_DIR || 'target';
  return path.resolve(repoRoot, targetDir, 'debug', 'clientele');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type Started = {
  url: string;
  dir: string;
  log: string;
  child: ChildProcess;
};

/** Runs one CLI command to completion (bounded), failing loudly with its output. */
function cli(bin: string, databaseUrl: string, args: string[], env: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(bin, ['--database-url', databaseUrl, ...args], {
      env,
      timeout: 60_000,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`clientele ${args.join(' ')} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** Waits until the server prints its "listening" line (bounded), or dies. */
function waitListening(child: ChildProcess, log: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      finish(new Error(`the server did not print "Clientele is listening" within ${timeoutMs} ms; see ${log}`));
    }, timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = output.match(/Clientele is listening on (http:\/\/\S+)/);
      if (match) {
        finish(null, match[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      finish(new Error(`the server exited (code ${code}, signal ${signal}) before listening; see ${log}:\n${output}`));
    };
    function finish(err: Error | null, url?: string) {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (err) {
        reject(err);
      } else {
        resolve(url as string);
      }
    }
    child.stdout?.on('data', onData);
    child.on('exit', onExit);
  });
}

async function healthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) {
        return;
      }
      last = `status ${res.status}`;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`GET ${url}/healthz did not answer 200 within ${timeoutMs} ms (${last})`);
}

export async function startServer(): Promise<Started> {
  const bin = binaryPath();
  if (!fs.existsSync(bin)) {
    throw new Error(`${bin} does not exist: run \`cargo build -p clientele\` from the repository root first`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clientele-e2e-'));
  const databaseUrl = `sqlite:${path.join(dir, 'e2e.db')}`;
  const log = path.join(dir, 'server.log');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CLIENTELE_OWNER_EMAIL: OWNER.email,
    CLIENTELE_OWNER_PASSWORD: OWNER.password,
    CLIENTELE_BUSINESS_NAME: 'Salon Hélène',
    CLIENTELE_LOCALE: 'fr',
    CLIENTELE_TIME_ZONE: 'Europe/Paris',
    CLIENTELE_LOG: process.env.CLIENTELE_LOG || 'info',
    NO_COLOR: '1',
  };
  delete env.CLIENTELE_DATABASE_URL;
  delete env.CLIENTELE_BIND;
  delete env.CLIENTELE_SMTP_URL;
  delete env.CLIENTELE_PUBLIC_URL;

  const out = fs.openSync(log, 'a');
  // `timeout` bounds the server's life even if this test run is killed before teardown.
  const serveArgs = ['--database-url', databaseUrl, 'serve', '--bind', `127.0.0.1:${port}`];
  const useTimeout = fs.existsSync('/usr/bin/timeout');
  const child = spawn(useTimeout ? '/usr/bin/timeout' : bin, useTimeout ? ['600', bin, ...serveArgs] : serveArgs, {
    env,
    stdio: ['ignore', 'pipe', out],
  });
  child.stdout?.on('data', (chunk: Buffer) => fs.appendFileSync(log, chunk));
  try {
    const url = await waitListening(child, log, 30_000);
    await healthy(url, 10_000);
    // The first run created Salon Hélène and its owner; seed it, then add the second
    // business and its owner with the CLI, against the live database.
    cli(bin, databaseUrl, ['seed', '--business', 'salon-helene', '--clients', String(SEEDED_CLIENTS),
      '--appointments', String(SEEDED_APPOINTMENTS), '--seed', '42'], env);
    cli(bin, databaseUrl, ['business', 'add', '--name', 'Atelier Essai', '--slug', 'atelier-essai', '--locale', 'fr'], env);
    cli(bin, databaseUrl, ['user', 'add', '--business', 'atelier-essai', '--email', ATELIER.email,
      '--role', 'owner', '--password', ATELIER.password], env);
    return { url, dir, log, child };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
