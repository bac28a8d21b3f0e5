import fs from 'node:fs';

import { test, expect, ATELIER, createClient, searchFor, uniq } from './fixtures';

test('export: the link downloads a UTF-8 CSV with a BOM, French headers and the current search', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
  await loginAs(ATELIER);
  const last = `Export${uniq().toLowerCase()}`;
  await createClient(page.request, {
    first_name: 'Hélène',
    last_name: last,
    email: `helene.${last.toLowerCase()}@example.org`,
    notes: '=1+1',
  });
  await page.goto('/clients');
  await searchFor(page, last.toLowerCase());
  const link = page.locator('#export');
  await expect(link).toHaveText('Exporter en CSV');
  await expect(link).toHaveAttribute('href', new RegExp(`^/api/exports/clients\\.csv\\?.*search=${last.toLowerCase()}`));

  const downloading = page.waitForEvent('download', { timeout: 10_000 });
  await link.click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('clients.csv');
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  expect([...bytes.subarray(0, 3)], 'UTF-8 byte order mark').toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.subarray(3).toString('utf8');
  const lines = text.split(/\r?\n/).filter((l) => l !== '');
  expect(lines[0]).toMatch(/^Prénom[;,]Nom[;,]Téléphone[;,]E-mail/);
  // Only the searched client, accents intact, its formula-like note neutralised.
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`Hélène`);
  expect(lines[1]).toContain(last);
  expect(lines[1]).toContain(`helene.${last.toLowerCase()}@example.org`);
  expect(lines[1]).toContain("'=1+1");
});
