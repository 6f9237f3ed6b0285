export * from './context';
export * from './identity';
export * from './milestone-rules';
export * from './indicator-rules';
export * from './benefit-rules';
export * from './follow-up-rules';
export * from './evaluate';
export * from './reconcile';
