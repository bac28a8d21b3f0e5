import { defineConfig } from '@playwright/test';

// Browser tests of the Clientele web admin, on Debian's chromium (Playwright's own
// browser download is not used: install with PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1).
// The global setup starts the real server on a free 127.0.0.1 port over a fresh SQLite
// file; tests reach it through the `baseURL` fixture (tests/fixtures.ts).
//
// Tests carry tags: @desktop runs in the 1280×800 project, @phone in the 390×844 touch
// project; a test tagged with both runs twice.

const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  globalSetup: require.resolve('./global-setup'),
  globalTeardown: require.resolve('./global-teardown'),
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Every wait is bounded: a test, each expect, each action and navigation, the whole run.
  timeout: 30_000,
  globalTimeout: 240_000,
  expect: { timeout: 7_000 },
  reporter: [['list']],
  use: {
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--lang=fr-FR'],
    },
  },
  projects: [
    {
      name: 'desktop',
      grep: /@desktop/,
      use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'phone',
      grep: /@phone/,
      use: {
        browserName: 'chromium',
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      },
    },
  ],
});
