import { api, ifMatch, must } from '../../api/client';
import { DECISION_KINDS, oneOf } from '../../api/enums';
import type { DecisionSummary } from '../../api/views';
import { ApiForm, compact, Field, text, useEnumOptions } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import type { InitiativeContext } from './context';
import { CourseCorrectionForm } from './CourseCorrectionForm';

export function DecisionsSection({ ctx }: { ctx: InitiativeContext }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="decisions-title">
      <h2 id="decisions-title">{t('decisions')}</h2>
      <h3>{t('lastDecision')}</h3>
      <LastDecision last={ctx.view.lastDecision} />
      {ctx.canWrite && (
        <>
          <DecisionForm ctx={ctx} />
          <CourseCorrectionForm ctx={ctx} />
        </>
      )}
    </section>
  );
}

function DecisionForm({ ctx }: { ctx: InitiativeContext }) {
  const { t } = useI18n();
  const kinds = useEnumOptions('decisionKind', DECISION_KINDS);
  const record = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/decisions', {
        params: { path: { id: ctx.view.id } },
        headers: ifMatch(ctx.version),
        body: compact({
          kind: oneOf(d, 'kind', DECISION_KINDS),
          summary: text(d, 'summary') ?? '',
          rationale: text(d, 'rationale') ?? '',
          decidedBy: text(d, 'decidedBy') ?? '',
          occurredAt: text(d, 'occurredAt') ?? '',
          caseRef: text(d, 'caseRef'),
          followUpBy: text(d, 'followUpBy'),
        }),
      }),
    );
  return (
    <ApiForm
      title={t('recordDecision')}
      submitLabel={t('recordDecision')}
      onSubmit={record}
      onDone={ctx.reload}
      onReload={ctx.reload}
      collapsed
    >
      <Field name="kind" label={t('decisionKind')} required options={kinds} />
      <Field name="summary" label={t('summary')} required />
      <Field name="rationale" label={t('rationale')} required multiline />
      <Field name="decidedBy" label={t('decidedBy')} required />
      <Field name="occurredAt" label={t('decidedAt')} type="date" required />
      <Field name="caseRef" label={t('caseRef')} />
      <Field name="followUpBy" label={t('followUpBy')} type="date" />
    </ApiForm>
  );
}

function LastDecision({ last }: { last: DecisionSummary | null }) {
  const { t, label, date } = useI18n();
  if (!last) return <p>{t('none')}</p>;
  return (
    <dl className="facts">
      <dt>{t('decisionKind')}</dt>
      <dd>{label('decisionKind', last.kind)}</dd>
      <dt>{t('summary')}</dt>
      <dd>{last.summary}</dd>
      <dt>{t('decidedAt')}</dt>
      <dd>{date(last.occurredAt)}</dd>
      {last.caseRef && (
        <>
          <dt>{t('caseRef')}</dt>
          <dd>{last.caseRef}</dd>
        </>
      )}
      {last.followUpBy && (
        <>
          <dt>{t('followUpBy')}</dt>
          <dd>{date(last.followUpBy)}</dd>
        </>
      )}
    </dl>
  );
}
