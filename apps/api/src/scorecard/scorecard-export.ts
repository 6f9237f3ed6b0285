import ExcelJS from 'exceljs';
import { SCORECARD_MEASURE_TERMS, SCORECARD_MEASURES } from '@followup/domain';
import type { MeasureFigure, Scorecard, ScorecardPeriodFigures } from '@followup/read-model';

export const SCORECARD_CSV_TYPE = 'text/csv; charset=utf-8; header=present';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** One row per group, period and measure; the whole portfolio's rows come first, under the group `all`. */
export const SCORECARD_COLUMNS = [
  'group',
  'groupLabel',
  'period',
  'start',
  'end',
  'measure',
  'numerator',
  'denominator',
  'value',
  'medianDaysOverdue',
  'reasons',
  'byUnit',
] as const;

type Cell = string | number | null;

function detailOf(figure: MeasureFigure): Cell[] {
  const reasons = Object.entries(figure.reasons)
    .map(([reason, count]) => `${reason}: ${count}`)
    .join('; ');
  const byUnit = (figure.byUnit ?? []).map((u) => `${u.unit}: ${u.realised} of ${u.planned}`).join('; ');
  return [figure.medianDaysOverdue ?? null, reasons, byUnit];
}

export function scorecardRows(card: Scorecard): Cell[][] {
  const groups = [{ key: 'all', label: 'All', periods: card.total.periods }, ...card.groups];
  const rowsOf = (key: string, label: string, p: ScorecardPeriodFigures) =>
    SCORECARD_MEASURES.map((measure): Cell[] => {
      const figure = p.measures[measure];
      const head = [key, label, p.period, p.start, p.end, measure, figure.numerator, figure.denominator];
      return [...head, figure.value, ...detailOf(figure)];
    });
  return groups.flatMap((group) => group.periods.flatMap((p) => rowsOf(group.key, group.label, p)));
}

/** RFC 4180 with CRLF; a text cell a spreadsheet would read as a formula is prefixed with an apostrophe. */
function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function scorecardCsv(card: Scorecard): string {
  return [SCORECARD_COLUMNS, ...scorecardRows(card)].map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}

/** A workbook with the figures (sheet Scorecard) and what each measure means (sheet Definitions). */
export async function scorecardWorkbook(card: Scorecard, computedAt: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(computedAt);
  const figures = workbook.addWorksheet('Scorecard');
  figures.addRow([...SCORECARD_COLUMNS]).font = { bold: true };
  for (const row of scorecardRows(card)) figures.addRow(row);
  figures.getColumn(9).numFmt = '0.0%';
  const definitions = workbook.addWorksheet('Definitions');
  definitions.addRow(['measure', 'nn', 'en', 'definition']).font = { bold: true };
  for (const term of SCORECARD_MEASURE_TERMS) definitions.addRow([term.code, term.nn, term.en, term.definition]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
