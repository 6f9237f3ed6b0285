import { api, ifMatch, must } from '../../api/client';
import { Badge } from '../../components/common';
import { ApiForm, compact, Field, text } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import type { MilestoneView } from '../../api/views';
import type { InitiativeContext } from './context';
import { MilestoneActions } from './MilestoneActions';

/** Milestones on a timeline by due date, with the plan form. */
export function MilestonesSection({ ctx }: { ctx: InitiativeContext }) {
  const { t } = useI18n();
  const milestones = [...ctx.view.milestones].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const plan = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/milestones', {
        params: { path: { id: ctx.view.id } },
        headers: ifMatch(ctx.version),
        body: compact({
          title: text(d, 'title') ?? '',
          dueAt: text(d, 'dueAt') ?? '',
          description: text(d, 'description'),
        }),
      }),
    );
  return (
    <section aria-labelledby="milestones-title">
      <h2 id="milestones-title">{t('milestones')}</h2>
      {milestones.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <ol className="timeline">
          {milestones.map((m) => (
            <MilestoneItem key={m.id} milestone={m} ctx={ctx} />
          ))}
        </ol>
      )}
      {ctx.canWrite && (
        <ApiForm
          title={t('planMilestone')}
          submitLabel={t('planMilestone')}
          onSubmit={plan}
          onDone={ctx.reload}
          onReload={ctx.reload}
          collapsed
        >
          <Field name="title" label={t('title')} required />
          <Field name="dueAt" label={t('dueAt')} type="date" required />
          <Field name="description" label={t('description')} multiline />
        </ApiForm>
      )}
    </section>
  );
}

function MilestoneItem({ milestone: m, ctx }: { milestone: MilestoneView; ctx: InitiativeContext }) {
  const { t, date } = useI18n();
  return (
    <li className={`timeline-item milestone-${m.status}${m.overdue ? ' is-overdue' : ''}`}>
      <time dateTime={m.dueAt}>{date(m.dueAt)}</time>
      <div>
        <strong>{m.title}</strong> <Badge enumName="milestoneStatus" value={m.status} />
        {m.overdue && <span className="badge badge-overdue"> {t('overdue')}</span>}
        {m.description && <p>{m.description}</p>}
        {m.achievedAt && (
          <p>
            {date(m.achievedAt)}: {m.evaluation}
          </p>
        )}
        {m.reason && (
          <p>
            {t('reason')}: {m.reason}
          </p>
        )}
        {ctx.canWrite && m.status === 'planned' && <MilestoneActions milestone={m} ctx={ctx} />}
      </div>
    </li>
  );
}
