import { loadMeasureTerms, loadScorecardItems, type Measure, type ScorecardItem } from '../../api/scorecard';
import { ErrorMessage, Loading, useLoad } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { useScorecardTexts } from '../../i18n/scorecard-texts';
import { href } from '../../router';
import { figureText, useMeasureTerm } from './ScorecardPage';

/** What lies behind one figure: the items counting for it and against it, each linked to its initiative. */
export function ScorecardItemsPage({ query }: { query: Record<string, string> }) {
  const text = useScorecardTexts();
  const { data, error } = useLoad(
    async () => ({ items: await loadScorecardItems(query), terms: await loadMeasureTerms() }),
    [JSON.stringify(query)],
  );
  const term = useMeasureTerm(data?.terms ?? null);
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const { items } = data;
  const measure = items.measure as Measure;
  return (
    <section>
      <p>
        <a
          href={href('/scorecard', {
            groupBy: query.groupBy,
            period: items.period.includes('-T') ? 'tertial' : 'year',
          })}
        >
          {text('back')}
        </a>
      </p>
      <h1>
        {term(measure).label}, {items.period}
        {items.group ? `, ${items.group}` : ''}: {figureText(items.figure)}
      </h1>
      <p>{term(measure).definition}</p>
      <ItemTable caption={text('itemsAgainst')} items={items.against} />
      <ItemTable caption={text('itemsFor')} items={items.for} />
    </section>
  );
}

function ItemTable({ caption, items }: { caption: string; items: readonly ScorecardItem[] }) {
  const text = useScorecardTexts();
  const { date } = useI18n();
  return (
    <table>
      <caption>
        {caption} ({items.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">{text('initiative')}</th>
          <th scope="col">{text('item')}</th>
          <th scope="col">{text('date')}</th>
          <th scope="col">{text('reason')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={`${item.initiativeId}/${item.id}`}>
            <td>
              <a href={href(`/initiatives/${encodeURIComponent(item.initiativeId)}`)}>{item.initiativeTitle}</a>
            </td>
            <td>{item.title}</td>
            <td>{date(item.at)}</td>
            <td>{item.reason ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
