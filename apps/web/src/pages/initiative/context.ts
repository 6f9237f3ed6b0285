import type { InitiativeView } from '../../api/views';

/** What every section of the initiative page gets: the view, the version it was read at, and reload. */
export interface InitiativeContext {
  readonly view: InitiativeView;
  /** The ETag of GET /initiatives/{id}: sent as If-Match with every write. */
  readonly version: number;
  readonly reload: () => void;
  readonly canWrite: boolean;
  /** Benefit realisations are recorded after closure too. */
  readonly canRecordRealisations: boolean;
}
