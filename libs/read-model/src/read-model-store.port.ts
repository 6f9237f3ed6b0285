import type { InitiativeKind, InitiativeStatus } from '@followup/domain';
import type {
  DecisionAnchor,
  DecisionAnchorFilter,
  DecisionAnchorPage,
  DecisionAnchorPageRequest,
} from './audit/decision-anchors';
import type { InitiativeView } from './initiative/initiative-view';

export interface InitiativeFilter {
  readonly kind?: InitiativeKind;
  readonly parentId?: string;
  readonly status?: InitiativeStatus;
  /** A code of the vocabulary's target groups the initiative names. */
  readonly targetGroup?: string;
  readonly ownerUnit?: string;
  readonly responsible?: string;
  /** A partner organisation the initiative names. */
  readonly partner?: string;
  /** Words that must all occur in the title or description, case-insensitively. */
  readonly q?: string;
}

/** A view to save only if the stored one is still at `previousVersion` (see `saveInitiative`). */
export interface ViewChange {
  readonly view: InitiativeView;
  readonly previousVersion: number;
}

export interface PageRequest {
  /** Return views whose id sorts after this one. */
  readonly afterId?: string;
  readonly limit: number;
}

/**
 * Where projections keep their documents. Disposable: everything here can be rebuilt
 * from the event store. Adapters pass `testing/read-model-store.contract.ts`.
 */
export interface ReadModelStore {
  /** The view as stored; it may be shared with other callers (and frozen), so it is not to be changed. */
  getInitiative(id: string): Promise<InitiativeView | null>;
  /**
   * Saves the view only if the stored one is still at `previousVersion` (0: none stored),
   * so duplicates and concurrent projector instances never move a view backwards.
   * Returns false when the guard refused the write.
   */
  saveInitiative(view: InitiativeView, previousVersion: number): Promise<boolean>;
  /**
   * Writes a view computed from the whole stream (rebuild), unless the stored one is already
   * newer: a rebuild running beside live projection never moves a view backwards.
   */
  putInitiative(view: InitiativeView): Promise<void>;
  /**
   * Optional: `saveInitiative` for each change and then `saveCheckpoint`, all in one write, so a
   * projection pass over many events costs one transaction. Answers per change whether it was
   * saved. Stores without it are written one call at a time.
   */
  saveInitiatives?(changes: readonly ViewChange[], checkpoint: Checkpoint | null): Promise<boolean[]>;
  /** Views matching `filter`, by id; like `getInitiative`'s, they may be shared and are not to be changed. */
  listInitiatives(filter: InitiativeFilter, page: PageRequest): Promise<InitiativeView[]>;
  /** The decision log index (see `DecisionAnchor`): every anchor of these streams, in position order. */
  decisionAnchorsOf(streamIds: readonly string[]): Promise<DecisionAnchor[]>;
  /** Replaces every anchor of these streams with the ones given, in one write. */
  replaceDecisionAnchors(streamIds: readonly string[], anchors: readonly DecisionAnchor[]): Promise<void>;
  /**
   * The anchors passing the filter, `limit` of them from `offset`, and how many pass in all. In the
   * log's order (occurredAt, recordedAt, decisionId, streamId, compared as strings), or with
   * `order: 'stream'` by stream and position (each stream's anchors together).
   */
  listDecisionAnchors(filter: DecisionAnchorFilter, page: DecisionAnchorPageRequest): Promise<DecisionAnchorPage>;
  getCheckpoint(name: string): Promise<number>;
  saveCheckpoint(name: string, position: number): Promise<void>;
  /** Drops every view, anchor and checkpoint (rebuild). */
  clear(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** How far a projection has applied the event store's positions. */
export interface Checkpoint {
  readonly name: string;
  readonly position: number;
}

export const READ_MODEL_STORE = Symbol('READ_MODEL_STORE');
