/** Architecture rules checked in CI (`npm run lint:deps`). */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'libs/domain is plain TypeScript: no framework, no adapters, no I/O.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        pathNot: ['^libs/domain/'],
      },
    },
    {
      name: 'domain-no-io-builtins',
      comment: 'The decider gets time and ids from its commands, never from the machine.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'read-model-and-store-free-of-nest',
      comment: 'Ports and adapters are plain classes; Nest wiring lives in libs/runtime and apps.',
      severity: 'error',
      from: { path: '^libs/(event-store|messaging|read-model|platform)/' },
      to: { path: '@nestjs' },
    },
    {
      name: 'apps-do-not-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
