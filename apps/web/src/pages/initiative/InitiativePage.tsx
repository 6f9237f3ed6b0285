import { api, ApiProblem, ifMatch, must } from '../../api/client';
import type { InitiativeView } from '../../api/views';
import { hasRole, type Session } from '../../auth/session';
import { Badge, ErrorMessage, Loading, RagReasons, useLoad } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { href } from '../../router';
import { BenefitsSection, ClosureSection } from './BenefitsClosure';
import type { InitiativeContext } from './context';
import { DecisionsSection } from './DecisionsSection';
import { GoalsSection } from './GoalsSection';
import { MilestonesSection } from './MilestonesSection';

/** GET /initiatives/{id}; the ETag is the version every write on the page sends as If-Match. */
export async function loadInitiative(id: string, query: Record<string, string> = {}) {
  const { data, etag } = await must(api.GET('/initiatives/{id}', { params: { path: { id }, query } }));
  const view = data as unknown as InitiativeView;
  return { view, version: etag ?? view.version };
}

export function InitiativePage({ id, session }: { id: string; session: Session }) {
  const { t } = useI18n();
  const { data, error, reload } = useLoad(() => loadInitiative(id), [id]);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const ctx: InitiativeContext = {
    ...data,
    reload,
    canWrite: hasRole(session, 'caseworker') && data.view.status !== 'closed',
    canRecordRealisations: hasRole(session, 'caseworker'),
  };
  return (
    <article className="initiative" aria-labelledby="initiative-title">
      <Overview ctx={ctx} />
      <nav aria-label={t('title')} className="toc">
        <ul>
          {(['goals', 'milestones', 'decisions', 'benefits', 'closure'] as const).map((section) => (
            <li key={section}>
              <a href={`#/initiatives/${encodeURIComponent(id)}`} onClick={jumpTo(`${section}-title`)}>
                {t(section)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <GoalsSection ctx={ctx} />
      <MilestonesSection ctx={ctx} />
      <DecisionsSection ctx={ctx} />
      <BenefitsSection ctx={ctx} />
      <ClosureSection ctx={ctx} />
    </article>
  );
}

const jumpTo = (id: string) => (event: React.MouseEvent) => {
  event.preventDefault();
  const target = document.getElementById(id);
  target?.setAttribute('tabindex', '-1');
  target?.focus();
};

function Overview({ ctx }: { ctx: InitiativeContext }) {
  const { t, label, date } = useI18n();
  const { view } = ctx;
  return (
    <header className="page-header">
      <p className="kind">{label('kind', view.kind)}</p>
      <h1 id="initiative-title">{view.title}</h1>
      <p>
        <Badge enumName="status" value={view.status} /> <Badge enumName="rag" value={view.rag} />
      </p>
      <RagReasons reasons={view.ragReasons} />
      {view.description && <p>{view.description}</p>}
      <dl className="facts">
        <dt>{t('ownerUnit')}</dt>
        <dd>{view.ownerUnit}</dd>
        <dt>{t('responsible')}</dt>
        <dd>{view.responsible}</dd>
        {(view.startsAt || view.endsAt) && (
          <>
            <dt>
              {t('startsAt')} – {t('endsAt')}
            </dt>
            <dd>
              {date(view.startsAt)} – {date(view.endsAt)}
            </dd>
          </>
        )}
        <dt>{t('version')}</dt>
        <dd>{ctx.version}</dd>
      </dl>
      <p className="actions">
        {ctx.canWrite && view.status === 'planned' && <ActivateButton ctx={ctx} />}
        {ctx.canWrite && view.kind !== 'project' && view.kind !== 'measure' && (
          <a className="button secondary" href={href('/initiatives/new', { parentId: view.id })}>
            {t('registerInitiative')}
          </a>
        )}
      </p>
    </header>
  );
}

function ActivateButton({ ctx }: { ctx: InitiativeContext }) {
  const { t } = useI18n();
  const activate = async () => {
    try {
      await must(
        api.POST('/initiatives/{id}/activate', {
          params: { path: { id: ctx.view.id } },
          headers: ifMatch(ctx.version),
        }),
      );
    } catch (error) {
      if (!(error instanceof ApiProblem) || !error.isConflict) throw error;
      alert(t('conflict'));
    }
    ctx.reload();
  };
  return (
    <button type="button" onClick={() => void activate()}>
      {t('activate')}
    </button>
  );
}
