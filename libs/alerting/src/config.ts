import type { AlertingConfig } from '@followup/platform';

/** The engine's settings are parsed with the rest of the configuration (`loadConfig` in libs/platform). */
export type { AlertingConfig };

export const ALERTING_CONFIG = Symbol('ALERTING_CONFIG');
