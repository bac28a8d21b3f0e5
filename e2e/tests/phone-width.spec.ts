import { test, expect, ATELIER, createClient, uniq } from './fixtures';

// The web admin "works on a phone" (SPEC §10): no page may be wider than a 390 px screen.
test('pages fit a phone screen without scrolling sideways', { tag: ['@phone'] }, async ({ page, loginAs }) => {
  await page.goto('/login');
  const widths: Record<string, number> = {};
  // The page's width, and the right edge of the widest thing in <main> (not the header).
  const measure = async (name: string) => {
    const [doc, main] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      Math.max(0, ...[...document.querySelectorAll('main *')].map((e) => Math.ceil(e.getBoundingClientRect().right))),
    ]);
    widths[name] = doc;
    widths[`${name} (main)`] = main;
  };
  await measure('login');
  await loginAs(ATELIER);
  const last = `Largeur${uniq().toLowerCase()}`;
  const client = await createClient(page.request, {
    first_name: 'Marie-Laëtitia',
    last_name: last,
    email: `marielaetitia.${last.toLowerCase()}@institutdebeauteexemple.fr`,
  });
  for (const [name, url] of [
    ['clients', '/clients'],
    ['add client', '/clients/new'],
    ['profile', `/clients/${client.id}`],
  ]) {
    await page.goto(url);
    await measure(name);
  }
  const viewport = page.viewportSize()!.width;
  test.info().annotations.push({ type: 'widths', description: JSON.stringify(widths) });
  for (const [name, width] of Object.entries(widths)) {
    expect.soft(width, `${name}: page width at a ${viewport} px screen`).toBeLessThanOrEqual(viewport);
  }
});
