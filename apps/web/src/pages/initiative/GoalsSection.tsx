import { api, ifMatch, must } from '../../api/client';
import { AGGREGATIONS, DIRECTIONS, oneOf, RESULT_LEVELS } from '../../api/enums';
import type { GoalView, IndicatorView } from '../../api/views';
import { Badge } from '../../components/common';
import { ApiForm, compact, Field, num, text, useEnumOptions } from '../../components/forms';
import { IndicatorChart } from '../../components/IndicatorChart';
import { MeasurementActions } from './MeasurementActions';
import { useI18n } from '../../i18n/i18n';
import type { InitiativeContext } from './context';

export function GoalsSection({ ctx }: { ctx: InitiativeContext }) {
  const { t } = useI18n();
  const levels = useEnumOptions('resultLevel', RESULT_LEVELS);
  const id = ctx.view.id;
  const addGoal = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/goals', {
        params: { path: { id } },
        headers: ifMatch(ctx.version),
        body: { statement: text(d, 'statement') ?? '', resultLevel: oneOf(d, 'resultLevel', RESULT_LEVELS) },
      }),
    );
  return (
    <section aria-labelledby="goals-title">
      <h2 id="goals-title">{t('goals')}</h2>
      {ctx.view.goals.length === 0 && <p>{t('empty')}</p>}
      {ctx.view.goals.map((goal) => (
        <Goal key={goal.id} goal={goal} ctx={ctx} />
      ))}
      {ctx.canWrite && (
        <ApiForm
          title={t('addGoal')}
          submitLabel={t('addGoal')}
          onSubmit={addGoal}
          onDone={ctx.reload}
          onReload={ctx.reload}
          collapsed
        >
          <Field name="statement" label={t('statement')} required multiline />
          <Field name="resultLevel" label={t('resultLevel')} required options={levels} />
        </ApiForm>
      )}
    </section>
  );
}

function Goal({ goal, ctx }: { goal: GoalView; ctx: InitiativeContext }) {
  const { t, label } = useI18n();
  return (
    <article className="card" aria-labelledby={`goal-${goal.id}`}>
      <h3 id={`goal-${goal.id}`}>{goal.statement}</h3>
      <p>
        {t('resultLevel')}: {label('resultLevel', goal.resultLevel)}
      </p>
      <h4>{t('indicators')}</h4>
      {goal.indicators.length === 0 && <p>{t('empty')}</p>}
      {goal.indicators.map((indicator) => (
        <Indicator key={indicator.id} indicator={indicator} ctx={ctx} />
      ))}
      {ctx.canWrite && <IndicatorForm goal={goal} ctx={ctx} />}
    </article>
  );
}

function Indicator({ indicator, ctx }: { indicator: IndicatorView; ctx: InitiativeContext }) {
  const { t, label, number, date } = useI18n();
  // The full series when the view carries it; else at least the latest measurement.
  const measurements = indicator.measurements ?? (indicator.latest ? [indicator.latest] : []);
  const record = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/indicators/{indicatorId}/measurements', {
        params: { path: { id: ctx.view.id, indicatorId: indicator.id } },
        headers: ifMatch(ctx.version),
        body: compact({
          value: num(d, 'value') as number,
          at: text(d, 'at') ?? '',
          source: text(d, 'source'),
          note: text(d, 'note'),
        }),
      }),
    );
  return (
    <div className="indicator">
      <h5>
        {indicator.name} ({indicator.unit}) <Badge enumName="indicatorStatus" value={indicator.status} />
      </h5>
      <p>
        {t('direction')}: {label('direction', indicator.direction)}. {t('baselineValue')}:{' '}
        {number(indicator.baseline.value)} ({date(indicator.baseline.at)}).{' '}
        {indicator.latest && (
          <>
            {t('latest')}: {number(indicator.latest.value)} ({date(indicator.latest.at)}).
          </>
        )}
      </p>
      <IndicatorChart indicator={indicator} measurements={[...measurements]} />
      {ctx.canWrite && (
        <ApiForm
          title={`${t('recordMeasurement')}: ${indicator.name}`}
          headingLevel={3}
          submitLabel={t('recordMeasurement')}
          onSubmit={record}
          onDone={ctx.reload}
          onReload={ctx.reload}
          collapsed
        >
          <Field name="value" label={`${t('value')} (${indicator.unit})`} type="number" required />
          <Field name="at" label={t('measuredAt')} type="date" required />
          <Field name="source" label={t('source')} />
          <Field name="note" label={t('note')} />
        </ApiForm>
      )}
      {ctx.canWrite && <MeasurementActions indicator={indicator} measurements={measurements} ctx={ctx} />}
    </div>
  );
}

function IndicatorForm({ goal, ctx }: { goal: GoalView; ctx: InitiativeContext }) {
  const { t } = useI18n();
  const directions = useEnumOptions('direction', DIRECTIONS);
  const aggregations = useEnumOptions('aggregation', AGGREGATIONS);
  const submit = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/goals/{goalId}/indicators', {
        params: { path: { id: ctx.view.id, goalId: goal.id } },
        headers: ifMatch(ctx.version),
        body: {
          name: text(d, 'name') ?? '',
          unit: text(d, 'unit') ?? '',
          direction: oneOf(d, 'direction', DIRECTIONS),
          aggregation: oneOf(d, 'aggregation', AGGREGATIONS),
          baseline: { value: num(d, 'baseline.value') as number, at: text(d, 'baseline.at') ?? '' },
          targets: [0, 1, 2]
            .map((i) => ({ value: num(d, `targets[${i}].value`), at: text(d, `targets[${i}].at`) }))
            .filter((target, i) => i === 0 || target.value !== undefined || target.at !== undefined)
            .map((target) => ({ value: target.value as number, at: target.at ?? '' })),
        },
      }),
    );
  return (
    <ApiForm
      title={t('addIndicator')}
      headingLevel={3}
      submitLabel={t('addIndicator')}
      onSubmit={submit}
      onDone={ctx.reload}
      onReload={ctx.reload}
      collapsed
    >
      <Field name="name" label={t('indicatorName')} required />
      <Field name="unit" label={t('unit')} required />
      <Field name="direction" label={t('direction')} required options={directions} />
      <Field name="aggregation" label={t('aggregation')} required options={aggregations} />
      <Field name="baseline.value" label={t('baselineValue')} type="number" required />
      <Field name="baseline.at" label={t('baselineAt')} type="date" required />
      <fieldset>
        <legend>{t('targets')}</legend>
        {[0, 1, 2].map((i) => (
          <div className="row" key={i}>
            <Field
              name={`targets[${i}].value`}
              label={`${t('targetValue')} ${i + 1}`}
              type="number"
              required={i === 0}
            />
            <Field name={`targets[${i}].at`} label={`${t('targetAt')} ${i + 1}`} type="date" required={i === 0} />
          </div>
        ))}
      </fieldset>
    </ApiForm>
  );
}
