import type { ReportDocument } from './report-document';

export type Cell = string | number | boolean | null;

export interface ReportColumn {
  /** The field name, as in the JSON document: the header of CSV and workbook. */
  readonly key: string;
  /** The Nynorsk heading of the printable report. */
  readonly nn: string;
}

/** One part of a report as a table: a CSV section, a workbook sheet, a section of the printable page. */
export interface ReportTable {
  /** English name: the workbook's sheet and the CSV's `part` column. */
  readonly part: string;
  /** Nynorsk heading of the printable page. */
  readonly heading: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly object[];
}

const col = (key: string, nn: string): ReportColumn => ({ key, nn });
const INITIATIVE = col('initiativeTitle', 'Tiltak');

const joinReasons = (reasons: ReadonlyArray<{ title: string; detail: string }>) =>
  reasons.map((r) => `${r.title} (${r.detail})`).join('; ');

function statusTable(report: ReportDocument): ReportTable {
  return {
    part: 'Status',
    heading: 'Status og årsaker',
    columns: [
      col('initiativeId', 'Id'),
      col('title', 'Tiltak'),
      col('kind', 'Type'),
      col('status', 'Status'),
      col('rag', 'RAG'),
      col('ragReasons', 'Årsaker'),
      col('commentary', 'Kommentar'),
    ],
    rows: report.initiatives.map((row) => ({ ...row, ragReasons: joinReasons(row.ragReasons) })),
  };
}

function indicatorTable(report: ReportDocument): ReportTable {
  return {
    part: 'Indicators',
    heading: 'Indikatorar mot mål i perioden',
    columns: [
      INITIATIVE,
      col('name', 'Indikator'),
      col('unit', 'Eining'),
      col('baseline', 'Utgangsverdi'),
      col('targetAt', 'Måldato'),
      col('target', 'Målverdi'),
      col('actual', 'Faktisk verdi'),
      col('actualAt', 'Målt'),
      col('met', 'Nådd'),
      col('status', 'Status'),
    ],
    rows: report.indicators,
  };
}

function milestoneTable(report: ReportDocument): ReportTable {
  return {
    part: 'Milestones',
    heading: 'Milepælar med frist i perioden',
    columns: [
      INITIATIVE,
      col('title', 'Milepæl'),
      col('dueAt', 'Frist'),
      col('status', 'Status'),
      col('achievedAt', 'Nådd'),
      col('overdue', 'Forseinka'),
    ],
    rows: report.milestones,
  };
}

function decisionTable(report: ReportDocument): ReportTable {
  return {
    part: 'Decisions',
    heading: 'Vedtak i perioden',
    columns: [
      INITIATIVE,
      col('occurredAt', 'Dato'),
      col('kind', 'Type'),
      col('summary', 'Samandrag'),
      col('caseRef', 'Saksnummer'),
      col('decidedBy', 'Vedteke av'),
      col('risks', 'Risikoar'),
    ],
    rows: report.decisions.map((row) => ({ ...row, risks: row.risks.join(', ') })),
  };
}

function fundingTable(report: ReportDocument): ReportTable {
  const f = report.funding;
  const utilisation = (planned: number, actual: number) =>
    planned > 0 ? Math.round((actual / planned) * 10000) / 10000 : null;
  return {
    part: 'Funding',
    heading: 'Finansiering',
    columns: [
      col('by', 'Etter'),
      col('key', 'Kva'),
      col('planned', 'Planlagt (kr)'),
      col('actual', 'Faktisk (kr)'),
      col('utilisation', 'Forbruk'),
    ],
    rows: [
      ...f.byYear.map((y) => ({ by: 'year', key: y.year, ...y, utilisation: utilisation(y.planned, y.actual) })),
      ...f.bySource.map((s) => ({ by: 'source', key: s.source, ...s, utilisation: utilisation(s.planned, s.actual) })),
      {
        by: 'total',
        key: f.years.join(', '),
        planned: f.plannedTotal,
        actual: f.actualTotal,
        utilisation: f.utilisation,
      },
    ],
  };
}

function benefitTable(report: ReportDocument): ReportTable {
  return {
    part: 'Benefits',
    heading: 'Gevinstar',
    columns: [
      INITIATIVE,
      col('description', 'Gevinst'),
      col('kind', 'Type'),
      col('owner', 'Eigar'),
      col('unit', 'Eining'),
      col('baseline', 'Utgangsverdi'),
      col('target', 'Målverdi'),
      col('realisedValue', 'Realisert'),
      col('realisationDue', 'Frist'),
      col('status', 'Status'),
      col('realisationsInPeriod', 'Registrert i perioden'),
    ],
    rows: report.benefits,
  };
}

function riskTable(report: ReportDocument): ReportTable {
  return {
    part: 'Risks',
    heading: 'Dei største risikoane',
    columns: [
      INITIATIVE,
      col('title', 'Risiko'),
      col('category', 'Kategori'),
      col('likelihood', 'Sannsyn'),
      col('impact', 'Konsekvens'),
      col('score', 'Risikotal'),
      col('owner', 'Eigar'),
      col('mitigation', 'Tiltak'),
    ],
    rows: report.topRisks,
  };
}

/** The parts of a report in the order every format shows them. */
export function reportTables(report: ReportDocument): ReportTable[] {
  return [
    statusTable(report),
    indicatorTable(report),
    milestoneTable(report),
    decisionTable(report),
    fundingTable(report),
    benefitTable(report),
    riskTable(report),
  ];
}

/** The row's value in a column, as a cell. */
export function cellOf(row: object, key: string): Cell {
  const value = (row as Record<string, unknown>)[key];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
