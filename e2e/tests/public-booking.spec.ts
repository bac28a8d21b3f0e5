import { test, expect, ATELIER, businessSlug, createAppointmentType, uniq } from './fixtures';

// The public booking page explains a refused date in the visitor's language.
test('a date in the past is refused with a French message', { tag: ['@desktop'] }, async ({ page, loginAs, browser, baseURL }) => {
  await loginAs(ATELIER);
  const slug = await businessSlug(page.request);
  const last = `Passe${uniq().toLowerCase()}`;
  const type = await createAppointmentType(page.request, { name: `Soin ${last}`, duration_minutes: 30 });
  const visitor = await browser.newContext({ baseURL, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  try {
    const pub = await visitor.newPage();
    await pub.goto(`/b/${slug}?type=${type.id}`);
    await pub.locator('#start').fill('2020-01-06T10:00');
    await pub.locator('#first_name').fill('Paul');
    await pub.locator('#last_name').fill(last);
    await pub.locator('#email').fill(`paul.${last.toLowerCase()}@example.org`);
    await pub.getByRole('button', { name: 'Réserver' }).click();
    const error = pub.locator('#booking-error');
    await expect(error).toBeVisible();
    const text = (await error.textContent())!.trim();
    test.info().annotations.push({ type: 'message', description: text });
    expect(text, 'the message for a past date, on a French page').not.toMatch(/\b(start|must|future)\b/i);
  } finally {
    await visitor.close();
  }
});
