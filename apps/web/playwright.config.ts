import { defineConfig } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Browser tests of the web console against the embedded API (which serves the built console at `/`),
 * on a free port with a fresh DATA_DIR. Debian's chromium (scripts/ensure-chromium.sh), never a download.
 * The runner sets WEB_TEST_PORT / WEB_TEST_DATA_DIR once; its workers inherit them.
 */
const repo = resolve(__dirname, '../..');
if (!process.env.WEB_TEST_PORT) {
  process.env.WEB_TEST_PORT = execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString();
  process.env.WEB_TEST_DATA_DIR = mkdtempSync(join(tmpdir(), 'followup-web-'));
}
const port = process.env.WEB_TEST_PORT;
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: './e2e',
  testMatch: '**/*.pw.ts',
  outputDir: resolve(repo, '.test-results/browser-artifacts'),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: resolve(repo, '.test-results/browser.json') }]],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'off',
    locale: 'nn-NO',
    timezoneId: 'Europe/Oslo',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: 'npx ts-node -r tsconfig-paths/register --transpile-only apps/api/src/main.ts',
    cwd: repo,
    url: `${baseURL}/health/live`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: port!,
      HOST: '127.0.0.1',
      DATA_DIR: process.env.WEB_TEST_DATA_DIR!,
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH_DEV_LOGIN: 'true',
      DEMO_DATA: 'false',
      ALERT_TICK_MS: '1000',
      LOG_LEVEL: 'warn',
      WEB_DIST_DIR: resolve(__dirname, 'dist'),
    },
  },
});
