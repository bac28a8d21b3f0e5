import { test, expect, OWNER } from './fixtures';

test.describe('login', () => {
  test('logs in with the owner account and lands on the clients list', { tag: ['@desktop', '@phone'] }, async ({ page }) => {
    await page.goto('/login');
    await expect(page.locator('#csrf, input[name="csrf"]')).toHaveCount(1);
    await page.locator('#email').fill(OWNER.email);
    await page.locator('#password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page).toHaveURL(/\/clients$/);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Clients');
    await expect(page.locator('header .brand')).toHaveText('Salon Hélène');
    await expect(page.locator('#total')).toHaveAttribute('data-total', /^\d+$/);
  });

  test('a wrong password shows the error and keeps the email', { tag: ['@desktop', '@phone'] }, async ({ page }) => {
    await page.goto('/login');
    await page.locator('#email').fill(OWNER.email);
    await page.locator('#password').fill('not-the-password');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Se connecter' }).click(),
    ]);
    expect(response.status()).toBe(401);
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('alert')).toHaveText('Adresse e-mail ou mot de passe incorrect.');
    await expect(page.locator('#email')).toHaveValue(OWNER.email);
    await expect(page.locator('#password')).toHaveValue('');
    // Not logged in: the list sends back to the login page.
    await page.goto('/clients');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('logs out with the header button', { tag: ['@desktop'] }, async ({ page }) => {
    await page.goto('/login');
    await page.locator('#email').fill(OWNER.email);
    await page.locator('#password').fill(OWNER.password);
    await page.locator('#password').press('Enter');
    await expect(page).toHaveURL(/\/clients$/);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto('/clients');
    await expect(page).toHaveURL(/\/login$/);
  });
});
