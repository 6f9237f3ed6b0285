export * from './read-model-store.port';
export * from './initiative/initiative-view';
export * from './initiative/initiative-view.projection';
export * from './initiative/initiative-status';
export * from './initiative/initiative-projection';
export * from './sqlite/sqlite-read-model-store';
export * from './mongodb/mongo-read-model-store';
export * from './initiative/rebuild-initiative-views';
