export * from './event-store.port';
export * from './sqlite/sqlite-event-store';
export * from './mongodb/mongo-event-store';
export * from './hash-chain';
export * from './ledger';
export * from './access-log/access-log';
