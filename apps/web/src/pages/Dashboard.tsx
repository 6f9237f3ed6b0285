import { apiJson } from '../api/client';
import type { AlertView, MilestoneDue, Page, PortfolioView } from '../api/views';
import { Badge, ErrorMessage, Loading, RagReasons, useLoad } from '../components/common';
import { useI18n } from '../i18n/i18n';
import { href } from '../router';
import { loadAllInitiatives } from './Portfolio';
import { AlertInbox } from './Alerts';

const RAGS = ['red', 'amber', 'green', 'unknown'] as const;

async function loadDashboard() {
  const [portfolio, initiatives, followUps] = await Promise.all([
    apiJson<PortfolioView>('/portfolio'),
    loadAllInitiatives(),
    apiJson<Page<AlertView>>('/alerts?rule=decision.followUpOverdue&status=unresolved&limit=200'),
  ]);
  const due = portfolio.focusAreas.flatMap((area) => area.milestones?.dueIn30Days ?? []);
  return { portfolio, initiatives, followUps: followUps.items, due };
}

/** The leader's overview: the portfolio by RAG with reasons, milestones soon due, overdue follow-ups, alerts. */
export function DashboardPage() {
  const { t } = useI18n();
  const { data, error } = useLoad(loadDashboard, []);
  return (
    <section>
      <h1>{t('dashboard')}</h1>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : <DashboardBody data={data} />}
      <AlertInbox />
    </section>
  );
}

function DashboardBody({ data }: { data: Awaited<ReturnType<typeof loadDashboard>> }) {
  const { t, number } = useI18n();
  return (
    <div className="grid">
      <section aria-labelledby="by-rag" className="card">
        <h2 id="by-rag">{t('byRag')}</h2>
        <ul className="rag-totals">
          {RAGS.map((rag) => (
            <li key={rag}>
              <Badge enumName="rag" value={rag} /> {number(data.initiatives.filter((i) => i.rag === rag).length)}
            </li>
          ))}
        </ul>
        {RAGS.filter((rag) => rag === 'red' || rag === 'amber').map((rag) =>
          data.initiatives
            .filter((i) => i.rag === rag)
            .map((i) => (
              <div key={i.id} className="rag-row">
                <Badge enumName="rag" value={rag} />{' '}
                <a href={href(`/initiatives/${encodeURIComponent(i.id)}`)}>{i.title}</a>
                <RagReasons reasons={i.ragReasons} />
              </div>
            )),
        )}
      </section>
      <MilestoneList title={t('dueIn30')} items={data.due} />
      <section aria-labelledby="follow-ups" className="card">
        <h2 id="follow-ups">{t('overdueFollowUps')}</h2>
        {data.followUps.length === 0 ? (
          <p>{t('none')}</p>
        ) : (
          <ul>
            {data.followUps.map((a) => (
              <li key={a.id}>
                <a href={href(`/initiatives/${encodeURIComponent(a.initiativeId)}`)}>
                  {a.initiativeTitle ?? a.initiativeId}
                </a>
                : {a.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function MilestoneList({ title, items }: { title: string; items: readonly MilestoneDue[] }) {
  const { t, date } = useI18n();
  const sorted = [...items].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return (
    <section aria-labelledby="due-soon" className="card">
      <h2 id="due-soon">{title}</h2>
      {sorted.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul>
          {sorted.map((m) => (
            <li key={`${m.initiativeId}-${m.id ?? m.milestoneId}`}>
              <time dateTime={m.dueAt}>{date(m.dueAt)}</time> {m.title}
              {m.initiativeId && (
                <>
                  {' '}
                  (
                  <a href={href(`/initiatives/${encodeURIComponent(m.initiativeId)}`)}>
                    {m.initiativeTitle ?? m.initiativeId}
                  </a>
                  )
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
