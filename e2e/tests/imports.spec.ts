import { test, expect, apiTotal, ATELIER, uniq } from './fixtures';

// The import wizard (/imports): upload, preview, confirm, result, Undo; in "Atelier Essai".

/** The value next to a label in the counts list of a preview or result page. */
function count(page: import('@playwright/test').Page, label: string) {
  return page.locator('dl.counts dt', { hasText: label }).locator('xpath=following-sibling::dd[1]');
}

test.describe('imports', () => {
  test('CSV: the preview shows the rejected line and counts; confirm imports; Undo removes them', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
    await loginAs(ATELIER);
    const last = `Import${uniq().toLowerCase()}`;
    const fileName = `clients-${last.toLowerCase()}.csv`;
    const csv = [
      'Prénom;Nom;E-mail',
      `Élodie;${last};elodie.${last.toLowerCase()}@example.org`,
      `Bastien;${last};pas-une-adresse`,
      `Chloé;${last};chloe.${last.toLowerCase()}@example.org`,
      '',
    ].join('\r\n');

    await page.goto('/imports');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Importer des clients');
    await expect(page.locator('#import-form input[name="kind"][value="auto"]')).toBeChecked();
    await page.locator('#file').setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByRole('radio', { name: /^CSV/ }).check();
    await page.getByRole('button', { name: "Prévisualiser l'import" }).click();

    // The preview: nothing imported yet; counts; the bad row with its line and reason.
    await expect(page).toHaveURL(/\/imports\/preview$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("Aperçu de l'import");
    await expect(page.getByText(fileName)).toBeVisible();
    await expect(count(page, 'Créés')).toHaveText('2');
    await expect(count(page, 'Mis à jour')).toHaveText('0');
    await expect(count(page, 'Rejetés')).toHaveText('1');
    const rejected = page.locator('table.rejected tbody tr');
    await expect(rejected).toHaveCount(1);
    await expect(page.locator('table.rejected thead th')).toHaveText(['Ligne', 'Motif']);
    await expect(rejected.locator('td').first()).toHaveText('3');
    await expect(rejected.locator('td').nth(1)).toContainText(/e-?mail/i);
    expect(await apiTotal(page.request, { search: last })).toBe(0);

    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    // Post/redirect/get: the result has its own address; reloading it imports nothing.
    await expect(page).toHaveURL(/\/imports\/\d+$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import terminé');
    await expect(count(page, 'Créés')).toHaveText('2');
    await expect(count(page, 'Rejetés')).toHaveText('1');
    expect(await apiTotal(page.request, { search: last })).toBe(2);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import terminé');
    await expect(count(page, 'Rejetés')).toHaveText('1');
    await expect(page.locator('table.rejected tbody tr')).toHaveCount(1);
    expect(await apiTotal(page.request, { search: last })).toBe(2);
    expect(await apiTotal(page.request, { search: `chloe.${last.toLowerCase()}@example.org` })).toBe(1);

    // The batch is listed on /imports (another tab) with its own Undo.
    const list = await page.context().newPage();
    await list.goto('/imports');
    const batch = list.locator('table.batches tbody tr', { hasText: fileName });
    await expect(batch).toHaveCount(1);
    await expect(batch.locator('td').nth(3)).toHaveText('2');
    await expect(batch.getByRole('button', { name: /^Annuler/ })).toBeVisible();

    // Undo from the result page.
    await page.getByRole('button', { name: 'Annuler cet import' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Annuler un import');
    await expect(page.getByText("L'import a été annulé.")).toBeVisible();
    await expect(count(page, 'Clients supprimés')).toHaveText('2');
    expect(await apiTotal(page.request, { search: last })).toBe(0);

    await list.reload();
    await expect(batch.locator('td').last()).toContainText('Annulé le');
    await expect(batch.getByRole('button')).toHaveCount(0);
  });

  test('vCard on a phone: both contacts listed, one unticked, only the other imported', { tag: ['@phone'] }, async ({ page, loginAs }) => {
    await loginAs(ATELIER);
    const last = `Vcard${uniq().toLowerCase()}`;
    const vcf = [
      'BEGIN:VCARD',
      'VERSION:3.0',
      `N:${last};Margaux;;;`,
      `FN:Margaux ${last}`,
      `EMAIL:margaux.${last.toLowerCase()}@example.org`,
      'TEL:06 12 12 12 12',
      'END:VCARD',
      'BEGIN:VCARD',
      'VERSION:3.0',
      `N:${last};Théo;;;`,
      `FN:Théo ${last}`,
      'TEL:07 34 34 34 34',
      'END:VCARD',
      '',
    ].join('\r\n');

    await page.goto('/imports');
    await page.locator('#file').setInputFiles({ name: 'contacts.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcf, 'utf8') });
    await page.getByRole('button', { name: "Prévisualiser l'import" }).tap();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText("Aperçu de l'import");
    const contacts = page.locator('table.contacts tbody tr');
    await expect(contacts).toHaveCount(2);
    const margaux = page.getByRole('checkbox', { name: `Margaux ${last}` });
    const theo = page.getByRole('checkbox', { name: `Théo ${last}` });
    await expect(margaux).toBeChecked();
    await expect(theo).toBeChecked();
    await expect(contacts.nth(0)).toContainText(`margaux.${last.toLowerCase()}@example.org`);
    await expect(contacts.nth(1)).toContainText('07 34 34 34 34');

    await theo.tap();
    await expect(theo).not.toBeChecked();
    await page.getByRole('button', { name: 'Importer les contacts cochés' }).tap();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Import terminé');
    await expect(count(page, 'Créés')).toHaveText('1');
    expect(await apiTotal(page.request, { search: last })).toBe(1);
    expect(await apiTotal(page.request, { search: `Margaux ${last}` })).toBe(1);
    expect(await apiTotal(page.request, { search: `Théo ${last}` })).toBe(0);
  });
});

// The reason of a rejected row is written in the page's language.
test('a rejected CSV row gives its reason in the page language (French)', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
  await loginAs(ATELIER);
  await page.goto('/imports');
  const csv = `Prénom;Nom;E-mail\r\nBastien;Motif${uniq().toLowerCase()};pas-une-adresse\r\n`;
  await page.locator('#file').setInputFiles({ name: 'motif.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: "Prévisualiser l'import" }).click();
  const reason = page.locator('table.rejected tbody tr td').nth(1);
  await expect(reason).toBeVisible();
  const text = (await reason.textContent())!.trim();
  test.info().annotations.push({ type: 'reason', description: text });
  expect(text, 'the reason of line 2, on a French page').not.toMatch(/\b(invalid|missing|address)\b/i);
});
