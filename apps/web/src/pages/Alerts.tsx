import { api, apiJson, must } from '../api/client';
import { SEVERITIES } from '../api/enums';
import type { AlertView, Page, SubscriptionView } from '../api/views';
import { currentSession, hasRole } from '../auth/session';
import { Badge, ErrorMessage, Loading, useLoad } from '../components/common';
import { ApiForm, compact, Field, text, useEnumOptions } from '../components/forms';
import { useI18n } from '../i18n/i18n';
import { href } from '../router';
import { loadAllInitiatives } from './Portfolio';

export function AlertsPage() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t('alerts')}</h1>
      <AlertInbox />
      {hasRole(currentSession(), 'leader') && <Subscriptions />}
    </section>
  );
}

/** Unresolved alerts, newest first; a leader acknowledges one with a comment and the decision answering it. */
export function AlertInbox() {
  const { t } = useI18n();
  const { data, error, reload } = useLoad(
    () => apiJson<Page<AlertView>>('/alerts?status=unresolved&limit=100').then((page) => page.items),
    [],
  );
  return (
    <section aria-labelledby="alert-inbox" className="inbox">
      <h2 id="alert-inbox">{t('alertInbox')}</h2>
      {error ? (
        <ErrorMessage error={error} />
      ) : !data ? (
        <Loading />
      ) : data.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul className="alerts">
          {data.map((alert) => (
            <AlertItem key={alert.id} alert={alert} onChange={reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AlertItem({ alert, onChange }: { alert: AlertView; onChange: () => void }) {
  const { t, label, dateTime } = useI18n();
  const acknowledge = (d: FormData) =>
    must(
      api.POST('/alerts/{id}/acknowledge', {
        params: { path: { id: alert.id } },
        body: compact({ comment: text(d, 'comment') ?? '', decisionId: text(d, 'decisionId') }),
      }),
    );
  return (
    <li className={`alert severity-${alert.severity}`}>
      <h3>
        <Badge enumName="severity" value={alert.severity} /> {label('alertRule', alert.rule)}:{' '}
        <a href={href(`/initiatives/${encodeURIComponent(alert.initiativeId)}`)}>
          {alert.initiativeTitle ?? alert.initiativeId}
        </a>
      </h3>
      <p>{alert.message}</p>
      <p className="meta">
        {t('raisedAt')}: {dateTime(alert.raisedAt)} · {t('status')}: {label('alertStatus', alert.status)}
        {alert.acknowledgement && ` · ${t('comment')}: ${alert.acknowledgement.comment}`}
      </p>
      {alert.status === 'open' && hasRole(currentSession(), 'leader') && (
        <ApiForm
          title={`${t('acknowledge')}: ${label('alertRule', alert.rule)}`}
          headingLevel={3}
          submitLabel={t('acknowledge')}
          onSubmit={acknowledge}
          onDone={onChange}
        >
          <Field name="comment" label={t('comment')} required />
          <Field name="decisionId" label={t('decisionId')} />
        </ApiForm>
      )}
    </li>
  );
}

function Subscriptions() {
  const { t, label } = useI18n();
  const severities = useEnumOptions('severity', SEVERITIES);
  const { data, error, reload } = useLoad(async () => {
    const [subscriptions, initiatives] = await Promise.all([
      apiJson<{ items: SubscriptionView[] } | SubscriptionView[]>('/alert-subscriptions'),
      loadAllInitiatives(),
    ]);
    return { subscriptions: Array.isArray(subscriptions) ? subscriptions : subscriptions.items, initiatives };
  }, []);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const titles = new Map(data.initiatives.map((i) => [i.id, i.title]));
  const subscribe = (d: FormData) =>
    must(
      api.POST('/alert-subscriptions', {
        body: compact({
          initiativeId: text(d, 'initiativeId') ?? '',
          minSeverity: text(d, 'minSeverity') as (typeof SEVERITIES)[number] | undefined,
          webhookUrl: text(d, 'webhookUrl'),
        }),
      }),
    );
  const end = async (id: string) => {
    await must(api.DELETE('/alert-subscriptions/{id}', { params: { path: { id } } }));
    reload();
  };
  return (
    <section aria-labelledby="subscriptions">
      <h2 id="subscriptions">{t('subscriptions')}</h2>
      {data.subscriptions.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul>
          {data.subscriptions.map((s) => (
            <li key={s.id}>
              {titles.get(s.initiativeId) ?? s.initiativeId} ({label('severity', s.minSeverity ?? 'info')}){' '}
              <button type="button" className="secondary" onClick={() => void end(s.id)}>
                {t('unsubscribe')}: {titles.get(s.initiativeId) ?? s.initiativeId}
              </button>
            </li>
          ))}
        </ul>
      )}
      <ApiForm title={t('subscribe')} submitLabel={t('subscribe')} onSubmit={subscribe} onDone={reload}>
        <Field
          name="initiativeId"
          label={t('initiative')}
          required
          options={data.initiatives.map((i) => ({ value: i.id, label: `${i.title} (${label('kind', i.kind)})` }))}
        />
        <Field name="minSeverity" label={t('minSeverity')} options={severities} />
        <Field name="webhookUrl" label={t('webhookUrl')} type="url" />
      </ApiForm>
    </section>
  );
}
