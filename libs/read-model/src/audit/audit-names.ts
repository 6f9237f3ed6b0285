import type { InitiativeView } from '../initiative/initiative-view';

/** How a language quotes a name in an audit line: "English", «Nynorsk». */
export type Quote = (text: string) => string;
export const ENGLISH_QUOTE: Quote = (text) => `"${text}"`;
export const NYNORSK_QUOTE: Quote = (text) => `«${text}»`;

/** The calendar day of an instant as written: `2025-03-01`. */
export const day = (iso: string) => iso.slice(0, 10);

export const indicatorOf = (view: InitiativeView | null, id: string) =>
  view?.goals.flatMap((g) => g.indicators).find((i) => i.id === id);
export const milestoneOf = (view: InitiativeView | null, id: string) => view?.milestones.find((m) => m.id === id);

/**
 * The names audit lines give the parts of an initiative, as the view knew them before the event, quoted the
 * language's way; the bare id when the view does not know the part.
 */
export function auditNames(quote: Quote) {
  const quoted = (text: string | undefined, fallback: string) => (text ? quote(text) : fallback);
  type Namer = (view: InitiativeView | null, id: string) => string;
  const goalName: Namer = (view, id) => quoted(view?.goals.find((g) => g.id === id)?.statement, id);
  const indicatorName: Namer = (view, id) => quoted(indicatorOf(view, id)?.name, id);
  const milestoneName: Namer = (view, id) => quoted(milestoneOf(view, id)?.title, id);
  const benefitName: Namer = (view, id) => quoted(view?.benefits.find((b) => b.id === id)?.description, id);
  const riskName: Namer = (view, id) => quoted(view?.risks?.find((r) => r.id === id)?.title, id);
  return { quoted, goalName, indicatorName, milestoneName, benefitName, riskName };
}
