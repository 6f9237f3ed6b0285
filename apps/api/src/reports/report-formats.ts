import type { ReportDocument } from './report-document';
import { cellOf, reportTables, type Cell } from './report-tables';

export const REPORT_CSV_CONTENT_TYPE = 'text/csv; charset=utf-8; header=present';
export const REPORT_HTML_CONTENT_TYPE = 'text/html; charset=utf-8';
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A cell as CSV text (RFC 4180). Text a spreadsheet would run as a formula (= + - @ at the start) gets a
 * leading apostrophe, so a report opened in a spreadsheet never executes what someone typed into it.
 */
function csvCell(cell: Cell): string {
  if (cell === null) return '';
  let text = String(cell);
  if (typeof cell === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvRow = (cells: readonly Cell[]) => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * Every part in one CSV: a section per part, each a header row (`part` and the part's fields) and its rows
 * with the part's name in the first column, sections apart by an empty line. The first lines say what the
 * report is.
 */
export function reportCsv(report: ReportDocument): string {
  const lines = [
    csvRow(['report', 'rootInitiativeId', 'period', 'from', 'to', 'compiledAt', 'approvedBy', 'approvedAt']),
    csvRow([
      report.id,
      report.rootInitiativeId,
      report.period.label,
      report.period.from,
      report.period.to,
      report.compiledAt,
      report.approvedBy,
      report.approvedAt,
    ]),
  ];
  for (const table of reportTables(report)) {
    lines.push('\r\n', csvRow(['part', ...table.columns.map((c) => c.key)]));
    for (const row of table.rows) lines.push(csvRow([table.part, ...table.columns.map((c) => cellOf(row, c.key))]));
  }
  return lines.join('');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function htmlCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'boolean') return cell ? 'ja' : 'nei';
  return escapeHtml(String(cell));
}

const STYLE =
  'body{font-family:system-ui,sans-serif;margin:2rem;color:#111}table{border-collapse:collapse;width:100%;' +
  'margin-bottom:1.5rem;font-size:.85rem}th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;' +
  'vertical-align:top}th{background:#eee}h2{page-break-after:avoid}@media print{body{margin:0}' +
  'section{page-break-inside:avoid}}';

/** A printable page with Nynorsk headings; every value from the report is escaped. */
export function reportHtml(report: ReportDocument): string {
  const approval = report.approved
    ? `Godkjend av ${escapeHtml(report.approvedBy ?? '')} ${escapeHtml(report.approvedAt ?? '')}`
    : 'Ikkje godkjend';
  const sections = reportTables(report).map((table) => {
    const head = table.columns.map((c) => `<th>${escapeHtml(c.nn)}</th>`).join('');
    const body = table.rows.length
      ? table.rows
          .map((row) => `<tr>${table.columns.map((c) => `<td>${htmlCell(cellOf(row, c.key))}</td>`).join('')}</tr>`)
          .join('\n')
      : `<tr><td colspan="${table.columns.length}">Ingen i perioden</td></tr>`;
    return `<section><h2>${escapeHtml(table.heading)}</h2>\n<table><thead><tr>${head}</tr></thead>\n<tbody>${body}</tbody></table></section>`;
  });
  const title = `Perioderapport ${report.period.label}: ${report.root.title}`;
  return [
    '<!doctype html>',
    '<html lang="nn">',
    `<head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>`,
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Periode: ${escapeHtml(report.period.from)} til ${escapeHtml(report.period.to)}. ` +
      `Samanstilt ${escapeHtml(report.compiledAt)}. ${approval}.</p>`,
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
