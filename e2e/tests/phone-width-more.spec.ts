import type { Page } from '@playwright/test';

import { test, expect, ATELIER, businessSlug, createClient, uniq } from './fixtures';

// SPEC §10 "works on a phone", for the pages added after phone-width.spec.ts: none may be
// wider than a 390 px screen, long names and emails included.

/** The page's scroll width, and the right edge of the widest thing in <main>. */
async function widths(page: Page): Promise<[number, number]> {
  return (await page.evaluate(() => [
    document.documentElement.scrollWidth,
    Math.max(0, ...[...document.querySelectorAll('main *')].map((e) => Math.ceil(e.getBoundingClientRect().right))),
  ])) as [number, number];
}

async function longClients(page: Page) {
  const tag = uniq().toLowerCase();
  const long = await createClient(page.request, {
    first_name: 'Marie-Laëtitia',
    last_name: `Dupont-Delacroix${tag}`,
    email: `marielaetitia.${tag}@institutdebeauteexemple.fr`,
    phone: '+33 6 12 34 56 78',
    notes: 'Préfère les rendez-vous du samedi matin, avant dix heures.',
  });
  const other = await createClient(page.request, { first_name: 'Marie', last_name: `Dupont${tag}` });
  return { long, other };
}

test('the newer pages fit a phone screen without scrolling sideways', { tag: ['@phone'] }, async ({ page, loginAs }) => {
  await loginAs(ATELIER);
  const { long } = await longClients(page);
  const slug = await businessSlug(page.request);
  const seen: Record<string, number> = {};
  const urls: [string, string][] = [
    ['edit', `/clients/${long.id}/edit`],
    ['imports', '/imports'],
    ['booking', `/b/${slug}`],
    ['duplicates', '/duplicates'],
    ['outbox', '/outbox'],
    ['webhooks', '/webhooks'],
    ['orders', '/orders'],
    ['settings', '/settings'],
  ];
  for (const [name, url] of urls) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    [seen[name], seen[`${name} (main)`]] = await widths(page);
  }
  const vcf = [
    'BEGIN:VCARD', 'VERSION:3.0', `N:${long.last_name};Marie-Laëtitia;;;`, `FN:Marie-Laëtitia ${long.last_name}`,
    `EMAIL:${long.email}`, 'TEL:+33 6 12 34 56 78', 'END:VCARD', '',
  ].join('\r\n');
  await page.goto('/imports');
  await page.locator('#file').setInputFiles({ name: 'contacts.vcf', mimeType: 'text/vcard', buffer: Buffer.from(vcf, 'utf8') });
  await page.getByRole('button', { name: "Prévisualiser l'import" }).tap();
  await expect(page.locator('table.contacts tbody tr')).toHaveCount(1);
  [seen['vcard preview'], seen['vcard preview (main)']] = await widths(page);

  const viewport = page.viewportSize()!.width;
  test.info().annotations.push({ type: 'widths', description: JSON.stringify(seen) });
  for (const [name, width] of Object.entries(seen)) {
    expect.soft(width, `${name}: page width at a ${viewport} px screen`).toBeLessThanOrEqual(viewport);
  }
});

// The merge preview's result list wraps its long labels on a phone.
test('the merge preview fits a phone screen', { tag: ['@phone'] }, async ({ page, loginAs }) => {
  await loginAs(ATELIER);
  const { long, other } = await longClients(page);
  await page.goto(`/clients/${long.id}/merge?into=${other.id}`);
  await expect(page.locator('#merge-preview')).toBeVisible();
  const [doc] = await widths(page);
  const dl = await page.locator('#merge-preview dl').evaluate((e) => [e.scrollWidth, e.clientWidth]);
  test.info().annotations.push({ type: 'widths', description: JSON.stringify({ doc, dl }) });
  expect(doc, 'page width at a 390 px screen').toBeLessThanOrEqual(page.viewportSize()!.width);
});
