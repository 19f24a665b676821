import { defineConfig } from '@playwright/test';

// End-to-end tests load the built extension (.output/chrome-mv3) into Debian's
// Chromium; `npm run test:e2e` builds it first. Webmail pages are fixtures
// served at the webmail's own URLs by request interception: nothing leaves the machine.
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  // Several suites may run side by side on one machine: each can have its own output folder.
  outputDir: process.env.PLAYWRIGHT_OUTPUT_DIR ?? 'test-results',
  use: { trace: 'retain-on-failure' },
  projects: [{ name: 'e2e' }],
});
