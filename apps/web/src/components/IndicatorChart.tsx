import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  TimeSeriesScale,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import type { Dated, IndicatorView } from '../api/views';
import { useI18n } from '../i18n/i18n';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, TimeSeriesScale, Legend, Tooltip);

const day = (iso: string) => iso.slice(0, 10);

/**
 * Measurements against the target path (baseline, then each target, joined by straight lines, as the
 * status rules judge them). A table with the same figures follows the canvas for screen readers.
 */
export function IndicatorChart({ indicator, measurements }: { indicator: IndicatorView; measurements: Dated[] }) {
  const { t, date } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const path: Dated[] = [indicator.baseline, ...indicator.targets];
  const labels = [...new Set([...path, ...measurements].map((p) => day(p.at)))].sort();
  const series = (points: Dated[]) => {
    const byDay = new Map(points.map((p) => [day(p.at), p.value]));
    return labels.map((l) => byDay.get(l) ?? null);
  };
  useEffect(() => {
    if (!canvas.current) return;
    const datasets: ChartDataset<'line', (number | null)[]>[] = [
      { label: t('targetPath'), data: series(path), borderColor: '#1f4e79', borderDash: [6, 4], spanGaps: true },
      { label: t('measurements'), data: series(measurements), borderColor: '#b3261e', spanGaps: true, pointRadius: 4 },
    ];
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: { labels: labels.map(date), datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { title: { display: true, text: indicator.unit } } },
      },
    });
    return () => chart.destroy();
    // The figures are the dependency; rebuilding the chart on each render would lose nothing but time.
  }, [JSON.stringify([path, measurements, labels]), date, t]);
  return (
    <figure className="chart">
      <figcaption>
        {t('trendChart')}: {indicator.name}
      </figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={`${t('trendChart')}: ${indicator.name}`} />
      </div>
      <ChartTable labels={labels} path={series(path)} measured={series(measurements)} />
    </figure>
  );
}

interface ChartTableProps {
  readonly labels: readonly string[];
  readonly path: readonly (number | null)[];
  readonly measured: readonly (number | null)[];
}

/** The chart's figures as a table, for screen readers and for reading exact values. */
function ChartTable({ labels, path, measured }: ChartTableProps) {
  const { t, date, number } = useI18n();
  return (
    <details>
      <summary>
        {t('measurements')} / {t('targetPath')}
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('measuredAt')}</th>
            <th scope="col">{t('targetPath')}</th>
            <th scope="col">{t('measurements')}</th>
          </tr>
        </thead>
        <tbody>
          {labels.map((l, i) => (
            <tr key={l}>
              <td>{date(l)}</td>
              <td>{number(path[i])}</td>
              <td>{number(measured[i])}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
