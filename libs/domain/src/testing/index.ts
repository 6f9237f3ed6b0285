/** Test support (uses Jest globals): import from `@followup/domain/testing` in specs only. */
export * from './decider-specification';
export * from './initiative.fixtures';
export * from './initiative.samples';
