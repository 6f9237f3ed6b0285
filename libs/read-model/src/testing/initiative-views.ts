import { randomUUID } from 'node:crypto';
import type { InitiativeView } from '../initiative/initiative-view';

/** A valid initiative view for tests; override what a test cares about. */
export function initiativeView(overrides: Partial<InitiativeView> = {}): InitiativeView {
  return {
    id: randomUUID(),
    kind: 'project',
    title: 'Digital skills in rural schools',
    parentId: null,
    description: null,
    ownerUnit: 'Regional development',
    responsible: 'Kari Nordmann',
    partners: [],
    startsAt: null,
    endsAt: null,
    status: 'planned',
    version: 1,
    position: 1,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    goals: [],
    milestones: [],
    benefits: [],
    lastDecision: null,
    closure: null,
    ...overrides,
  };
}
