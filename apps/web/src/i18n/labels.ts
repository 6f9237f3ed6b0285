/**
 * Built-in labels for every enum value the API uses, per language. GET /vocabulary overrides them when
 * the server has it (see vocabulary.ts); an unknown value is shown as it is.
 */
export type Language = 'nn' | 'nb' | 'en';

type Labels = Record<string, Record<string, [nn: string, nb: string, en: string]>>;

export const BUILT_IN_LABELS: Labels = {
  kind: {
    focusArea: ['Satsingsområde', 'Satsingsområde', 'Focus area'],
    programme: ['Program', 'Program', 'Programme'],
    agreedDelivery: ['Avtalt leveranse', 'Avtalt leveranse', 'Agreed delivery'],
    project: ['Prosjekt', 'Prosjekt', 'Project'],
    measure: ['Tiltak', 'Tiltak', 'Measure'],
  },
  status: {
    planned: ['Planlagd', 'Planlagt', 'Planned'],
    active: ['Aktiv', 'Aktiv', 'Active'],
    paused: ['Pausa', 'Satt på pause', 'Paused'],
    closed: ['Avslutta', 'Avsluttet', 'Closed'],
  },
  rag: {
    green: ['Grøn', 'Grønn', 'Green'],
    amber: ['Gul', 'Gul', 'Amber'],
    red: ['Raud', 'Rød', 'Red'],
    unknown: ['Ukjend', 'Ukjent', 'Unknown'],
  },
  resultLevel: {
    input: ['Innsats', 'Innsats', 'Input'],
    activity: ['Aktivitet', 'Aktivitet', 'Activity'],
    output: ['Produkt', 'Produkt', 'Output'],
    userEffect: ['Brukareffekt', 'Brukereffekt', 'User effect'],
    societalEffect: ['Samfunnseffekt', 'Samfunnseffekt', 'Societal effect'],
  },
  direction: {
    increase: ['Auke', 'Øke', 'Increase'],
    decrease: ['Minke', 'Minke', 'Decrease'],
    maintain: ['Halde ved lag', 'Opprettholde', 'Maintain'],
  },
  aggregation: {
    sum: ['Sum', 'Sum', 'Sum'],
    mean: ['Gjennomsnitt', 'Gjennomsnitt', 'Mean'],
    none: ['Ikkje samla', 'Ikke samlet', 'Not aggregated'],
  },
  indicatorStatus: {
    onTrack: ['I rute', 'I rute', 'On track'],
    atRisk: ['I faresona', 'I faresonen', 'At risk'],
    offTrack: ['Ute av kurs', 'Ute av kurs', 'Off track'],
    stale: ['Manglar måling', 'Mangler måling', 'Stale'],
    unknown: ['Ukjend', 'Ukjent', 'Unknown'],
  },
  milestoneStatus: {
    planned: ['Planlagd', 'Planlagt', 'Planned'],
    achieved: ['Nådd', 'Nådd', 'Achieved'],
    missed: ['Ikkje nådd', 'Ikke nådd', 'Missed'],
    cancelled: ['Avlyst', 'Avlyst', 'Cancelled'],
  },
  decisionKind: {
    continue: ['Hald fram', 'Fortsett', 'Continue'],
    adjust: ['Juster', 'Juster', 'Adjust'],
    pause: ['Set på pause', 'Sett på pause', 'Pause'],
    resume: ['Ta oppatt', 'Gjenoppta', 'Resume'],
    stop: ['Stopp', 'Stopp', 'Stop'],
    escalate: ['Eskaler', 'Eskaler', 'Escalate'],
    courseCorrection: ['Kurskorrigering', 'Kurskorrigering', 'Course correction'],
  },
  changeType: {
    reviseGoal: ['Endre mål', 'Endre mål', 'Revise goal'],
    changeTargets: ['Endre målverdiar', 'Endre målverdier', 'Change targets'],
    rescheduleMilestone: ['Flytt milepæl', 'Flytt milepæl', 'Reschedule milestone'],
    planMilestone: ['Ny milepæl', 'Ny milepæl', 'Plan milestone'],
  },
  benefitKind: {
    benefit: ['Gevinst', 'Gevinst', 'Benefit'],
    disbenefit: ['Ulempe', 'Ulempe', 'Disbenefit'],
  },
  outcome: {
    completed: ['Fullført', 'Fullført', 'Completed'],
    cancelled: ['Avbroten', 'Avbrutt', 'Cancelled'],
  },
  achievement: {
    full: ['Heilt nådd', 'Helt nådd', 'Fully achieved'],
    partial: ['Delvis nådd', 'Delvis nådd', 'Partly achieved'],
    none: ['Ikkje nådd', 'Ikke nådd', 'Not achieved'],
  },
  severity: {
    info: ['Informasjon', 'Informasjon', 'Information'],
    warning: ['Åtvaring', 'Advarsel', 'Warning'],
    critical: ['Kritisk', 'Kritisk', 'Critical'],
  },
  alertStatus: {
    open: ['Open', 'Åpen', 'Open'],
    acknowledged: ['Kvittert', 'Kvittert', 'Acknowledged'],
    resolved: ['Løyst', 'Løst', 'Resolved'],
  },
  alertRule: {
    'milestone.dueSoon': ['Milepæl forfell snart', 'Milepæl forfaller snart', 'Milestone due soon'],
    'milestone.overdue': ['Milepæl på overtid', 'Milepæl på overtid', 'Milestone overdue'],
    'milestone.missed': ['Milepæl ikkje nådd', 'Milepæl ikke nådd', 'Milestone missed'],
    'milestone.achieved': ['Milepæl nådd', 'Milepæl nådd', 'Milestone achieved'],
    'indicator.offTrack': ['Indikator ute av kurs', 'Indikator ute av kurs', 'Indicator off track'],
    'benefit.realisationOverdue': ['Gevinst på overtid', 'Gevinst på overtid', 'Benefit realisation overdue'],
    'decision.followUpOverdue': ['Oppfølging på overtid', 'Oppfølging på overtid', 'Follow-up overdue'],
  },
  role: {
    caseworker: ['Sakshandsamar', 'Saksbehandler', 'Caseworker'],
    leader: ['Leiar', 'Leder', 'Leader'],
    auditor: ['Revisor', 'Revisor', 'Auditor'],
    admin: ['Administrator', 'Administrator', 'Administrator'],
  },
};

const INDEX: Record<Language, 0 | 1 | 2> = { nn: 0, nb: 1, en: 2 };

/** Labels per enum and value in one language, e.g. labelsFor('nn').kind.project === 'Prosjekt'. */
export function labelsFor(language: Language): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(BUILT_IN_LABELS).map(([enumName, values]) => [
      enumName,
      Object.fromEntries(Object.entries(values).map(([value, names]) => [value, names[INDEX[language]]])),
    ]),
  );
}
