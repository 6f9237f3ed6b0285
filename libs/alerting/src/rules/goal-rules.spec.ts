import { evaluateAll } from './evaluate';
import { indicator, view, withIndicators } from '../testing/views';

const at = (iso: string) => new Date(iso);
const rules = (views: Parameters<typeof evaluateAll>[0], now: Date) =>
  evaluateAll(views, now).map((c) => `${c.rule}@${c.subjectId}/${c.dueAt?.slice(0, 10)}`);

describe('goal.notVerifiable', () => {
  const unverifiable = (status: 'active' | 'planned' = 'active') =>
    view('p1', {
      status,
      goals: [
        {
          id: 'g1',
          statement: 'Fewer drop-outs',
          resultLevel: 'userEffect',
          indicators: [],
          definedAt: '2025-03-01T00:00:00.000Z',
        },
      ],
    });

  it('raises once an active initiative has had an unverifiable goal for 14 days', () => {
    expect(rules([unverifiable()], at('2025-03-14T23:59:59Z'))).toEqual([]);
    expect(rules([unverifiable()], at('2025-03-15T00:00:00Z'))).toEqual(['goal.notVerifiable@g1/2025-03-15']);
  });

  it('raises nothing for a planned initiative, an input goal, or a goal with a performance indicator', () => {
    const now = at('2025-06-01T00:00:00Z');
    expect(rules([unverifiable('planned')], now)).toEqual([]);
    const input = unverifiable();
    input.goals[0]!.resultLevel = 'input';
    expect(rules([input], now)).toEqual([]);
    const measured = withIndicators(view('p1'), [indicator('i1', { value: 30, at: '2025-05-31T00:00:00.000Z' })]);
    expect(rules([measured], now)).toEqual([]);
  });

  it('a context indicator neither verifies the goal nor raises indicator.offTrack', () => {
    // Latest 10 against a target of 30 on 30 Jun, judged on 1 Aug: a performance indicator would be off track.
    const context = indicator('i1', { value: 10, at: '2025-07-01T00:00:00.000Z' }, { role: 'context' });
    expect(rules([withIndicators(view('p1'), [context])], at('2025-08-01T00:00:00Z'))).toEqual([
      'goal.notVerifiable@g1/2025-01-15',
    ]);
  });
});
