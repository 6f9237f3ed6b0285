import { useState } from 'react';
import { api, ifMatch, must } from '../../api/client';
import { CHANGE_TYPES, RESULT_LEVELS } from '../../api/enums';
import { ApiForm, compact, Field, num, text, useEnumOptions } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import type { InitiativeContext } from './context';

type ChangeType = (typeof CHANGE_TYPES)[number];
interface Draft {
  readonly key: number;
  readonly type: ChangeType;
}

/** Several changes under one decision (POST /course-corrections): all are applied, or none. */
export function CourseCorrectionForm({ ctx }: { ctx: InitiativeContext }) {
  const { t } = useI18n();
  const [drafts, setDrafts] = useState<Draft[]>([{ key: 0, type: 'rescheduleMilestone' }]);
  const [next, setNext] = useState(1);
  const submit = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/course-corrections', {
        params: { path: { id: ctx.view.id } },
        headers: ifMatch(ctx.version),
        body: compact({
          rationale: text(d, 'rationale') ?? '',
          decidedBy: text(d, 'decidedBy') ?? '',
          caseRef: text(d, 'caseRef'),
          occurredAt: text(d, 'occurredAt'),
          changes: drafts.map((draft, i) => changeFrom(d, i, draft.type)) as never,
        }),
      }),
    );
  const setType = (key: number, type: ChangeType) =>
    setDrafts((all) => all.map((draft) => (draft.key === key ? { key, type } : draft)));
  return (
    <ApiForm
      title={t('courseCorrection')}
      submitLabel={t('courseCorrection')}
      onSubmit={submit}
      onDone={ctx.reload}
      onReload={ctx.reload}
      collapsed
    >
      <p className="hint">{t('courseCorrectionHelp')}</p>
      <Field name="rationale" label={t('rationale')} required multiline />
      <Field name="decidedBy" label={t('decidedBy')} required />
      <Field name="caseRef" label={t('caseRef')} />
      <Field name="occurredAt" label={t('decidedAt')} type="date" />
      {drafts.map((draft, index) => (
        <ChangeFields
          key={draft.key}
          index={index}
          draft={draft}
          ctx={ctx}
          onType={(type) => setType(draft.key, type)}
          onRemove={drafts.length > 1 ? () => setDrafts((all) => all.filter((d) => d.key !== draft.key)) : undefined}
        />
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => {
          setDrafts((all) => [...all, { key: next, type: 'rescheduleMilestone' }]);
          setNext(next + 1);
        }}
      >
        {t('addChange')}
      </button>
    </ApiForm>
  );
}

function changeFrom(d: FormData, i: number, type: ChangeType): Record<string, unknown> {
  const f = (name: string) => text(d, `changes[${i}].${name}`);
  switch (type) {
    case 'reviseGoal':
      return compact({ type, goalId: f('goalId'), statement: f('statement'), resultLevel: f('resultLevel') });
    case 'changeTargets':
      return {
        type,
        indicatorId: f('indicatorId'),
        targets: [{ value: num(d, `changes[${i}].targets[0].value`), at: f('targets[0].at') ?? '' }],
      };
    case 'rescheduleMilestone':
      return { type, milestoneId: f('milestoneId'), dueAt: f('dueAt') ?? '' };
    case 'planMilestone':
      return compact({ type, title: f('title') ?? '', dueAt: f('dueAt') ?? '', description: f('description') });
  }
}

interface ChangeFieldsProps {
  readonly index: number;
  readonly draft: Draft;
  readonly ctx: InitiativeContext;
  readonly onType: (type: ChangeType) => void;
  readonly onRemove: (() => void) | undefined;
}

function ChangeFields({ index, draft, ctx, onType, onRemove }: ChangeFieldsProps) {
  const { t, label } = useI18n();
  const levels = useEnumOptions('resultLevel', RESULT_LEVELS);
  const name = (field: string) => `changes[${index}].${field}`;
  const typeId = `change-${draft.key}-type`;
  const goals = ctx.view.goals.map((g) => ({ value: g.id, label: g.statement }));
  const indicators = ctx.view.goals.flatMap((g) => g.indicators).map((i) => ({ value: i.id, label: i.name }));
  const milestones = ctx.view.milestones.map((m) => ({ value: m.id, label: m.title }));
  return (
    <fieldset className="change">
      <legend>
        {t('change')} {index + 1}
      </legend>
      <div className="field">
        <label htmlFor={typeId}>{t('changeType')}</label>
        <select id={typeId} value={draft.type} onChange={(e) => onType(e.target.value as ChangeType)}>
          {CHANGE_TYPES.map((type) => (
            <option key={type} value={type}>
              {label('changeType', type)}
            </option>
          ))}
        </select>
      </div>
      {draft.type === 'reviseGoal' && (
        <>
          <Field name={name('goalId')} label={t('goal')} required options={goals} />
          <Field name={name('statement')} label={t('statement')} multiline />
          <Field name={name('resultLevel')} label={t('resultLevel')} options={[{ value: '', label: '' }, ...levels]} />
        </>
      )}
      {draft.type === 'changeTargets' && (
        <>
          <Field name={name('indicatorId')} label={t('indicator')} required options={indicators} />
          <Field name={name('targets[0].value')} label={t('targetValue')} type="number" required />
          <Field name={name('targets[0].at')} label={t('targetAt')} type="date" required />
        </>
      )}
      {draft.type === 'rescheduleMilestone' && (
        <>
          <Field name={name('milestoneId')} label={t('milestone')} required options={milestones} />
          <Field name={name('dueAt')} label={t('newDueAt')} type="date" required />
        </>
      )}
      {draft.type === 'planMilestone' && (
        <>
          <Field name={name('title')} label={t('title')} required />
          <Field name={name('dueAt')} label={t('dueAt')} type="date" required />
          <Field name={name('description')} label={t('description')} multiline />
        </>
      )}
      {onRemove && (
        <button type="button" className="secondary" onClick={onRemove}>
          {t('removeChange')} {index + 1}
        </button>
      )}
    </fieldset>
  );
}
