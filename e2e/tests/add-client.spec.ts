import { test, expect, apiTotal, ATELIER, rows, searchFor, uniq } from './fixtures';

// A profile's address (not /clients/new).
const PROFILE = /\/clients\/(?!new$)[^/]+$/;

test.describe('add a client', () => {
  test('from the form: lands on the profile; the same name again warns of a homonym', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
    await loginAs(ATELIER);
    const last = `Rousseau${uniq().toLowerCase()}`;
    await page.goto('/clients/new');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ajouter un client');
    await page.getByLabel(/^Prénom/).fill('Camille');
    await page.getByLabel(/^Nom/).fill(last);
    await page.locator('#email').fill(`camille.${last.toLowerCase()}@example.org`);
    await page.locator('#phone').fill('06 98 76 54 32');
    await page.locator('#notes').fill('Préfère les rendez-vous du matin.');
    await page.getByRole('button', { name: 'Ajouter' }).click();

    await expect(page).toHaveURL(PROFILE);
    const firstId = new URL(page.url()).pathname.split('/').pop();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Camille ${last}`);
    await expect(page.getByText(`camille.${last.toLowerCase()}@example.org`)).toBeVisible();
    await expect(page.getByText('Préfère les rendez-vous du matin.')).toBeVisible();
    await expect(page.getByText('Aucun rendez-vous.')).toBeVisible();

    // The same name again, written differently: a warning naming the existing client.
    await page.goto('/clients/new');
    await page.locator('#first_name').fill('CAMILLE');
    await page.locator('#last_name').fill(last.toLowerCase());
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await expect(page).toHaveURL(/\/clients\/new$/);
    const warning = page.locator('.warning[role="alert"]');
    await expect(warning).toContainText('Un client porte déjà ce nom');
    await expect(warning.getByRole('link', { name: `Camille ${last}` })).toHaveAttribute('href', `/clients/${firstId}`);
    await expect(page.locator('#first_name')).toHaveValue('CAMILLE');
    expect(await apiTotal(page.request, { search: last })).toBe(1);

    // Confirming it is another person creates the homonym.
    await page.locator('input[name="allow_homonym"]').check();
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await expect(page).toHaveURL(PROFILE);
    expect(new URL(page.url()).pathname.split('/').pop()).not.toBe(firstId);
    expect(await apiTotal(page.request, { search: last })).toBe(2);
  });

  test('required names are checked before posting', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
    await loginAs(ATELIER);
    await page.goto('/clients/new');
    await page.locator('#first_name').fill('Sansnom');
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await expect(page).toHaveURL(/\/clients\/new$/);
    expect(await page.locator('#last_name').evaluate((e) => (e as HTMLInputElement).validity.valueMissing)).toBe(true);
  });

  test('on a phone, with the "+" link in the header', { tag: ['@phone'] }, async ({ page, loginAs }) => {
    await loginAs(ATELIER);
    const last = `Martin${uniq().toLowerCase()}`;
    await page.goto('/clients');
    const plus = page.getByRole('link', { name: 'Ajouter un client' });
    await expect(plus).toBeVisible();
    // Only the "+" shows on a phone; its name for assistive technology stays the full label.
    expect(await plus.evaluate((a) => (a as HTMLElement).innerText.trim())).toBe('+');
    await plus.tap();
    await expect(page).toHaveURL(/\/clients\/new$/);
    await page.locator('#first_name').tap();
    await page.locator('#first_name').fill('Léa');
    await page.locator('#last_name').fill(last);
    await page.locator('#phone').fill('07 11 22 33 44');
    await page.getByRole('button', { name: 'Ajouter' }).tap();
    await expect(page).toHaveURL(PROFILE);
    const id = new URL(page.url()).pathname.split('/').pop();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Léa ${last}`);
    await expect(page.getByText('07 11 22 33 44')).toBeVisible();

    await page.getByRole('link', { name: /Retour à la liste/ }).tap();
    await expect(page).toHaveURL(/\/clients$/);
    await searchFor(page, last.toLowerCase());
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toHaveAttribute('data-id', id!);
  });
});
