import { test, expect, OWNER } from './fixtures';

// Elements the page marks `hidden` must not be displayed, whatever display rule app.css
// gives them (the bulk bar with nothing selected, the no-JS search button).
test('hidden elements of the clients page are not displayed', { tag: ['@desktop', '@phone'] }, async ({ page, loginAs }) => {
  await loginAs(OWNER);
  await page.goto('/clients');
  await expect(page.locator('#clients tbody tr').first()).toBeVisible();
  await expect(page.locator('#bulk')).toHaveJSProperty('hidden', true);
  await expect(page.locator('#list-form button.no-js')).toHaveJSProperty('hidden', true);
  await expect(page.locator('#bulk')).toBeHidden({ timeout: 2_000 });
  await expect(page.locator('#list-form button.no-js')).toBeHidden({ timeout: 2_000 });
});
