import { Inject, Logger } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { v7 as uuidv7 } from 'uuid';
import {
  initiativeDecider,
  toInitiativeEvent,
  initiativeEventsOnly,
  INITIATIVE_EVENT_SCHEMA_VERSION,
  type InitiativeCommand,
  type InitiativeEvent,
  type InitiativeState,
  type ParentSnapshot,
  type Vocabulary,
} from '@followup/domain';
import {
  EVENT_STORE,
  IdempotencyKeyTakenError,
  WrongExpectedVersionError,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '@followup/event-store';
import { APP_CONFIG, CLOCK, type AppConfig, type Clock } from '@followup/platform';
import {
  COMMIT_PIPELINE,
  IdempotencyKeyReusedError,
  VersionConflictError,
  type CommitPipeline,
} from '@followup/runtime';
import { VOCABULARY } from '../../vocabulary/vocabulary.provider';
import { contributionTarget } from './contribution-target';
import { requireKnownTargetGroups } from './known-target-groups';
import { ExecuteInitiativeCommand, type WriteOutcome, type WriteResponse } from './execute-initiative-command';
import { checkUnitScope } from './unit-scope';
import { EMPTY_STREAM, FoldedStateCache, foldOnto, type FoldedStream } from './folded-state-cache';
import { StreamLanes } from './stream-lanes';

/** Retries when another writer got in first and the client did not ask for a specific version. */
const MAX_ATTEMPTS = 5;

/** A write's Idempotency-Key as the store keeps it (scoped to the user) and the fingerprint of the request. */
interface IdempotencyOfWrite {
  readonly key: string;
  readonly fingerprint: string;
}

/** Folded initiatives kept in memory (LRU). */
const FOLDED_STATE_CAPACITY = 5000;

/** Waits before retrying a commit another process got in first: exponential, with jitter so writers spread out. */
const backOff = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** attempt));

/** A new event as the store will read it back: its data and actor in JSON form. */
const asStored = (event: NewEvent): NewEvent => ({
  ...event,
  data: JSON.parse(JSON.stringify(event.data ?? null)) as unknown,
});

export function foldInitiative(events: readonly StoredEvent[]): InitiativeState {
  return events.reduce(
    (state, stored) => initiativeDecider.evolve(state, toInitiativeEvent(stored)),
    initiativeDecider.initialState(),
  );
}

/**
 * Who decided goes with the event's data (hashed with it), so every event whose request named it keeps it;
 * events that record it themselves (decisions, course corrections) are left as they are.
 */
function withDecidedBy(data: unknown, decidedBy: string | undefined): unknown {
  if (!decidedBy || typeof data !== 'object' || data === null || 'decidedBy' in data) return data;
  return { ...data, decidedBy };
}

/**
 * Load stream -> decide -> append(expectedVersion), the one write path of every command.
 * The idempotency record is stored in the same commit as the events.
 */
@CommandHandler(ExecuteInitiativeCommand)
export class ExecuteInitiativeCommandHandler implements ICommandHandler<ExecuteInitiativeCommand, WriteOutcome> {
  private readonly logger = new Logger('Commands');
  private readonly lanes = new StreamLanes();
  private readonly cache = new FoldedStateCache(FOLDED_STATE_CAPACITY);
  /** Per initiative, the last staged append not yet settled (shared store only): see `afterUnconfirmed`. */
  private readonly unconfirmed = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMMIT_PIPELINE) private readonly pipeline: CommitPipeline,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(VOCABULARY) private readonly vocabulary: Vocabulary,
  ) {}

  async execute(request: ExecuteInitiativeCommand): Promise<WriteOutcome> {
    const { options } = request;
    // Scoped per user; JSON keeps (sub, key) pairs apart even when both contain separators.
    const idempotency = options.idempotency
      ? {
          key: JSON.stringify([request.actor.sub, options.idempotency.key]),
          fingerprint: options.idempotency.fingerprint,
        }
      : undefined;
    if (idempotency) {
      const earlier = await this.replay(idempotency);
      if (earlier) return earlier;
    }
    requireKnownTargetGroups(this.vocabulary, request.write.command);
    const initiativeId = request.write.command.data.initiativeId;
    for (let attempt = 1; ; attempt++) {
      // Decided in stream order in this process; the append is awaited outside the lane, so commands
      // to one initiative share a group commit, each on the state the one before it leaves.
      const staged = await this.lanes.run(initiativeId, () => this.decideAndAppend(request, idempotency));
      try {
        await staged.appended;
      } catch (error) {
        this.cache.delete(initiativeId);
        if (error instanceof IdempotencyKeyTakenError && idempotency) {
          const earlier = await this.replay(idempotency);
          if (earlier) return earlier;
        }
        const retry = error instanceof WrongExpectedVersionError && !options.expectedVersion && attempt < MAX_ATTEMPTS;
        if (retry) {
          await backOff(attempt);
          continue;
        }
        if (error instanceof WrongExpectedVersionError) throw this.staleVersion(request, error.actualVersion);
        throw error;
      }
      await this.afterCommit(initiativeId, staged.response.version);
      return { response: staged.response, replayed: false };
    }
  }

  /**
   * Load (only the events after the folded version) -> decide -> hand the commit to the store. The state
   * the commit leaves is cached at once; if the store refuses the commit, the caller drops it.
   */
  private async decideAndAppend(request: ExecuteInitiativeCommand, idempotency: IdempotencyOfWrite | undefined) {
    const initiativeId = request.write.command.data.initiativeId;
    // Taken before loading: the cached state may hold that commit's events (see afterUnconfirmed).
    const previous = this.unconfirmed.get(initiativeId);
    // With If-Match the client's version is compared with the store's, so that read is never skipped.
    let folded = await this.load(initiativeId, request.options.expectedVersion ? 'fresh' : 'cached');
    const command = await this.stamp(request);
    const decide = (at: FoldedStream) => {
      checkUnitScope(request.actor, request.write.command, at.ownerUnit, this.config.security.authRequireUnits);
      this.checkExpectedVersion(request, at.version);
      return initiativeDecider.decide(command, at.state);
    };
    let decided: InitiativeEvent[];
    try {
      decided = decide(folded);
    } catch (refusal) {
      // Refused on a state taken from the cache: another writer may have moved the stream on (e.g.
      // defined the part the command names), so the refusal stands only on what the store holds.
      const current = await this.load(initiativeId, 'fresh');
      if (current === folded) throw refusal;
      folded = current;
      decided = decide(folded);
    }
    const version = folded.version + decided.length;
    const { createdPartId } = request.write;
    const response: WriteResponse = createdPartId
      ? { id: createdPartId, initiativeId, version }
      : { id: initiativeId, version };
    const events = decided.map((event) => this.envelope(event, command, request));
    const append = () =>
      this.store.append(initiativeId, events, {
        expectedVersion: folded.version,
        commitId: uuidv7(),
        ...(idempotency ? { idempotency: { ...idempotency, response } } : {}),
      });
    const appended =
      this.config.storage === 'mongodb'
        ? this.afterUnconfirmed(initiativeId, previous, folded.version, append)
        : append();
    // Folded as the store will hold them (JSON), so the cached state equals a fold of the stream.
    this.cache.set(initiativeId, foldOnto(folded, events.map(asStored), this.cache.owned));
    return { response, appended };
  }

  /**
   * With a store shared by several API processes, a commit decided on the cached state of a commit
   * still in flight must not be appended before that one is stored: if the earlier one loses to
   * another process, that process's commit has the same version, so the later commit's expected
   * version would match while the state it was decided on holds events that were never stored.
   * So it waits, and when the earlier one failed it fails too, as a version conflict (retried on a
   * fresh read); a failed append drops the cached state at once, before the next command loads it.
   * One process alone cannot get there (its stream lane orders every commit).
   */
  private afterUnconfirmed<T>(
    initiativeId: string,
    previous: Promise<unknown> | undefined,
    expectedVersion: number,
    append: () => Promise<T>,
  ): Promise<T> {
    const appended = previous
      ? previous.then(append, () => {
          throw new WrongExpectedVersionError(initiativeId, expectedVersion, expectedVersion);
        })
      : append();
    const settled = appended.then(
      () => undefined,
      (error: unknown) => {
        this.cache.delete(initiativeId);
        throw error;
      },
    );
    this.unconfirmed.set(initiativeId, settled);
    void settled
      .catch(() => undefined)
      .then(() => {
        if (this.unconfirmed.get(initiativeId) === settled) this.unconfirmed.delete(initiativeId);
      });
    return appended;
  }

  /**
   * An initiative folded up to its current version, reading only what the cache has not folded yet
   * (`fresh`), or as this process cached it without asking the store (`cached`, for the stream a
   * command appends to: the append's expected-version check refuses a state another writer moved
   * on from, the command is then decided again on a fresh read, and so is a refusal).
   */
  private async load(initiativeId: string, mode: 'fresh' | 'cached' = 'fresh'): Promise<FoldedStream> {
    const cached = this.cache.get(initiativeId);
    if (cached && mode === 'cached') return cached;
    const known = cached ?? EMPTY_STREAM;
    const newer = initiativeEventsOnly(await this.store.readStream(initiativeId, known.version + 1));
    if (newer.length === 0) return known;
    const folded = foldOnto(known, newer, this.cache.owned);
    this.cache.set(initiativeId, folded);
    return folded;
  }

  private async replay({ key, fingerprint }: IdempotencyOfWrite): Promise<WriteOutcome | null> {
    const earlier = await this.store.findIdempotency(key);
    if (!earlier) return null;
    if (earlier.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
    return { response: earlier.response as WriteResponse, replayed: true };
  }

  private checkExpectedVersion(request: ExecuteInitiativeCommand, currentVersion: number): void {
    const expected = request.options.expectedVersion;
    if (expected && expected.version !== currentVersion) throw this.staleVersion(request, currentVersion);
  }

  private staleVersion(request: ExecuteInitiativeCommand, currentVersion: number): VersionConflictError {
    const expected = request.options.expectedVersion;
    const message = expected
      ? `The initiative is at version ${currentVersion}, not ${expected.version}`
      : `The initiative changed concurrently; it is now at version ${currentVersion}`;
    return new VersionConflictError(message, currentVersion, expected);
  }

  /** Adds actor, time and decision context; looks up the parent a registration names. */
  private async stamp(request: ExecuteInitiativeCommand): Promise<InitiativeCommand> {
    const { actor } = request;
    const { context } = request.write;
    const metadata = {
      actor: { sub: actor.sub, ...(actor.name ? { name: actor.name } : {}), roles: actor.roles },
      now: this.clock.now().toISOString(),
      ...(context.occurredAt ? { occurredAt: context.occurredAt } : {}),
      ...(context.reason ? { reason: context.reason } : {}),
      ...(context.caseRef ? { caseRef: context.caseRef } : {}),
      ...(context.decidedBy ? { decidedBy: context.decidedBy } : {}),
    };
    const command = request.write.command;
    if (command.type === 'RegisterInitiative' && command.data.parentId) {
      const parent = await this.parentSnapshot(command.data.parentId);
      return { ...command, data: { ...command.data, parent }, metadata };
    }
    if (command.type === 'ActivateInitiative') {
      return { ...command, data: { ...command.data, goalPolicy: this.config.goalPolicy }, metadata };
    }
    if (command.type === 'LinkGoalContribution') {
      const load = async (id: string) => (await this.load(id)).state;
      const target = await contributionTarget(load, command.data.toInitiativeId, command.data.toGoalId);
      return { ...command, data: { ...command.data, target }, metadata };
    }
    return { ...command, metadata } as InitiativeCommand;
  }

  private async parentSnapshot(parentId: string): Promise<ParentSnapshot | null> {
    const { state } = await this.load(parentId);
    if (state.status === 'absent' || !state.kind) return null;
    return { id: parentId, kind: state.kind, status: state.status };
  }

  private envelope(event: InitiativeEvent, command: InitiativeCommand, request: ExecuteInitiativeCommand): NewEvent {
    const meta = command.metadata;
    return {
      eventId: uuidv7(),
      type: event.type,
      schemaVersion: INITIATIVE_EVENT_SCHEMA_VERSION,
      data: withDecidedBy(event.data, meta.decidedBy),
      occurredAt: event.metadata?.occurredAt ?? meta.occurredAt ?? meta.now,
      actor: meta.actor,
      correlationId: request.options.correlationId,
      causationId: request.options.requestId,
      decisionId: event.metadata?.decisionId ?? null,
      caseRef: event.metadata?.caseRef ?? meta.caseRef ?? null,
      reason: event.metadata?.reason ?? meta.reason ?? null,
    };
  }

  /** Publish now rather than at the next sweep; the pipeline decides whether the read model is awaited. */
  private async afterCommit(initiativeId: string, version: number): Promise<void> {
    const outcome = await this.pipeline.afterCommit(initiativeId, version);
    if (outcome === 'view-behind') this.logger.warn(`read model of ${initiativeId} has not reached v${version} yet`);
  }
}
