export * from './config/app-config';
export * from './config/alerting-config';
export * from './config/config-error';
export * from './clock/clock';
export * from './auth/roles';
export * from './auth/signing-key';
export * from './auth/token-verifier';
export * from './language';
