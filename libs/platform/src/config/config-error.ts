/** A setting in the environment that cannot be used; the process refuses to start. */
export class ConfigError extends Error {}
