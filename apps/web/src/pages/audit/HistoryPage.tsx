import { type FormEvent } from 'react';
import { api, must } from '../../api/client';
import type { HistoryItem } from '../../api/views';
import { ErrorMessage, Loading, useLoad } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { navigate } from '../../router';
import { loadInitiative } from '../initiative/InitiativePage';
import { loadAllInitiatives } from '../Portfolio';
import { dayInOslo, endOfDayInOslo } from './dates';
import { PlanSnapshot } from './PlanSnapshot';

interface Moments {
  readonly asOf: string | null;
  readonly validAt: string | null;
}

async function loadHistory(id: string, moments: Moments) {
  const query = {
    ...(moments.asOf ? { asOf: moments.asOf } : {}),
    ...(moments.validAt ? { validAt: moments.validAt } : {}),
  };
  const [history, plan] = await Promise.all([
    must(api.GET('/audit/initiatives/{id}/history', { params: { path: { id } } })),
    moments.asOf || moments.validAt ? loadInitiative(id, query) : Promise.resolve(null),
  ]);
  const body = history.data as unknown as { items: HistoryItem[] };
  return { items: body.items, plan: plan?.view ?? null };
}

/** An initiative's history as a timeline, and the plan "as recorded on" (asOf) / "as it stood on" (validAt). */
export function HistoryPage({ id, asOf, validAt }: { id: string | null; asOf: string | null; validAt: string | null }) {
  const { t } = useI18n();
  const { data: initiatives } = useLoad(loadAllInitiatives, []);
  const show = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const d = new FormData(event.currentTarget);
    const day = (name: string) => (String(d.get(name) ?? '') ? endOfDayInOslo(String(d.get(name))) : undefined);
    navigate(`/audit/initiatives/${encodeURIComponent(String(d.get('initiative')))}`, {
      asOf: day('asOf'),
      validAt: day('validAt'),
    });
  };
  return (
    <section>
      <h1>{t('history')}</h1>
      <form onSubmit={show} className="api-form inline-form" aria-label={t('planAt')}>
        <div className="field">
          <label htmlFor="history-initiative">{t('initiative')}</label>
          <select
            id="history-initiative"
            name="initiative"
            defaultValue={id ?? ''}
            key={`${id}-${initiatives?.length}`}
          >
            {(initiatives ?? []).map((i) => (
              <option key={i.id} value={i.id}>
                {i.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="history-asof">{t('asOf')}</label>
          <input id="history-asof" name="asOf" type="date" defaultValue={asOf ? dayInOslo(asOf) : ''} />
        </div>
        <div className="field">
          <label htmlFor="history-validat">{t('validAt')}</label>
          <input id="history-validat" name="validAt" type="date" defaultValue={validAt ? dayInOslo(validAt) : ''} />
        </div>
        <div className="form-actions">
          <button type="submit">{t('show')}</button>
        </div>
      </form>
      {id && <HistoryBody id={id} moments={{ asOf, validAt }} />}
    </section>
  );
}

function HistoryBody({ id, moments }: { id: string; moments: Moments }) {
  const { t, dateTime } = useI18n();
  const { data, error } = useLoad(() => loadHistory(id, moments), [id, moments.asOf, moments.validAt]);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const heading = [
    moments.asOf ? `${t('asOf')} ${dateTime(moments.asOf)}` : '',
    moments.validAt ? `${t('validAt')} ${dateTime(moments.validAt)}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <>
      {data.plan && <PlanSnapshot view={data.plan} heading={`${t('planAt')}: ${heading}`} />}
      <h2>{t('history')}</h2>
      <ol className="timeline history">
        {data.items.map((item) => (
          <HistoryEntry key={item.eventId} item={item} />
        ))}
      </ol>
    </>
  );
}

export function HistoryEntry({ item }: { item: HistoryItem }) {
  const { t, dateTime } = useI18n();
  return (
    <li className="timeline-item">
      <time dateTime={item.recordedAt}>{dateTime(item.recordedAt)}</time>
      <div>
        <strong>{item.summary}</strong>
        <p className="meta">
          {t('actor')}: {item.actor.name ?? item.actor.sub} ({item.actor.sub}) · {t('occurredAt')}:{' '}
          {dateTime(item.occurredAt)}
          {item.caseRef && ` · ${t('caseRef')}: ${item.caseRef}`}
          {item.reason && ` · ${t('reason')}: ${item.reason}`}
        </p>
        {(item.before !== undefined || item.after !== undefined) && (
          <div className="before-after">
            <div>
              <h4>{t('before')}</h4>
              <pre>{JSON.stringify(item.before ?? null, null, 2)}</pre>
            </div>
            <div>
              <h4>{t('after')}</h4>
              <pre>{JSON.stringify(item.after ?? null, null, 2)}</pre>
            </div>
          </div>
        )}
      </div>
    </li>
  );
}
