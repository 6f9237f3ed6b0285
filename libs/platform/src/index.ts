export * from './config/app-config';
export * from './clock/clock';
export * from './auth/roles';
export * from './auth/signing-key';
export * from './auth/token-verifier';
