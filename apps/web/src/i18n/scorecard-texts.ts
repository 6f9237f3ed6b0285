import type { Language } from './labels';
import { useI18n } from './i18n';

/** Texts of the scorecard pages, [nynorsk, bokmål, english]. */
const TEXTS = {
  scorecard: ['Gjennomføringsevne', 'Gjennomføringsevne', 'Ability to deliver'],
  scorecardIntro: [
    'Kvar figur er ein del: det som tel for, av alt som vart vurdert. Kvar periode er rekna slik registeret stod ' +
      'ved slutten av perioden. Vel ein periode i tabellen for å sjå kva som ligg bak.',
    'Hver figur er en andel: det som teller for, av alt som ble vurdert. Hver periode er regnet slik registeret ' +
      'sto ved slutten av perioden. Velg en periode i tabellen for å se hva som ligger bak.',
    'Each figure is a share: what counts for it, of everything judged. Each period is computed as the record ' +
      'stood at its end. Choose a period in the table to see what lies behind it.',
  ],
  groupBy: ['Grupper etter', 'Grupper etter', 'Group by'],
  ownerUnit: ['Eining', 'Enhet', 'Owner unit'],
  focusArea: ['Satsingsområde', 'Satsingsområde', 'Focus area'],
  kind: ['Type', 'Type', 'Kind'],
  periodKind: ['Periode', 'Periode', 'Period'],
  tertial: ['Tertial', 'Tertial', 'Tertial'],
  year: ['År', 'År', 'Year'],
  all: ['Alle', 'Alle', 'All'],
  group: ['Gruppe', 'Gruppe', 'Group'],
  noData: ['–', '–', '–'],
  exportCsv: ['Last ned CSV', 'Last ned CSV', 'Download CSV'],
  exportXlsx: ['Last ned Excel', 'Last ned Excel', 'Download Excel'],
  itemsFor: ['Tel for', 'Teller for', 'Counts for'],
  itemsAgainst: ['Tel mot', 'Teller mot', 'Counts against'],
  initiative: ['Initiativ', 'Initiativ', 'Initiative'],
  item: ['Sak', 'Sak', 'Item'],
  reason: ['Grunn', 'Grunn', 'Reason'],
  date: ['Dato', 'Dato', 'Date'],
  back: ['Tilbake til gjennomføringsevne', 'Tilbake til gjennomføringsevne', 'Back to ability to deliver'],
} satisfies Record<string, [string, string, string]>;

export type ScorecardTextKey = keyof typeof TEXTS;
const INDEX: Record<Language, 0 | 1 | 2> = { nn: 0, nb: 1, en: 2 };

export const scorecardText = (language: Language, key: ScorecardTextKey): string => TEXTS[key][INDEX[language]];

export function useScorecardTexts(): (key: ScorecardTextKey) => string {
  const { language } = useI18n();
  return (key) => scorecardText(language, key);
}
