import { test, expect, ATELIER, shootForDocs } from './fixtures';

// Screenshots for the README (docs/screenshots/<name>-<desktop|phone>.png), viewport
// only, overwritten on every run. Neither changes data: the import stops at its preview
// (a dry run, in "Atelier Essai"), the booking form of the seeded "Salon Hélène" is only
// filled in, not sent.

// Fixed names no other test uses, so that the preview's counts are the same every run.
const CSV = [
  'Prénom;Nom;Téléphone;E-mail;Remarques',
  'Hélène;Dupré;06 12 34 56 78;helene.dupre@exemple.fr;Préfère le matin',
  'Mathéo;Lefèvre;07 98 76 54 32;matheo.lefevre@exemple.fr;',
  'Inès;Bouvier;;ines.bouvier@exemple;Allergique au latex',
  'Zoé;Garnier;06 55 44 33 22;zoe.garnier@exemple.fr;',
  '',
].join('\r\n');

test.describe('screenshots', () => {
  test('import preview', { tag: ['@desktop', '@phone'] }, async ({ page, loginAs }, info) => {
    await loginAs(ATELIER);
    await page.goto('/imports');
    await page.locator('#file').setInputFiles({ name: 'clients-salon.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
    await page.getByRole('button', { name: "Prévisualiser l'import" }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("Aperçu de l'import");
    await expect(page.locator('table.rejected tbody tr')).toHaveCount(1);
    await shootForDocs(page, info.project.name, 'import-preview');
  });

  test('public booking page', { tag: ['@desktop', '@phone'] }, async ({ page }, info) => {
    // A visitor: no staff session.
    await page.goto('/b/salon-helene');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Prendre rendez-vous');
    await expect(page.locator('#booking-form')).toBeVisible();
    await page.locator('#start').fill('2031-03-14T10:30');
    await page.locator('#first_name').fill('Hélène');
    await page.locator('#last_name').fill('Dupré');
    await page.locator('#email').fill('helene.dupre@exemple.fr');
    await page.locator('#email').blur();
    await shootForDocs(page, info.project.name, 'booking');
  });
});
