/** Short titles of alerts for people (e-mail subjects and lists), in Nynorsk or English. */
import type { MessageLanguage } from '@followup/platform';
import type { AlertEventKind, AlertRule } from './model';

interface Titled {
  readonly rule: AlertRule;
  readonly subjectTitle: string;
  readonly initiativeTitle: string;
  readonly dueAt?: string | null;
}

type Phrase = (subject: string) => string;

const TITLES: Record<MessageLanguage, Record<AlertRule, Phrase>> = {
  en: {
    'milestone.dueSoon': (s) => `Milestone "${s}" is due soon`,
    'milestone.overdue': (s) => `Milestone "${s}" is overdue`,
    'milestone.missed': (s) => `Milestone "${s}" was missed`,
    'milestone.achieved': (s) => `Milestone "${s}" was achieved`,
    'indicator.offTrack': (s) => `Indicator "${s}" is off track`,
    'benefit.realisationOverdue': (s) => `Benefit "${s}" is not realised on time`,
    'decision.followUpOverdue': (s) => `Follow-up of "${s}" is overdue`,
    'goal.notVerifiable': (s) => `Goal "${s}" cannot be verified`,
    'decision.escalated': (s) => `Escalated: "${s}"`,
    'decision.stopOverdue': (s) => `Stopped but not closed: "${s}"`,
    'benefit.atRisk': (s) => `Benefit "${s}" is at risk`,
    'benefit.measurementDue': (s) => `Benefit "${s}" is due to be measured`,
    'benefit.notRealised': (s) => `Benefit "${s}" was not realised`,
    'risk.high': (s) => `High risk: "${s}"`,
  },
  nn: {
    'milestone.dueSoon': (s) => `Milepælen «${s}» har snart frist`,
    'milestone.overdue': (s) => `Milepælen «${s}» er forseinka`,
    'milestone.missed': (s) => `Milepælen «${s}» vart ikkje nådd`,
    'milestone.achieved': (s) => `Milepælen «${s}» er nådd`,
    'indicator.offTrack': (s) => `Indikatoren «${s}» er ikkje i rute`,
    'benefit.realisationOverdue': (s) => `Gevinsten «${s}» er ikkje realisert i tide`,
    'decision.followUpOverdue': (s) => `Oppfølginga av «${s}» er forseinka`,
    'goal.notVerifiable': (s) => `Målet «${s}» kan ikkje etterprøvast`,
    'decision.escalated': (s) => `Eskalert: «${s}»`,
    'decision.stopOverdue': (s) => `Stoppa, men ikkje avslutta: «${s}»`,
    'benefit.atRisk': (s) => `Gevinsten «${s}» er i fare`,
    'benefit.measurementDue': (s) => `Gevinsten «${s}» skal målast no`,
    'benefit.notRealised': (s) => `Gevinsten «${s}» vart ikkje realisert`,
    'risk.high': (s) => `Høg risiko: «${s}»`,
  },
};

const EVENT_PREFIX: Record<MessageLanguage, Partial<Record<AlertEventKind, string>>> = {
  en: { resolved: 'Resolved: ', repeated: 'Reminder: ' },
  nn: { resolved: 'Løyst: ', repeated: 'Påminning: ' },
};

const LABELS: Record<MessageLanguage, { readonly in: string; readonly due: string }> = {
  en: { in: 'in', due: 'due' },
  nn: { in: 'i', due: 'frist' },
};

/** Shortens long subjects (a benefit's description) so a title fits on a line. */
const short = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

export function alertTitle(alert: Titled, language: MessageLanguage = 'en', event?: AlertEventKind): string {
  const prefix = event ? (EVENT_PREFIX[language][event] ?? '') : '';
  return prefix + TITLES[language][alert.rule](short(alert.subjectTitle));
}

/** Where and when: ` (in "<initiative>", due 2025-06-01)`. */
export function alertWhere(alert: Titled, language: MessageLanguage = 'en'): string {
  const labels = LABELS[language];
  const quote = language === 'nn' ? (s: string) => `«${s}»` : (s: string) => `"${s}"`;
  const due = alert.dueAt ? `, ${labels.due} ${alert.dueAt.slice(0, 10)}` : '';
  return ` (${labels.in} ${quote(alert.initiativeTitle)}${due})`;
}

/** The title with where and when: `<title> (in "<initiative>", due 2025-06-01)`. */
export const alertSentence = (alert: Titled, language: MessageLanguage = 'en'): string =>
  alertTitle(alert, language) + alertWhere(alert, language);
