import { test, expect, ATELIER, createClient, OWNER, rows, searchFor, uniq } from './fixtures';

test.describe('security', () => {
  test('a client named <script>alert(1)</script> is shown as text, in the list and on the profile', { tag: ['@desktop'] }, async ({ page, loginAs, dialogs }) => {
    await loginAs(ATELIER);
    const email = `xss-${uniq().toLowerCase()}@e2e.test`;
    const first = '<script>alert(1)</script>';
    const last = '<img src=x onerror=alert(2)>';
    const notes = '<b>gras</b><script>alert(3)</script>';
    const client = await createClient(page.request, { first_name: first, last_name: last, email, notes });

    const checkRow = async () => {
      const row = page.locator(`#clients tr[data-id="${client.id}"]`);
      await expect(row).toBeVisible();
      await expect(row.locator('td').nth(1)).toHaveText(last);
      await expect(row.locator('td').nth(2)).toHaveText(first);
      await expect(page.locator('#clients script, #clients img, #clients b')).toHaveCount(0);
    };

    // Rendered by the server (template escaping)...
    const response = await page.goto(`/clients?search=${encodeURIComponent(email)}`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    await checkRow();
    // ...and by the page's script (search as you type).
    await page.goto('/clients');
    await searchFor(page, email);
    await expect(rows(page)).toHaveCount(1);
    await checkRow();

    await page.locator(`#clients tr[data-id="${client.id}"] a`).click();
    await expect(page).toHaveURL(new RegExp(`/clients/${client.id}$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${first} ${last}`);
    await expect(page.locator('.notes')).toHaveText(notes);
    await expect(page.locator('main script, main img, main b')).toHaveCount(0);
    await expect(page).toHaveTitle(new RegExp(first.replace(/[()[\]]/g, '\\$&')));
    expect(dialogs).toEqual([]);
  });

  test('form posts without the right CSRF token are refused', { tag: ['@desktop'] }, async ({ page, request, loginAs }) => {
    // Login with the right password but a wrong token: 403, no session.
    const wrongToken = await request.post('/login', {
      form: { email: OWNER.email, password: OWNER.password, csrf: 'x'.repeat(43) },
      maxRedirects: 0,
    });
    expect(wrongToken.status()).toBe(403);
    expect(await wrongToken.text()).toContain('Le formulaire a expiré');
    expect(wrongToken.headers()['set-cookie'] ?? '').not.toMatch(/session/i);
    // Without the field at all: refused too.
    const noToken = await request.post('/login', {
      form: { email: OWNER.email, password: OWNER.password },
      maxRedirects: 0,
    });
    expect(noToken.status()).toBe(403);
    expect(noToken.headers()['set-cookie'] ?? '').not.toMatch(/session/i);
    const list = await request.get('/clients', { maxRedirects: 0 });
    expect(list.status()).toBeGreaterThanOrEqual(300);
    expect(list.status()).toBeLessThan(400);
    expect(list.headers()['location']).toBe('/login');

    // Logged in, the add-client form with a wrong token, then with none: refused, nothing added.
    await loginAs(ATELIER);
    await page.goto('/clients/new');
    const last = `Csrf${uniq().toLowerCase()}`;
    const forged = await page.request.post('/clients/new', {
      form: { csrf: 'x'.repeat(43), first_name: 'Faux', last_name: last },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    const missing = await page.request.post('/clients/new', {
      form: { first_name: 'Faux', last_name: last },
      maxRedirects: 0,
    });
    expect(missing.status()).toBe(403);
    const found = await (await page.request.get(`/api/clients?search=${last}`)).json();
    expect(found.total).toBe(0);
    // The page's own token works (control).
    await page.locator('#first_name').fill('Vrai');
    await page.locator('#last_name').fill(last);
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Vrai ${last}`);
  });

  // A post without any csrf field is refused like a wrong token.
  test('a form post without any csrf field answers 403', { tag: ['@desktop'] }, async ({ request }) => {
    const noToken = await request.post('/login', {
      form: { email: OWNER.email, password: 'whatever-password' },
      maxRedirects: 0,
    });
    expect(noToken.status()).toBe(403);
  });
});
