import { invalid } from '../core/errors';
import { has, type InitiativeState } from './initiative.state';

/**
 * Risks a decision or course correction answers: every id must name a risk of the initiative (open or
 * closed: a decision may answer a risk it closes). Refused as a whole, naming each unknown id (422).
 */
export function checkAnsweredRisks(state: InitiativeState, risks: readonly string[] | undefined): void {
  if (!risks) return;
  const known = state.risks ?? {};
  const details = risks.flatMap((riskId, i) =>
    has(known, riskId)
      ? []
      : [{ field: `risks[${i}]`, message: `risk ${riskId} does not exist on initiative ${state.id}` }],
  );
  if (details.length === 0) return;
  throw invalid('UnknownRisk', details.map((d) => d.message).join('; '), details);
}

/** The `risks` field of a decision event: only when some are named, so events without it hash as before. */
export const answeredRisks = (risks: readonly string[] | undefined): { risks?: string[] } =>
  risks && risks.length > 0 ? { risks: [...new Set(risks)] } : {};
