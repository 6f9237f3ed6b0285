import { apiFetch } from '../../api/client';
import {
  GROUPINGS,
  loadMeasureTerms,
  loadScorecard,
  MEASURES,
  PERIOD_KINDS,
  type Grouping,
  type Measure,
  type MeasureFigure,
  type MeasureTerm,
  type PeriodKind,
  type Scorecard,
} from '../../api/scorecard';
import { ErrorMessage, Loading, useLoad } from '../../components/common';
import { useI18n } from '../../i18n/i18n';
import { useScorecardTexts } from '../../i18n/scorecard-texts';
import { href, navigate } from '../../router';
import { ScorecardChart } from './ScorecardChart';

const percent = (value: number | null) => (value === null ? '–' : `${Math.round(value * 1000) / 10} %`);

export const figureText = (f: MeasureFigure) => `${percent(f.value)} (${f.numerator}/${f.denominator})`;

/** The measure's label and definition in the console's language (Nynorsk for nn and nb). */
export function useMeasureTerm(terms: readonly MeasureTerm[] | null) {
  const { language } = useI18n();
  return (measure: Measure) => {
    const term = terms?.find((t) => t.code === measure);
    return { label: term ? (language === 'en' ? term.en : term.nn) : measure, definition: term?.definition ?? '' };
  };
}

export const itemsHref = (measure: Measure, period: string, groupBy: Grouping, group: string | null) =>
  href('/scorecard/items', { measure, period, groupBy, group: group ?? undefined });

/** Leadership's view of the ability to carry things out: a trend chart and a table per measure. */
export function ScorecardPage({ groupBy, period }: { groupBy: Grouping; period: PeriodKind }) {
  const text = useScorecardTexts();
  const { data, error } = useLoad(
    async () => ({ card: await loadScorecard(groupBy, period), terms: await loadMeasureTerms() }),
    [groupBy, period],
  );
  const term = useMeasureTerm(data?.terms ?? null);
  return (
    <section>
      <h1>{text('scorecard')}</h1>
      <p>{text('scorecardIntro')}</p>
      <Controls groupBy={groupBy} period={period} />
      {error ? (
        <ErrorMessage error={error} />
      ) : !data ? (
        <Loading />
      ) : (
        MEASURES.map((measure) => (
          <figure className="chart" key={measure} aria-labelledby={`measure-${measure}`}>
            <figcaption id={`measure-${measure}`}>
              <strong>{term(measure).label}</strong> — {term(measure).definition}
            </figcaption>
            <ScorecardChart
              card={data.card}
              measure={measure}
              title={term(measure).label}
              allLabel={text('all')}
              onPick={(p, group) => navigate('/scorecard/items', { measure, period: p, groupBy, group: group ?? '' })}
            />
            <MeasureTable card={data.card} measure={measure} />
          </figure>
        ))
      )}
    </section>
  );
}

function Controls({ groupBy, period }: { groupBy: Grouping; period: PeriodKind }) {
  const text = useScorecardTexts();
  return (
    <div className="filters">
      <label>
        {text('groupBy')}{' '}
        <select value={groupBy} onChange={(e) => navigate('/scorecard', { groupBy: e.target.value, period })}>
          {GROUPINGS.map((g) => (
            <option key={g} value={g}>
              {text(g)}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        {text('periodKind')}{' '}
        <select value={period} onChange={(e) => navigate('/scorecard', { groupBy, period: e.target.value })}>
          {PERIOD_KINDS.map((p) => (
            <option key={p} value={p}>
              {text(p)}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" onClick={() => void download(groupBy, period, 'csv')}>
        {text('exportCsv')}
      </button>{' '}
      <button type="button" onClick={() => void download(groupBy, period, 'xlsx')}>
        {text('exportXlsx')}
      </button>
    </div>
  );
}

/** The export needs the bearer token, so it is fetched and handed to the browser as a file. */
async function download(groupBy: Grouping, period: PeriodKind, format: 'csv' | 'xlsx') {
  const response = await apiFetch(`/scorecard?${new URLSearchParams({ groupBy, period, format })}`);
  if (!response.ok) return;
  const name = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name ?? `scorecard.${format}` });
  link.click();
  URL.revokeObjectURL(url);
}

function MeasureTable({ card, measure }: { card: Scorecard; measure: Measure }) {
  const text = useScorecardTexts();
  const rows = [{ key: null as string | null, label: text('all'), periods: card.total.periods }, ...card.groups];
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{text('group')}</th>
          {card.periods.map((p) => (
            <th scope="col" key={p}>
              {p}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key ?? '*'}>
            <th scope="row">{row.label}</th>
            {row.periods.map((p) => (
              <td key={p.period}>
                <a href={itemsHref(measure, p.period, card.groupBy, row.key)}>{figureText(p.measures[measure])}</a>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
