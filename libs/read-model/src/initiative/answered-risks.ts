import type { InitiativeView } from './initiative-view';

/** Marks the risks a decision or course correction names as answered by it (in place, for view owners). */
export function noteAnsweredRisks(
  view: InitiativeView,
  decisionId: string,
  risks: readonly string[] | undefined,
): void {
  if (!risks) return;
  for (const risk of view.risks ?? []) {
    if (risks.includes(risk.id)) risk.answeredBy = [...(risk.answeredBy ?? []), decisionId];
  }
}
