import {
  test,
  expect,
  apiTotal,
  ATELIER,
  createClient,
  createClients,
  fold,
  OWNER,
  rows,
  searchFor,
  uniq,
} from './fixtures';
import { SEEDED_CLIENTS } from './accounts';

test.describe('clients list', () => {
  test('an accent-free query finds an accented name', { tag: ['@desktop', '@phone'] }, async ({ page, loginAs }) => {
    await loginAs(ATELIER);
    const helene = await createClient(page.request, {
      first_name: 'Hélène',
      last_name: 'Dupré',
      phone: '06 12 34 56 78',
      allow_homonym: true,
    });
    await page.goto('/clients');

    await searchFor(page, 'helene');
    const row = page.locator(`#clients tr[data-id="${helene.id}"]`);
    await expect(row).toBeVisible();
    await expect(row.locator('td').nth(1)).toHaveText('Dupré');
    await expect(row.locator('td').nth(2)).toHaveText('Hélène');
    await expect(row.getByRole('link', { name: 'Dupré' })).toHaveAttribute('href', `/clients/${helene.id}`);
    // Every row found matches the query, accents and case aside.
    for (const text of await rows(page).locator('td:nth-child(3)').allTextContents()) {
      expect(fold(text)).toMatch(/^helene/);
    }
    const shown = Number(await page.locator('#total').getAttribute('data-total'));
    expect(shown).toBe(await rows(page).count());

    // Upper case, both words, no accents: first name then last name.
    await searchFor(page, 'HELENE DUPRE');
    await expect(row).toBeVisible();
    // The last name alone.
    await searchFor(page, 'dupre');
    await expect(row).toBeVisible();
    // Phone digits with spaces.
    await searchFor(page, '34 56 78');
    await expect(row).toBeVisible();
    // A query that matches nobody empties the list.
    await searchFor(page, 'helenz');
    await expect(rows(page)).toHaveCount(0);
    await expect(page.locator('#total')).toHaveAttribute('data-total', '0');
  });

  test('infinite scroll reaches the 1,200th client', { tag: ['@desktop', '@phone'] }, async ({ page, loginAs }) => {
    await loginAs(OWNER);
    // The 1,200th client in list order, from the API (two pages: 1000 + 200).
    const first = await (await page.request.get('/api/clients?limit=1000')).json();
    expect(first.total).toBe(SEEDED_CLIENTS);
    const second = await (await page.request.get(`/api/clients?limit=1000&cursor=${encodeURIComponent(first.next_cursor)}`)).json();
    const ids: string[] = [...first.clients, ...second.clients].map((c: { id: string }) => c.id);
    expect(ids).toHaveLength(SEEDED_CLIENTS);

    await page.goto('/clients');
    await expect(page.locator('#total')).toHaveText(`${SEEDED_CLIENTS} clients`);
    await expect(page.locator('#total')).toHaveAttribute('data-total', String(SEEDED_CLIENTS));
    await expect(rows(page)).toHaveCount(500);
    await expect(page.locator('#more')).toBeAttached();

    // Scroll like a user until at least 1,200 rows are in the table (bounded).
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 40_000);
          return rows(page).count();
        },
        { timeout: 20_000, intervals: [250] },
      )
      .toBeGreaterThanOrEqual(1200);

    const row1200 = rows(page).nth(1199);
    await expect(row1200).toHaveAttribute('data-id', ids[1199]);
    await row1200.scrollIntoViewIfNeeded();
    await expect(row1200).toBeInViewport();

    // Keep scrolling: the list ends with every seeded client once, in the API's order.
    await expect
      .poll(
        async () => {
          await page.mouse.wheel(0, 40_000);
          return rows(page).count();
        },
        { timeout: 20_000, intervals: [250] },
      )
      .toBe(SEEDED_CLIENTS);
    await expect(page.locator('#more')).toBeHidden();
    const shown = await rows(page).evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.id));
    expect(shown).toEqual(ids);
    await expect(page.locator('#total')).toHaveText(`${SEEDED_CLIENTS} clients`);
  });

  test('recent and past filters change the list', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
    await loginAs(ATELIER);
    const family = `Filtre${uniq().toLowerCase()}`;
    const typeRes = await page.request.post('/api/appointment-types', {
      data: { name: `Coupe ${family}`, duration_minutes: 45, form: [] },
    });
    expect(typeRes.status(), await typeRes.text()).toBe(201);
    const type = await typeRes.json();
    const day = 24 * 60 * 60 * 1000;
    const at = (days: number) => {
      const d = new Date(Date.now() + days * day);
      d.setUTCHours(9, 0, 0, 0);
      return d.toISOString();
    };
    async function book(clientId: string, start: string) {
      const res = await page.request.post('/api/appointments', {
        data: { client_id: clientId, appointment_type_id: type.id, start },
      });
      expect(res.status(), `POST /api/appointments: ${await res.text()}`).toBe(201);
    }
    // Recente: seen 5 days ago. Ancienne: last seen 100 days ago. Future: only a booking in
    // 10 days. Nouvelle: never booked, created today.
    const recente = await createClient(page.request, { first_name: 'Récente', last_name: family });
    const ancienne = await createClient(page.request, { first_name: 'Ancienne', last_name: family });
    const future = await createClient(page.request, { first_name: 'Future', last_name: family });
    await createClient(page.request, { first_name: 'Nouvelle', last_name: family });
    await book(recente.id, at(-5));
    await book(ancienne.id, at(-100));
    await book(future.id, at(10));

    const firstNames = rows(page).locator('td:nth-child(3)');
    await page.goto('/clients');
    await searchFor(page, family.toLowerCase());
    await expect(firstNames).toHaveText(['Ancienne', 'Future', 'Nouvelle', 'Récente']);

    const filter = page.locator('#filter');
    const cases: [string, string[]][] = [
      ['recent:30d', ['Récente']],
      ['past:2w', ['Ancienne']],
      ['recent:6m', ['Ancienne', 'Récente']],
      ['past:1y', []],
      ['', ['Ancienne', 'Future', 'Nouvelle', 'Récente']],
    ];
    for (const [value, expected] of cases) {
      const answered = page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/api/clients' && (new URL(r.url()).searchParams.get('filter') ?? '') === value,
        { timeout: 10_000 },
      );
      await filter.selectOption(value);
      await answered;
      await expect(firstNames, `filter ${value || '(none)'}`).toHaveText(expected);
      await expect(page.locator('#total')).toHaveAttribute('data-total', String(expected.length));
      await expect(page).toHaveURL((u) => (u.searchParams.get('filter') ?? '') === value);
    }

    // The same filter from the address (server-rendered page, the select shows it).
    await page.goto(`/clients?search=${family.toLowerCase()}&filter=past%3A2w`);
    await expect(filter).toHaveValue('past:2w');
    await expect(firstNames).toHaveText(['Ancienne']);
  });

  test('select all matching clients and delete them in bulk', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
    test.setTimeout(60_000);
    await loginAs(ATELIER);
    const family = `Lot${uniq().toLowerCase()}`;
    const N = 520; // more than the 500 rows loaded at first: "select all N matching" shows
    await createClients(
      page.request,
      Array.from({ length: N }, (_, i) => ({
        first_name: `Client${String.fromCharCode(97 + Math.floor(i / 26) % 26)}${String.fromCharCode(97 + (i % 26))}`,
        last_name: family,
      })),
    );
    const bystander = await createClient(page.request, { first_name: 'Témoin', last_name: `Garde${uniq().toLowerCase()}` });
    expect(await apiTotal(page.request, { search: family })).toBe(N);

    await page.goto('/clients');
    await searchFor(page, family.toLowerCase());
    await expect(page.locator('#total')).toHaveText(`${N} clients`);
    await expect(rows(page)).toHaveCount(500);
    // Nothing selected: the bulk bar is hidden (the `hidden` property; whether it is also
    // not displayed is checked in hidden.spec.ts).
    await expect(page.locator('#bulk')).toHaveJSProperty('hidden', true);

    await page.locator('#select-all').check();
    await expect(page.locator('#bulk')).toBeVisible();
    await expect(page.locator('#selected-count')).toHaveText('500 sélectionné(s)');
    const matching = page.locator('#select-matching');
    await expect(matching).toHaveText(`Sélectionner les ${N} clients correspondants`);
    await matching.click();
    await expect(page.locator('#selected-count')).toHaveText(`${N} sélectionné(s)`);
    await expect(matching).toHaveJSProperty('hidden', true);

    await page.locator('#bulk-delete').click();
    const dialog = page.locator('dialog#confirm-delete');
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('#confirm-text')).toContainText(`${N} client(s)`);

    // Cancel first: nothing is deleted.
    await dialog.getByRole('button', { name: 'Annuler' }).click();
    await expect(dialog).toBeHidden();
    expect(await apiTotal(page.request, { search: family })).toBe(N);

    await page.locator('#bulk-delete').click();
    await expect(dialog).toBeVisible();
    await expect(dialog.locator('#confirm-text')).toContainText(`${N} client(s)`);
    const deleted = page.waitForResponse((r) => r.url().endsWith('/api/clients/bulk-delete'), { timeout: 15_000 });
    await dialog.locator('#confirm-yes').click();
    expect((await deleted).status()).toBe(200);
    await expect(dialog).toBeHidden();
    await expect(page.locator('#bulk-result')).toHaveText(`${N} client(s) supprimé(s).`);
    await expect(rows(page)).toHaveCount(0);
    await expect(page.locator('#total')).toHaveText('0 clients');

    // Searched again from scratch: nothing left; the other client is still there.
    await page.goto(`/clients?search=${family.toLowerCase()}`);
    await expect(rows(page)).toHaveCount(0);
    await expect(page.locator('#total')).toHaveAttribute('data-total', '0');
    await expect(page.locator('#empty')).toHaveText('Aucun client ne correspond.');
    expect(await apiTotal(page.request, { search: family })).toBe(0);
    expect((await page.request.get(`/api/clients/${bystander.id}`)).status()).toBe(200);
  });
});
