import { api, ifMatch, must } from '../../api/client';
import type { IndicatorView, MeasurementView } from '../../api/views';
import { ApiForm, Field, num, text } from '../../components/forms';
import { useI18n } from '../../i18n/i18n';
import type { InitiativeContext } from './context';

interface MeasurementActionProps {
  readonly indicator: IndicatorView;
  readonly measurements: readonly MeasurementView[];
  readonly ctx: InitiativeContext;
}

/** Correct the value of a recorded measurement, or withdraw it so it no longer counts; both need a reason. */
export function MeasurementActions({ indicator, measurements, ctx }: MeasurementActionProps) {
  const { t, date, number } = useI18n();
  if (measurements.length === 0) return null;
  const options = [...measurements]
    .sort((a, b) => b.at.localeCompare(a.at))
    .map((m) => ({ value: m.id, label: `${date(m.at)}: ${number(m.value)} ${indicator.unit}` }));
  const path = (d: FormData) => ({
    id: ctx.view.id,
    indicatorId: indicator.id,
    measurementId: text(d, 'measurementId') ?? '',
  });
  const correct = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/indicators/{indicatorId}/measurements/{measurementId}/correct', {
        params: { path: path(d) },
        headers: ifMatch(ctx.version),
        body: { value: num(d, 'value') as number, reason: text(d, 'reason') ?? '' },
      }),
    );
  const withdraw = (d: FormData) =>
    must(
      api.POST('/initiatives/{id}/indicators/{indicatorId}/measurements/{measurementId}/withdraw', {
        params: { path: path(d) },
        headers: ifMatch(ctx.version),
        body: { reason: text(d, 'reason') ?? '' },
      }),
    );
  const common = { headingLevel: 3 as const, onDone: ctx.reload, onReload: ctx.reload, collapsed: true };
  return (
    <>
      <ApiForm
        title={`${t('correctMeasurement')}: ${indicator.name}`}
        submitLabel={t('correctMeasurement')}
        onSubmit={correct}
        {...common}
      >
        <Field name="measurementId" label={t('measurement')} required options={options} />
        <Field name="value" label={`${t('correctedValue')} (${indicator.unit})`} type="number" required />
        <Field name="reason" label={t('reason')} required multiline />
      </ApiForm>
      <ApiForm
        title={`${t('withdrawMeasurement')}: ${indicator.name}`}
        submitLabel={t('withdrawMeasurement')}
        onSubmit={withdraw}
        {...common}
      >
        <Field name="measurementId" label={t('measurement')} required options={options} />
        <Field name="reason" label={t('reason')} required multiline />
      </ApiForm>
    </>
  );
}
