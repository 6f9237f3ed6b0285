import ExcelJS from 'exceljs';
import type { ReportDocument } from './report-document';
import { cellOf, reportTables } from './report-tables';

/**
 * The report as an Excel workbook: one sheet per part (Status, Indicators, Milestones, Decisions,
 * Funding, Benefits, Risks), each with a header row of field names, frozen and filterable, then
 * one row per entry; numbers stay numbers, and text
 * is written as text (never as a formula), whatever it starts with. A first sheet, Report, says what the report is.
 */
export async function reportWorkbook(report: ReportDocument): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = report.compiledBy.name ?? report.compiledBy.sub;
  workbook.created = new Date(report.compiledAt);
  workbook.title = `${report.period.label}: ${report.root.title}`;
  const about = workbook.addWorksheet('Report');
  about.columns = [
    { header: 'field', key: 'field', width: 20 },
    { header: 'value', key: 'value', width: 60 },
  ];
  const facts: Array<[string, string | null]> = [
    ['report', report.id],
    ['rootInitiativeId', report.rootInitiativeId],
    ['title', report.root.title],
    ['period', report.period.label],
    ['from', report.period.from],
    ['to', report.period.to],
    ['compiledAt', report.compiledAt],
    ['approvedBy', report.approvedBy],
    ['approvedAt', report.approvedAt],
  ];
  for (const [field, value] of facts) about.addRow({ field, value });
  for (const table of reportTables(report)) {
    const sheet = workbook.addWorksheet(table.part, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = table.columns.map((c) => ({ header: c.key, key: c.key, width: Math.max(12, c.key.length + 2) }));
    sheet.getRow(1).font = { bold: true };
    for (const row of table.rows) {
      sheet.addRow(Object.fromEntries(table.columns.map((c) => [c.key, cellOf(row, c.key)])));
    }
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
