import { DeciderSpecification } from '../testing/decider-specification';
import { activated, command, event, goalDefined, registered } from '../testing/initiative.fixtures';
import type { ContributionTargetSnapshot } from './initiative.contributions.types';
import { initiativeDecider } from './initiative.decider';

const spec = DeciderSpecification.for(initiativeDecider);
const withGoal = [registered(), activated(), goalDefined()];

/** The programme goal pg-1 of prog-1, which sits under focus area fa-1. */
const programmeGoal = (overrides: Partial<ContributionTargetSnapshot> = {}): ContributionTargetSnapshot => ({
  initiativeId: 'prog-1',
  goalExists: true,
  ancestorIds: ['fa-1'],
  reachableGoals: [],
  ...overrides,
});

const linkToProgramme = (target: ContributionTargetSnapshot | null = programmeGoal(), toGoalId = 'pg-1') =>
  command('LinkGoalContribution', {
    goalId: 'g-1',
    toInitiativeId: target?.initiativeId ?? 'prog-404',
    toGoalId,
    note: 'Course graduates count towards the programme',
    target,
  });

const linked = (toInitiativeId = 'prog-1', toGoalId = 'pg-1') =>
  event('GoalContributionLinked', {
    goalId: 'g-1',
    toInitiativeId,
    toGoalId,
    note: 'Course graduates count towards the programme',
  });

describe('LinkGoalContribution', () => {
  it('links a project goal to a goal of its parent programme', () => {
    spec.given(withGoal).when(linkToProgramme()).then([linked()]);
  });

  it('links a goal to a goal of an initiative elsewhere in the plan (not a descendant)', () => {
    const sibling = programmeGoal({ initiativeId: 'proj-2', ancestorIds: ['prog-1', 'fa-1'] });
    spec
      .given(withGoal)
      .when(linkToProgramme(sibling))
      .then([linked('proj-2')]);
  });

  it('refuses a goal of a descendant initiative', () => {
    const child = programmeGoal({ initiativeId: 'measure-1', ancestorIds: ['ini-1', 'prog-1', 'fa-1'] });
    spec
      .given(withGoal)
      .when(linkToProgramme(child))
      .thenThrows('invalid', 'ContributionToDescendant', ['toInitiativeId']);
  });

  it('refuses a link that closes a cycle', () => {
    const loops = programmeGoal({ reachableGoals: [{ initiativeId: 'ini-1', goalId: 'g-1' }] });
    spec.given(withGoal).when(linkToProgramme(loops)).thenThrows('invalid', 'ContributionCycle', ['toGoalId']);
  });

  it('refuses a goal contributing to itself', () => {
    const itself = programmeGoal({ initiativeId: 'ini-1', ancestorIds: ['prog-1', 'fa-1'] });
    spec.given(withGoal).when(linkToProgramme(itself, 'g-1')).thenThrows('invalid', 'ContributionCycle', ['toGoalId']);
  });

  it('refuses an unknown target initiative and an unknown target goal, naming the field', () => {
    spec.given(withGoal).when(linkToProgramme(null)).thenThrows('notFound', 'InitiativeNotFound', ['toInitiativeId']);
    spec
      .given(withGoal)
      .when(linkToProgramme(programmeGoal({ goalExists: false })))
      .thenThrows('notFound', 'GoalNotFound', ['toGoalId']);
  });

  it('refuses an unknown own goal and a link made twice', () => {
    spec.given([registered(), activated()]).when(linkToProgramme()).thenThrows('notFound', 'GoalNotFound', ['goalId']);
    spec
      .given([...withGoal, linked()])
      .when(linkToProgramme())
      .thenThrows('conflict', 'ContributionAlreadyLinked', ['toGoalId']);
  });
});

describe('RemoveGoalContribution', () => {
  const remove = (reason = 'The programme goal was split') =>
    command('RemoveGoalContribution', { goalId: 'g-1', toGoalId: 'pg-1', reason });

  it('removes a link with its reason', () => {
    spec
      .given([...withGoal, linked()])
      .when(remove())
      .then([
        event(
          'GoalContributionRemoved',
          { goalId: 'g-1', toInitiativeId: 'prog-1', toGoalId: 'pg-1', reason: 'The programme goal was split' },
          { occurredAt: '2025-03-01T10:00:00.000Z', reason: 'The programme goal was split' },
        ),
      ]);
  });

  it('lets the same link be made again after removal', () => {
    const removedEvent = event('GoalContributionRemoved', {
      goalId: 'g-1',
      toInitiativeId: 'prog-1',
      toGoalId: 'pg-1',
      reason: 'x',
    });
    spec
      .given([...withGoal, linked(), removedEvent])
      .when(linkToProgramme())
      .then([linked()]);
  });

  it('refuses a link that does not exist and a blank reason', () => {
    spec.given(withGoal).when(remove()).thenThrows('notFound', 'ContributionNotFound', ['toGoalId']);
    spec
      .given([...withGoal, linked()])
      .when(remove(' '))
      .thenThrows('invalid', 'Required', ['reason']);
  });
});
