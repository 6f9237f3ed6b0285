import { conflict, notFound } from '../core/errors';

/**
 * Period reports (tertial or yearly reports to leadership and the political level). A report is frozen
 * when compiled and kept as its own stream in the event store, so it is hash-chained with everything else;
 * its events are not initiative events, and the projections and alert rules of initiatives pass them by.
 */
export const REPORT_EVENT_TYPES = ['ReportCompiled', 'ReportCommentaryRevised', 'ReportApproved'] as const;
export type ReportEventType = (typeof REPORT_EVENT_TYPES)[number];

const REPORT_TYPES: ReadonlySet<string> = new Set(REPORT_EVENT_TYPES);

/** True for the events of a report stream, which initiative projections and rules must pass by. */
export const isReportEvent = (event: { readonly type: string }): boolean => REPORT_TYPES.has(event.type);

/** The event-store stream of a report. */
export const reportStreamId = (reportId: string): string => `report-${reportId}`;

export interface ReportPeriod {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** Free text per initiative of the report, keyed by initiative id. */
export type ReportCommentary = Readonly<Record<string, string>>;

export interface ReportCompiledData {
  readonly reportId: string;
  readonly rootInitiativeId: string;
  readonly period: ReportPeriod;
  readonly commentary: ReportCommentary;
  readonly compiledAt: string;
  /** The frozen report: whatever the read side compiled, stored as it was. */
  readonly content: unknown;
}

export interface ReportCommentaryRevisedData {
  readonly reportId: string;
  readonly commentary: ReportCommentary;
}

export interface ReportApprovedData {
  readonly reportId: string;
  /** The approver's name (the token's `name`, else its `sub`). */
  readonly approvedBy: string;
  readonly approvedAt: string;
}

export type ReportEvent =
  | { readonly type: 'ReportCompiled'; readonly data: ReportCompiledData }
  | { readonly type: 'ReportCommentaryRevised'; readonly data: ReportCommentaryRevisedData }
  | { readonly type: 'ReportApproved'; readonly data: ReportApprovedData };

export interface ReportState {
  readonly compiled: ReportCompiledData;
  readonly commentary: ReportCommentary;
  readonly approval: ReportApprovedData | null;
}

/** Folds a report stream; null when it holds no compiled report. */
export function foldReport(events: readonly { type: string; data: unknown }[]): ReportState | null {
  const first = events[0];
  if (!first || first.type !== 'ReportCompiled') return null;
  const compiled = first.data as ReportCompiledData;
  let state: ReportState = { compiled, commentary: compiled.commentary, approval: null };
  for (const event of events.slice(1)) {
    if (event.type === 'ReportCommentaryRevised')
      state = { ...state, commentary: (event.data as ReportCommentaryRevisedData).commentary };
    if (event.type === 'ReportApproved') state = { ...state, approval: event.data as ReportApprovedData };
  }
  return state;
}

function requireChangeable(state: ReportState | null, reportId: string): ReportState {
  if (!state) throw notFound('ReportNotFound', `Report ${reportId} not found`);
  if (state.approval) {
    const message = `report ${reportId} was approved by ${state.approval.approvedBy} at ${state.approval.approvedAt}`;
    throw conflict('ReportApproved', `${message} and never changes`, [{ field: 'reportId', message }]);
  }
  return state;
}

/** Signs a report off; an approved report never changes again. */
export function approveReport(
  state: ReportState | null,
  reportId: string,
  approvedBy: string,
  approvedAt: string,
): ReportEvent {
  requireChangeable(state, reportId);
  return { type: 'ReportApproved', data: { reportId, approvedBy, approvedAt } };
}

/** Replaces the commentary of a report not yet approved. */
export function reviseReportCommentary(
  state: ReportState | null,
  reportId: string,
  commentary: ReportCommentary,
): ReportEvent {
  requireChangeable(state, reportId);
  return { type: 'ReportCommentaryRevised', data: { reportId, commentary } };
}

/**
 * The events of an initiative's stream, or none when the stream is a report's: a path naming a report's stream
 * as an initiative (`/initiatives/report-<id>/...`) then finds no initiative, as for any unknown id.
 */
export const initiativeEventsOnly = <E extends { readonly type: string }>(events: readonly E[]): E[] =>
  events.some(isReportEvent) ? [] : [...events];
