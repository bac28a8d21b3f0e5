import path from 'node:path';

import type { Page, TestInfo } from '@playwright/test';

import { test, expect, OWNER, rows } from './fixtures';
import { SEEDED_CLIENTS } from './accounts';

// Screenshots for the README (docs/screenshots/<name>-<desktop|phone>.png), overwritten
// on every run: viewport only, of the seeded "Salon Hélène".

const dir = path.resolve(__dirname, '..', '..', 'docs', 'screenshots');

async function shoot(page: Page, info: TestInfo, name: string) {
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({
    path: path.join(dir, `${name}-${info.project.name}.png`),
    fullPage: false,
    animations: 'disabled',
    caret: 'hide',
    scale: 'css',
  });
}

test.describe('screenshots', () => {
  test('login', { tag: ['@desktop', '@phone'] }, async ({ page }, info) => {
    await page.goto('/login');
    await page.locator('#email').fill(OWNER.email);
    await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
    await page.locator('#email').blur();
    await shoot(page, info, 'login');
  });

  test('clients list, profile, add client', { tag: ['@desktop', '@phone'] }, async ({ page, loginAs }, info) => {
    await loginAs(OWNER);
    await page.goto('/clients');
    await expect(page.locator('#total')).toHaveText(`${SEEDED_CLIENTS} clients`);
    await expect(rows(page)).toHaveCount(500);
    await shoot(page, info, 'clients');

    // A client with appointments and an accented name, else any with appointments (the seed
    // is fixed: the same one every run).
    type Row = { id: string; first_name: string; last_name: string; last_appointment_at: string | null };
    const list = (await (await page.request.get('/api/clients?limit=1000')).json()).clients as Row[];
    const booked = list.filter((c) => c.last_appointment_at);
    const withAppointments = booked.find((c) => /[^\x00-\x7f]/.test(c.first_name + c.last_name)) ?? booked[0];
    expect(withAppointments, 'a seeded client with appointments').toBeTruthy();
    await page.goto(`/clients/${withAppointments.id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${withAppointments.first_name} ${withAppointments.last_name}`);
    await expect(page.locator('ul.appointments > li').first()).toBeVisible();
    await shoot(page, info, 'profile');

    await page.goto('/clients/new');
    await page.locator('#first_name').fill('Hélène');
    await page.locator('#last_name').fill('Dupré');
    await page.locator('#phone').fill('06 12 34 56 78');
    await page.locator('#first_name').focus();
    await shoot(page, info, 'add-client');
  });
});
