import { AlertingConfigError, loadAlertingConfig } from './alerting-config';

describe('alerting configuration', () => {
  it('has the documented defaults', () => {
    expect(loadAlertingConfig({})).toMatchObject({
      tickMs: 60_000,
      dueSoonDays: [14, 3],
      groupWaitMs: 30_000,
      repeatMs: 24 * 60 * 60 * 1000,
      webhookTimeoutMs: 5_000,
      maxAttempts: 5,
      retryBaseMs: 1_000,
      deliveryConcurrency: 8,
    });
  });

  it('reads the environment and sorts the due-soon windows, largest first', () => {
    const config = loadAlertingConfig({
      ALERT_TICK_MS: '500',
      ALERT_DUE_SOON_DAYS: '3, 30,7',
      ALERT_GROUP_WAIT_MS: '0',
      ALERT_MAX_ATTEMPTS: '2',
    });
    expect(config).toMatchObject({ tickMs: 500, dueSoonDays: [30, 7, 3], groupWaitMs: 0, maxAttempts: 2 });
  });

  it('refuses nonsense', () => {
    expect(() => loadAlertingConfig({ ALERT_TICK_MS: 'soon' })).toThrow(AlertingConfigError);
    expect(() => loadAlertingConfig({ ALERT_DUE_SOON_DAYS: '14,-1' })).toThrow(/ALERT_DUE_SOON_DAYS/);
    expect(() => loadAlertingConfig({ ALERT_MAX_ATTEMPTS: '0' })).toThrow(/ALERT_MAX_ATTEMPTS/);
    expect(() => loadAlertingConfig({ ALERT_REPEAT_MS: '0' })).toThrow(/ALERT_REPEAT_MS/);
  });
});
