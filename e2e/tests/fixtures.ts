import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { test as base, expect, APIRequestContext, Page } from '@playwright/test';

import { ATELIER, OWNER } from './accounts';

export { expect };
export { ATELIER, OWNER };

type Account = { email: string; password: string };

type Fixtures = {
  /** Messages of every alert/confirm/prompt the page opened (there must be none). */
  dialogs: string[];
  /** Logs the page's browser context in (JSON API session cookie) as the given staff account. */
  loginAs: (who: Account) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  // The server's address is known only once the global setup has started it.
  baseURL: async ({}, use) => {
    const url = process.env.CLIENTELE_E2E_URL;
    if (!url) {
      throw new Error('CLIENTELE_E2E_URL is not set: the global setup did not start the server');
    }
    await use(url);
  },

  dialogs: [
    async ({ page }, use) => {
      const seen: string[] = [];
      page.on('dialog', (dialog) => {
        seen.push(`${dialog.type()}: ${dialog.message()}`);
        dialog.dismiss().catch(() => {});
      });
      await use(seen);
      expect(seen, 'no page may open an alert/confirm/prompt dialog').toEqual([]);
    },
    { auto: true },
  ],

  loginAs: async ({ page }, use) => {
    await use(async (who: Account) => {
      // page.request shares the browser context's cookies.
      const res = await page.request.post('/api/session', { data: who });
      expect(res.status(), `POST /api/session as ${who.email}`).toBe(204);
    });
  },
});

/** A fresh word of letters only (names may not hold digits), capitalised: "Kqzvtw". */
export function uniq(length = 6): string {
  const bytes = randomBytes(length);
  let s = '';
  for (const b of bytes) {
    s += String.fromCharCode(97 + (b % 26));
  }
  return s[0].toUpperCase() + s.slice(1);
}

export type Client = {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  notes: string;
};

export type NewClient = {
  first_name: string;
  last_name: string;
  email?: string;
  phone?: string;
  notes?: string;
  allow_homonym?: boolean;
};

export async function createClient(request: APIRequestContext, body: NewClient): Promise<Client> {
  const res = await request.post('/api/clients', { data: body });
  expect(res.status(), `POST /api/clients ${JSON.stringify(body)}: ${await res.text()}`).toBe(201);
  return (await res.json()) as Client;
}

/** Creates many clients, a few requests at a time. */
export async function createClients(request: APIRequestContext, bodies: NewClient[], concurrency = 6): Promise<Client[]> {
  const out: Client[] = new Array(bodies.length);
  let next = 0;
  async function worker() {
    while (next < bodies.length) {
      const i = next++;
      out[i] = await createClient(request, bodies[i]);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

export async function apiTotal(request: APIRequestContext, params: Record<string, string>): Promise<number> {
  const qs = new URLSearchParams({ ...params, limit: '1' }).toString();
  const res = await request.get(`/api/clients?${qs}`);
  expect(res.status(), `GET /api/clients?${qs}`).toBe(200);
  return ((await res.json()) as { total: number }).total;
}

/** Rows of the clients table. */
export function rows(page: Page) {
  return page.locator('#clients tbody tr[data-id]');
}

/** Types `text` into the search box and waits for the list's API answer to that exact text. */
export async function searchFor(page: Page, text: string): Promise<void> {
  const answered = page.waitForResponse(
    (r) => {
      const u = new URL(r.url());
      return u.pathname === '/api/clients' && u.searchParams.get('search') === text && !u.searchParams.has('cursor');
    },
    { timeout: 10_000 },
  );
  const search = page.locator('#search');
  await search.fill('');
  await search.pressSequentially(text);
  expect((await answered).status()).toBe(200);
  await expect(page).toHaveURL((u) => u.searchParams.get('search') === text);
}

/** Removes accents and case: "Hélène" → "helene". */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The id at the end of a profile's address: "/clients/123" → "123". */
export function idFromUrl(url: string): string {
  return new URL(url).pathname.split('/').pop()!;
}

/** The logged-in staff member's business slug (for its public booking page /b/{slug}). */
export async function businessSlug(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/business');
  expect(res.status(), 'GET /api/business').toBe(200);
  return ((await res.json()) as { slug: string }).slug;
}

export type AppointmentType = { id: string; name: string; duration_minutes: number };

export async function createAppointmentType(
  request: APIRequestContext,
  body: { name: string; duration_minutes: number; form?: { label: string; kind: string; required: boolean }[] },
): Promise<AppointmentType> {
  const res = await request.post('/api/appointment-types', { data: { form: [], ...body } });
  expect(res.status(), `POST /api/appointment-types: ${await res.text()}`).toBe(201);
  return (await res.json()) as AppointmentType;
}

/** A `datetime-local` value `days` days ahead at `time` ("2031-03-14T10:30"): always future. */
export function localStart(days: number, time = '10:30'): string {
  const d = new Date(Date.now() + days * 24 * 3600 * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${time}`;
}

/** A viewport-only screenshot for the README: docs/screenshots/<name>-<project>.png. */
export async function shootForDocs(page: Page, project: string, name: string): Promise<void> {
  const dir = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({
    path: path.join(dir, `${name}-${project}.png`),
    fullPage: false,
    animations: 'disabled',
    caret: 'hide',
    scale: 'css',
  });
}
