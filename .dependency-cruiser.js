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
      name: 'alerting-free-of-nest',
      comment: 'The alert engine is plain TypeScript; its Nest module lives in libs/runtime.',
      severity: 'error',
      from: { path: '^libs/alerting/' },
      to: { path: '@nestjs' },
    },
    {
      name: 'alerting-no-bus-or-event-store-adapters',
      comment:
        'libs/alerting works on ports: the shell (libs/runtime) picks the bus and the stores and hands in the ' +
        'Kafka alert publisher. It needs nothing from libs/messaging, whose index carries the Kafka adapter ' +
        '(its testing helpers are fine), and takes only types from the event-store index. Its own alert-store ' +
        'adapters are its business.',
      severity: 'error',
      from: { path: '^libs/alerting/' },
      to: {
        path: [
          '^libs/messaging/src/(index[.]ts$|kafka/)',
          '^libs/event-store/src/(sqlite|mongodb)/',
          '^libs/read-model/src/(sqlite|mongodb)/',
          'node_modules/kafkajs/',
        ],
      },
    },
    {
      name: 'alerting-takes-only-types-from-the-event-store',
      severity: 'error',
      from: { path: '^libs/alerting/' },
      to: { path: '^libs/event-store/src/index[.]ts$', dependencyTypesNot: ['type-only'] },
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
