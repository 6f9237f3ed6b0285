import type { InitiativeView } from '../../api/views';
import { Badge } from '../../components/common';
import { useI18n } from '../../i18n/i18n';

/** The plan of an initiative (goals, indicator targets, milestones) as one read of it shows it. */
export function PlanSnapshot({ view, heading }: { view: InitiativeView; heading: string }) {
  const { t, label, date, number } = useI18n();
  return (
    <section aria-labelledby="plan-snapshot" className="card snapshot">
      <h2 id="plan-snapshot">{heading}</h2>
      <p>
        {view.title} <Badge enumName="status" value={view.status} /> <Badge enumName="rag" value={view.rag} /> ·{' '}
        {t('version')} {view.version}
      </p>
      {view.goals.map((goal) => (
        <div key={goal.id}>
          <h3>
            {t('goal')}: {goal.statement} ({label('resultLevel', goal.resultLevel)})
          </h3>
          <ul>
            {goal.indicators.map((indicator) => (
              <li key={indicator.id}>
                {indicator.name}: {t('baselineValue').toLowerCase()} {number(indicator.baseline.value)} (
                {date(indicator.baseline.at)}); {t('targets').toLowerCase()}:{' '}
                {indicator.targets
                  .map((target) => `${number(target.value)} ${indicator.unit} (${date(target.at)})`)
                  .join(', ')}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {view.milestones.length > 0 && (
        <>
          <h3>{t('milestones')}</h3>
          <ul>
            {view.milestones.map((m) => (
              <li key={m.id}>
                {m.title}: {date(m.dueAt)} ({label('milestoneStatus', m.status)})
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
