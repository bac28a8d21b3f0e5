import { test, expect, ATELIER, createClient, uniq } from './fixtures';

test('the profile shows contact, private notes and appointments with their intake answers', { tag: ['@desktop'] }, async ({ page, loginAs }) => {
  await loginAs(ATELIER);
  const last = `Profil${uniq().toLowerCase()}`;
  const client = await createClient(page.request, {
    first_name: 'Inès',
    last_name: last,
    email: `ines.${last.toLowerCase()}@example.org`,
    phone: '06 55 44 33 22',
    notes: 'Allergique au latex.',
  });
  const typeRes = await page.request.post('/api/appointment-types', {
    data: {
      name: `Soin ${last}`,
      duration_minutes: 60,
      form: [{ label: 'Type de peau', kind: 'text', required: false }],
    },
  });
  expect(typeRes.status(), await typeRes.text()).toBe(201);
  const type = await typeRes.json();
  const start = new Date(Date.now() - 3 * 24 * 3600 * 1000);
  start.setUTCHours(13, 30, 0, 0);
  const booked = await page.request.post('/api/appointments', {
    data: {
      client_id: client.id,
      appointment_type_id: type.id,
      start: start.toISOString(),
      form: [{ label: 'Type de peau', value: 'Mixte' }],
    },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  const later = new Date(start.getTime() + 14 * 24 * 3600 * 1000);
  const second = await page.request.post('/api/appointments', {
    data: { client_id: client.id, appointment_type_id: type.id, start: later.toISOString() },
  });
  expect(second.status(), await second.text()).toBe(201);
  const canceled = await page.request.post(`/api/appointments/${(await second.json()).id}/cancel`);
  expect(canceled.status(), await canceled.text()).toBeLessThan(300);

  await page.goto(`/clients/${client.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Inès ${last}`);
  await expect(page.getByText(`ines.${last.toLowerCase()}@example.org`)).toBeVisible();
  await expect(page.getByText('06 55 44 33 22')).toBeVisible();
  await expect(page.locator('.notes')).toHaveText('Allergique au latex.');
  const appointments = page.locator('ul.appointments > li');
  await expect(appointments).toHaveCount(2);
  await expect(page.locator('ul.appointments li.canceled')).toHaveCount(1);
  await expect(page.locator('ul.appointments li.canceled')).toContainText('annulé');
  const answers = page.locator('ul.appointments dl.answers');
  await expect(answers.locator('dt')).toHaveText(['Type de peau']);
  await expect(answers.locator('dd')).toHaveText(['Mixte']);
  await expect(appointments.first()).toContainText(`Soin ${last}`);

  // An unknown id: the page says so (not found).
  const missing = await page.goto('/clients/999999999');
  expect(missing?.status()).toBe(404);
});
