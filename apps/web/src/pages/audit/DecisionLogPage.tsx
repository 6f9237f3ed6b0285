import { type FormEvent } from 'react';
import { ApiProblem, apiJson } from '../../api/client';
import type { DecisionLogItem, Page } from '../../api/views';
import { ErrorMessage, Loading, useLoad } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { href, navigate } from '../../router';
import { justBefore } from './dates';
import { HistoryEntry } from './HistoryPage';

const FILTERS = ['caseRef', 'decidedBy', 'actor', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

const who = (recordedBy: DecisionLogItem['recordedBy']) =>
  typeof recordedBy === 'string' ? recordedBy : (recordedBy?.name ?? recordedBy?.sub ?? '');

/**
 * GET /audit/decisions by case number and by who decided. Where the server does not filter by a field
 * (it answers 400 naming it), the console asks without it and filters what it gets.
 */
async function search(filters: Filters): Promise<DecisionLogItem[]> {
  const ask = (names: readonly string[]) => {
    const query = new URLSearchParams({ limit: '500' });
    for (const name of names) if (filters[name as keyof Filters]) query.set(name, filters[name as keyof Filters]!);
    return apiJson<Page<DecisionLogItem>>(`/audit/decisions?${query}`);
  };
  let page: Page<DecisionLogItem>;
  try {
    page = await ask(FILTERS);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
    page = await ask(['actor', 'from', 'to']);
  }
  const contains = (value: string | null | undefined, wanted: string | undefined) =>
    !wanted || (value ?? '').toLowerCase().includes(wanted.toLowerCase());
  return page.items.filter(
    (item) => contains(item.caseRef, filters.caseRef) && contains(item.decidedBy, filters.decidedBy),
  );
}

export function DecisionLogPage({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const d = new FormData(event.currentTarget);
    navigate('/audit/decisions', Object.fromEntries(FILTERS.map((name) => [name, String(d.get(name) ?? '').trim()])));
  };
  const searched = FILTERS.some((name) => filters[name]);
  return (
    <section>
      <h1>{t('decisionLog')}</h1>
      <form role="search" onSubmit={submit} className="api-form inline-form" aria-label={t('decisionLog')}>
        {(
          [
            ['caseRef', t('caseRef'), 'text'],
            ['decidedBy', t('decidedBy'), 'text'],
            ['actor', t('recordedBy'), 'text'],
            ['from', t('from'), 'date'],
            ['to', t('to'), 'date'],
          ] as const
        ).map(([name, text, type]) => (
          <div className="field" key={name}>
            <label htmlFor={`log-${name}`}>{text}</label>
            <input id={`log-${name}`} name={name} type={type} defaultValue={filters[name] ?? ''} />
          </div>
        ))}
        <div className="form-actions">
          <button type="submit">{t('search')}</button>
        </div>
      </form>
      <Results filters={filters} key={JSON.stringify(filters)} searched={searched} />
    </section>
  );
}

function Results({ filters, searched }: { filters: Filters; searched: boolean }) {
  const { t, label, date, dateTime } = useI18n();
  const { data, error } = useLoad(() => search(filters), [JSON.stringify(filters)]);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <section aria-labelledby="log-results">
      <h2 id="log-results">
        {t('results')}: {data.length}
      </h2>
      {data.length === 0 && searched && <p>{t('empty')}</p>}
      {data.map((item) => (
        <article key={item.decisionId} className="card decision">
          <h3>
            {label('decisionKind', item.kind)}: {item.summary}
          </h3>
          <dl className="facts">
            <dt>{t('initiative')}</dt>
            <dd>{item.initiativeTitle}</dd>
            <dt>{t('caseRef')}</dt>
            <dd>{item.caseRef ?? '–'}</dd>
            <dt>{t('decidedBy')}</dt>
            <dd>{item.decidedBy ?? '–'}</dd>
            <dt>{t('decidedAt')}</dt>
            <dd>{date(item.occurredAt)}</dd>
            <dt>{t('recordedAt')}</dt>
            <dd>
              {dateTime(item.recordedAt)} ({who(item.recordedBy)})
            </dd>
          </dl>
          {item.rationale && <p>{item.rationale}</p>}
          <p>
            <a
              href={href(`/audit/initiatives/${encodeURIComponent(item.initiativeId)}`, {
                asOf: justBefore(item.recordedAt),
              })}
            >
              {t('planAt')}: {t('before').toLowerCase()} {item.caseRef ?? item.summary}
            </a>
          </p>
          {item.changes.length > 0 && (
            <>
              <h4>{t('changes')}</h4>
              <ol className="timeline">
                {item.changes.map((change) => (
                  <HistoryEntry key={change.eventId} item={change} />
                ))}
              </ol>
            </>
          )}
        </article>
      ))}
    </section>
  );
}
