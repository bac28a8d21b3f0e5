import { test, expect, ATELIER } from './fixtures';

test.describe('French and English', () => {
  test('the login page is in French by default, in English after /lang/en', { tag: ['@desktop'] }, async ({ page }) => {
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.locator('label[for="email"]')).toHaveText('Adresse e-mail');
    await expect(page.locator('label[for="password"]')).toHaveText('Mot de passe');
    await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();

    // The switcher link goes back to the page it was on.
    await page.getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.locator('label[for="email"]')).toHaveText('Email address');
    await expect(page.locator('label[for="password"]')).toHaveText('Password');
    await expect(page.getByRole('button', { name: 'Log in' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Français' })).toBeVisible();

    // The choice is remembered (cookie), and /lang/fr switches back.
    await page.goto('/login');
    await expect(page.locator('label[for="email"]')).toHaveText('Email address');
    await page.goto('/lang/fr');
    await page.goto('/login');
    await expect(page.locator('label[for="email"]')).toHaveText('Adresse e-mail');
  });

  test('staff pages follow the business language, then the switcher', { tag: ['@desktop'] }, async ({ browser, baseURL }) => {
    // A browser asking for English: the login page follows it, the staff pages follow the
    // (French) business until the user picks a language.
    const context = await browser.newContext({ locale: 'en-US', baseURL });
    try {
      const page = await context.newPage();
      await page.goto('/login');
      await expect(page.locator('label[for="email"]')).toHaveText('Email address');
      const res = await page.request.post('/api/session', { data: ATELIER });
      expect(res.status()).toBe(204);
      await page.goto('/clients');
      await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
      await expect(page.locator('#search')).toHaveAttribute('placeholder', 'Rechercher par nom, téléphone ou e-mail');
      await page.goto('/lang/en');
      await expect(page).toHaveURL(/\/clients$/);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await expect(page.getByRole('link', { name: 'Add client' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Log out' })).toBeVisible();
      await expect(page.locator('#clients th').nth(1)).toHaveText('Last name');
    } finally {
      await context.close();
    }
  });
});
