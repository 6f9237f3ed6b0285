import type { ReactNode } from 'react';
import { api, ifMatch, must } from '../../api/client';
import type { MilestoneView } from '../../api/views';
import { ApiForm, compact, Field, text } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import type { InitiativeContext } from './context';

interface MilestoneActionProps {
  readonly milestone: MilestoneView;
  readonly ctx: InitiativeContext;
}

/** What a caseworker can do with a planned milestone: achieve, reschedule, mark missed or cancel it. */
export function MilestoneActions({ milestone, ctx }: MilestoneActionProps) {
  const { t } = useI18n();
  const path = { id: ctx.view.id, milestoneId: milestone.id };
  const achieve = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/milestones/{milestoneId}/achieve', {
        params: { path },
        headers: ifMatch(ctx.version),
        body: { achievedAt: text(d, 'achievedAt') ?? '', evaluation: text(d, 'evaluation') ?? '' },
      }),
    );
  const reschedule = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/milestones/{milestoneId}/reschedule', {
        params: { path },
        headers: ifMatch(ctx.version),
        body: compact({ dueAt: text(d, 'dueAt') ?? '', reason: text(d, 'reason') ?? '', caseRef: text(d, 'caseRef') }),
      }),
    );
  const reasoned = (d: FormData) => ({
    params: { path },
    headers: ifMatch(ctx.version),
    body: compact({ reason: text(d, 'reason') ?? '', caseRef: text(d, 'caseRef') }),
  });
  const miss = (d: FormData) => must(api.POST('/initiatives/{id}/milestones/{milestoneId}/miss', reasoned(d)));
  const cancel = (d: FormData) => must(api.POST('/initiatives/{id}/milestones/{milestoneId}/cancel', reasoned(d)));
  const reasonFields = (
    <>
      <Field name="reason" label={t('reason')} required multiline />
      <Field name="caseRef" label={t('caseRef')} />
    </>
  );
  return (
    <div className="milestone-actions">
      <Action ctx={ctx} label={t('achieveMilestone')} subject={milestone.title} onSubmit={achieve}>
        <Field name="achievedAt" label={t('achievedAt')} type="date" required />
        <Field name="evaluation" label={t('evaluation')} required multiline />
      </Action>
      <Action ctx={ctx} label={t('rescheduleMilestone')} subject={milestone.title} onSubmit={reschedule}>
        <Field name="dueAt" label={t('newDueAt')} type="date" required />
        {reasonFields}
      </Action>
      <Action ctx={ctx} label={t('missMilestone')} subject={milestone.title} onSubmit={miss}>
        {reasonFields}
      </Action>
      <Action ctx={ctx} label={t('cancelMilestone')} subject={milestone.title} onSubmit={cancel}>
        {reasonFields}
      </Action>
    </div>
  );
}

interface ActionProps {
  readonly ctx: InitiativeContext;
  readonly label: string;
  /** The milestone's title: each disclosure and form gets a name of its own. */
  readonly subject: string;
  readonly onSubmit: (data: FormData) => Promise<unknown>;
  readonly children: ReactNode;
}

function Action({ ctx, label, subject, onSubmit, children }: ActionProps) {
  return (
    <ApiForm
      title={`${label}: ${subject}`}
      headingLevel={3}
      submitLabel={label}
      onSubmit={onSubmit}
      onDone={ctx.reload}
      onReload={ctx.reload}
      collapsed
    >
      {children}
    </ApiForm>
  );
}
