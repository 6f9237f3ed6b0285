import { api, ifMatch, must } from '../../api/client';
import { ACHIEVEMENTS, BENEFIT_KINDS, oneOf, OUTCOMES } from '../../api/enums';
import type { BenefitView, InitiativeView } from '../../api/views';
import { ApiForm, compact, Field, num, text, useEnumOptions } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import type { InitiativeContext } from './context';

export function BenefitsSection({ ctx }: { ctx: InitiativeContext }) {
  const { t } = useI18n();
  const kinds = useEnumOptions('benefitKind', BENEFIT_KINDS);
  const register = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/benefits', {
        params: { path: { id: ctx.view.id } },
        headers: ifMatch(ctx.version),
        body: compact({
          description: text(d, 'description') ?? '',
          owner: text(d, 'owner') ?? '',
          kind: oneOf(d, 'kind', BENEFIT_KINDS),
          realisationDue: text(d, 'realisationDue') ?? '',
          baseline: num(d, 'baseline'),
          target: num(d, 'target'),
        }),
      }),
    );
  return (
    <section aria-labelledby="benefits-title">
      <h2 id="benefits-title">{t('benefits')}</h2>
      {ctx.view.benefits.length === 0 ? <p>{t('empty')}</p> : <BenefitsTable benefits={ctx.view.benefits} />}
      {ctx.canWrite && (
        <ApiForm
          title={t('registerBenefit')}
          submitLabel={t('registerBenefit')}
          onSubmit={register}
          onDone={ctx.reload}
          onReload={ctx.reload}
          collapsed
        >
          <Field name="description" label={t('description')} required multiline />
          <Field name="owner" label={t('owner')} required />
          <Field name="kind" label={t('kind')} required options={kinds} />
          <Field name="realisationDue" label={t('realisationDue')} type="date" required />
          <Field name="baseline" label={t('baselineValue')} type="number" />
          <Field name="target" label={t('targetValue')} type="number" />
        </ApiForm>
      )}
      {ctx.canRecordRealisations && ctx.view.benefits.length > 0 && <RealisationForm ctx={ctx} />}
    </section>
  );
}

function RealisationForm({ ctx }: { ctx: InitiativeContext }) {
  const { t } = useI18n();
  const benefits = ctx.view.benefits.map((b) => ({ value: b.id, label: b.description }));
  const record = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/benefits/{benefitId}/realisations', {
        params: { path: { id: ctx.view.id, benefitId: text(d, 'benefitId') ?? '' } },
        headers: ifMatch(ctx.version),
        body: compact({ value: num(d, 'value') as number, at: text(d, 'at') ?? '', note: text(d, 'note') }),
      }),
    );
  return (
    <ApiForm
      title={t('recordRealisation')}
      submitLabel={t('recordRealisation')}
      onSubmit={record}
      onDone={ctx.reload}
      onReload={ctx.reload}
      collapsed
    >
      <Field name="benefitId" label={t('benefit')} required options={benefits} />
      <Field name="value" label={t('value')} type="number" required />
      <Field name="at" label={t('realisedAt')} type="date" required />
      <Field name="note" label={t('note')} />
    </ApiForm>
  );
}

function BenefitsTable({ benefits }: { benefits: readonly BenefitView[] }) {
  const { t, label, date, number } = useI18n();
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{t('description')}</th>
          <th scope="col">{t('kind')}</th>
          <th scope="col">{t('owner')}</th>
          <th scope="col">{t('realisationDue')}</th>
          <th scope="col">{t('realised')}</th>
        </tr>
      </thead>
      <tbody>
        {benefits.map((b) => (
          <tr key={b.id}>
            <td>{b.description}</td>
            <td>{label('benefitKind', b.kind)}</td>
            <td>{b.owner}</td>
            <td>{date(b.realisationDue)}</td>
            <td>{number(b.realisations.reduce((sum, r) => sum + r.value, 0))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** What still blocks a completed closure, and the closure form (one assessment per goal). */
export function ClosureSection({ ctx }: { ctx: InitiativeContext }) {
  const { t } = useI18n();
  if (ctx.view.closure) return <ClosureDone closure={ctx.view.closure} />;
  return (
    <section aria-labelledby="closure-title">
      <h2 id="closure-title">{t('closure')}</h2>
      <Blockers ctx={ctx} />
      {ctx.canWrite && <ClosureForm ctx={ctx} />}
    </section>
  );
}

/** A completed closure needs every milestone achieved, missed or cancelled: the planned ones block it. */
function Blockers({ ctx }: { ctx: InitiativeContext }) {
  const { t, date } = useI18n();
  const openMilestones = ctx.view.milestones.filter((m) => m.status === 'planned');
  return (
    <>
      <h3>{t('blocksClosing')}</h3>
      {openMilestones.length === 0 ? (
        <p>{t('nothingBlocks')}</p>
      ) : (
        <ul className="blockers">
          {openMilestones.map((m) => (
            <li key={m.id}>
              {t('openMilestone')}: {m.title} ({t('dueAt').toLowerCase()} {date(m.dueAt)})
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ClosureForm({ ctx }: { ctx: InitiativeContext }) {
  const { t } = useI18n();
  const outcomes = useEnumOptions('outcome', OUTCOMES);
  const achievements = useEnumOptions('achievement', ACHIEVEMENTS);
  const close = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/close', {
        params: { path: { id: ctx.view.id } },
        headers: ifMatch(ctx.version),
        body: compact({
          outcome: oneOf(d, 'outcome', OUTCOMES),
          finalEvaluation: text(d, 'finalEvaluation') ?? '',
          lessons: text(d, 'lessons'),
          goalAssessments: ctx.view.goals.map((goal, i) => ({
            goalId: goal.id,
            achievement: oneOf(d, `goalAssessments[${i}].achievement`, ACHIEVEMENTS),
            comment: text(d, `goalAssessments[${i}].comment`) ?? '',
          })),
        }),
      }),
    );
  return (
    <ApiForm
      title={t('closeInitiative')}
      submitLabel={t('closeInitiative')}
      onSubmit={close}
      onDone={ctx.reload}
      onReload={ctx.reload}
      collapsed
    >
      <Field name="outcome" label={t('outcome')} required options={outcomes} />
      <Field name="finalEvaluation" label={t('finalEvaluation')} required multiline />
      {ctx.view.goals.map((goal, i) => (
        <fieldset key={goal.id}>
          <legend>
            {t('goal')}: {goal.statement}
          </legend>
          <Field name={`goalAssessments[${i}].achievement`} label={t('achievement')} required options={achievements} />
          <Field name={`goalAssessments[${i}].comment`} label={t('comment')} required />
        </fieldset>
      ))}
      <Field name="lessons" label={t('lessons')} multiline />
    </ApiForm>
  );
}

function ClosureDone({ closure }: { closure: NonNullable<InitiativeView['closure']> }) {
  const { t, label, date } = useI18n();
  return (
    <section aria-labelledby="closure-title">
      <h2 id="closure-title">{t('closure')}</h2>
      <p>
        {label('outcome', closure.outcome)} {date(closure.closedAt)}
      </p>
      <p>{closure.finalEvaluation}</p>
    </section>
  );
}
