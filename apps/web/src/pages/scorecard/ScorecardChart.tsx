import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import type { Measure, Scorecard } from '../../api/scorecard';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

const COLOURS = ['#1f4e79', '#b3261e', '#2e7d32', '#6a1b9a', '#ef6c00', '#00838f', '#5d4037', '#455a64'];

/** The last six periods of one measure: the whole portfolio and each group, as percentages. */
export function ScorecardChart(props: {
  card: Scorecard;
  measure: Measure;
  title: string;
  allLabel: string;
  onPick: (period: string, group: string | null) => void;
}) {
  const { card, measure, title, allLabel, onPick } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const lines = [
    { key: null as string | null, label: allLabel, trend: card.total.trend[measure] },
    ...card.groups.map((g) => ({ key: g.key as string | null, label: g.label, trend: g.trend[measure] })),
  ];
  const labels = card.total.trend[measure].map((p) => p.period);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels,
        datasets: lines.map((line, i) => ({
          label: line.label,
          data: line.trend.map((p) => (p.value === null ? null : Math.round(p.value * 1000) / 10)),
          borderColor: COLOURS[i % COLOURS.length],
          borderWidth: i === 0 ? 3 : 1.5,
          spanGaps: true,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, title: { display: true, text: '%' } } },
        onClick: (_event, elements) => {
          const hit = elements[0];
          if (hit) onPick(labels[hit.index]!, lines[hit.datasetIndex]!.key);
        },
      },
    });
    return () => chart.destroy();
    // The figures are the dependency; rebuilding the chart on each render would lose nothing but time.
  }, [JSON.stringify([labels, lines]), measure]);
  return (
    <div className="chart-box">
      <canvas ref={canvas} role="img" aria-label={title} />
    </div>
  );
}
