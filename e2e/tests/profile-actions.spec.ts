import {
  test,
  expect,
  apiTotal,
  ATELIER,
  businessSlug,
  createAppointmentType,
  createClient,
  localStart,
  rows,
  searchFor,
  uniq,
} from './fixtures';

// What staff do from a profile (edit, merge by rename, ban, delete), all in "Atelier Essai".

test.describe('profile actions', () => {
  test('edit: new notes and phone are saved and shown on the profile', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
    await loginAs(ATELIER);
    const last = `Edition${uniq().toLowerCase()}`;
    const client = await createClient(page.request, {
      first_name: 'Agathe',
      last_name: last,
      phone: '06 10 20 30 40',
      notes: 'Ancienne note.',
    });
    await page.goto(`/clients/${client.id}`);
    await page.locator('#edit').click();
    await expect(page).toHaveURL(new RegExp(`/clients/${client.id}/edit$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Modifier le client');
    await expect(page.locator('#first_name')).toHaveValue('Agathe');
    await expect(page.locator('#phone')).toHaveValue('06 10 20 30 40');
    await expect(page.locator('#notes')).toHaveValue('Ancienne note.');

    await page.locator('#phone').fill('07 98 76 54 32');
    await page.locator('#notes').fill('Préfère le samedi.\nCheveux bouclés.');
    await page.getByRole('button', { name: 'Enregistrer' }).click();

    await expect(page).toHaveURL(new RegExp(`/clients/${client.id}\\?done=saved$`));
    await expect(page.locator('#done')).toHaveText('Modifications enregistrées.');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Agathe ${last}`);
    await expect(page.getByText('07 98 76 54 32')).toBeVisible();
    await expect(page.getByText('06 10 20 30 40')).toHaveCount(0);
    await expect(page.locator('.notes')).toHaveText('Préfère le samedi.\nCheveux bouclés.');
  });

  test('renaming onto another client warns, then merges into it', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
    await loginAs(ATELIER);
    // "Jean Martin…" and "Jan Martin…": a last name of this run's own, so the counts below
    // only see these two.
    const last = `Martin${uniq().toLowerCase()}`;
    const jean = await createClient(page.request, { first_name: 'Jean', last_name: last, notes: 'Client fidèle.' });
    const jan = await createClient(page.request, { first_name: 'Jan', last_name: last, notes: 'Allergique aux noix.' });
    expect(await apiTotal(page.request, { search: last })).toBe(2);

    await page.goto(`/clients/${jan.id}`);
    await page.locator('#edit').click();
    await page.locator('#first_name').fill('Jean');
    await page.getByRole('button', { name: 'Enregistrer' }).click();

    // Nothing saved yet: the warning names the other client, with a required checkbox.
    const warning = page.locator('#merge-warning');
    await expect(warning).toBeVisible();
    await expect(warning).toContainText('Un autre client porte déjà ce nom');
    await expect(warning.getByRole('link', { name: `Jean ${last}` })).toHaveAttribute('href', `/clients/${jean.id}`);
    await expect(page.locator('#first_name')).toHaveValue('Jean');
    expect(await apiTotal(page.request, { search: last })).toBe(2);
    const confirm = warning.getByRole('checkbox', { name: 'Oui, fusionner ces deux fiches' });
    await expect(confirm).not.toBeChecked();
    // Saving without ticking it is stopped by the browser.
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    expect(await confirm.evaluate((e) => (e as HTMLInputElement).validity.valueMissing)).toBe(true);
    await expect(page.locator('#merge-warning')).toBeVisible();

    await confirm.check();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect(page).toHaveURL(new RegExp(`/clients/${jean.id}\\?done=merged$`));
    await expect(page.locator('#done')).toHaveText('Les deux fiches ont été fusionnées.');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Jean ${last}`);
    await expect(page.locator('.notes')).toContainText('Client fidèle.');
    await expect(page.locator('.notes')).toContainText('Allergique aux noix.');

    // One "Jean Martin…" left in the list; the renamed profile is gone.
    await page.goto('/clients');
    await searchFor(page, last.toLowerCase());
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toHaveAttribute('data-id', jean.id);
    await expect(rows(page).first()).toContainText('Jean');
    expect((await page.request.get(`/clients/${jan.id}`)).status()).toBe(404);
  });

  test('a banned email is refused on the public booking page with the custom message', { tag: ['@desktop'] }, async ({ page, loginAs, browser, baseURL }) => {
    await loginAs(ATELIER);
    const last = `Banni${uniq().toLowerCase()}`;
    const email = `${last.toLowerCase()}@example.org`;
    const otherEmail = `autre.${last.toLowerCase()}@example.org`;
    const message = `Merci d'appeler le salon (${last}).`;
    const client = await createClient(page.request, { first_name: 'Hugo', last_name: last, email });

    await page.goto(`/clients/${client.id}`);
    await expect(page.locator('#ban-message')).toBeHidden();
    await page.locator('#ban-box > summary').click();
    await expect(page.locator('#ban-box > summary')).toHaveText('Bannir…');
    await expect(page.locator('#ban-message')).toBeVisible();
    // The placeholder is the default message, used when the field is left empty.
    expect((await page.locator('#ban-message').getAttribute('placeholder'))?.trim()).toBeTruthy();
    await page.locator('#ban-message').fill(message);
    await page.locator('#ban-submit').click();
    await expect(page).toHaveURL(new RegExp(`/clients/${client.id}\\?done=banned$`));
    await expect(page.locator('#done')).toHaveText('Client banni.');
    await expect(page.locator('.banner.banned')).toContainText(message);
    await expect(page.locator('#unban')).toBeVisible();
    await expect(page.locator('#ban-box')).toHaveCount(0);

    const slug = await businessSlug(page.request);
    const type = await createAppointmentType(page.request, { name: `Coupe ${last}`, duration_minutes: 45 });

    // The public page, in a browser context of its own: no staff cookie.
    const visitor = await browser.newContext({ baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
    try {
      const pub = await visitor.newPage();
      await pub.goto(`/b/${slug}`);
      await expect(pub.getByRole('heading', { level: 1 })).toHaveText('Prendre rendez-vous');
      await pub.locator('#type').selectOption(type.id);
      await pub.getByRole('button', { name: 'Choisir' }).click();
      await expect(pub).toHaveURL((u) => u.searchParams.get('type') === type.id);
      await expect(pub.locator('#booking-form h2').first()).toHaveText(`Coupe ${last}`);

      const start = localStart(21);
      await pub.locator('#start').fill(start);
      await pub.locator('#first_name').fill('Hugo');
      await pub.locator('#last_name').fill(last);
      await pub.locator('#email').fill(email.toUpperCase());
      const refused = pub.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/b/${slug}`);
      await pub.getByRole('button', { name: 'Réserver' }).click();
      expect((await refused).status()).toBe(403);
      const error = pub.locator('#booking-error');
      await expect(error).toContainText('Réservation impossible');
      await expect(error).toContainText(message);
      await expect(pub.getByText("C'est réservé !")).toHaveCount(0);

      // Another email (another person) books fine from the same page.
      await expect(pub.locator('#start')).toHaveValue(start);
      await pub.locator('#first_name').fill('Léon');
      await pub.locator('#email').fill(otherEmail);
      const accepted = pub.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === `/b/${slug}`);
      await pub.getByRole('button', { name: 'Réserver' }).click();
      expect((await accepted).status()).toBe(201);
      await expect(pub.getByRole('heading', { level: 1 })).toHaveText("C'est réservé !");
      await expect(pub.locator('#booked')).toContainText(`Coupe ${last}`);
      await expect(pub.getByText(otherEmail)).toBeVisible();
    } finally {
      await visitor.close();
    }

    // Staff side: the banned client got no appointment; the other email is a new client.
    expect(await apiTotal(page.request, { search: otherEmail })).toBe(1);
    await page.goto(`/clients/${client.id}`);
    await expect(page.getByText('Aucun rendez-vous.')).toBeVisible();
  });

  test('delete: the box says it cannot be undone; confirming removes the client', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
    await loginAs(ATELIER);
    const last = `Supprime${uniq().toLowerCase()}`;
    const client = await createClient(page.request, { first_name: 'Nina', last_name: last });
    await page.goto(`/clients/${client.id}`);
    await expect(page.locator('#delete-submit')).toBeHidden();
    await page.locator('#delete-box > summary').click();
    await expect(page.locator('#delete-box > summary')).toHaveText('Supprimer…');
    await expect(page.locator('#delete-box')).toContainText('irréversible');
    await expect(page.locator('#delete-submit')).toBeVisible();
    await page.locator('#delete-submit').click();

    await expect(page).toHaveURL(/\/clients\?done=deleted$/);
    await expect(page.locator('#done')).toHaveText('Client supprimé.');
    await searchFor(page, last.toLowerCase());
    await expect(rows(page)).toHaveCount(0);
    expect(await apiTotal(page.request, { search: last })).toBe(0);
    expect((await page.request.get(`/clients/${client.id}`)).status()).toBe(404);
  });
});
