import type { ReactNode } from 'react';
import { GROUPINGS, PERIOD_KINDS, type Grouping, type PeriodKind } from '../../api/scorecard';
import { currentLanguage } from '../../i18n/language';
import { scorecardText } from '../../i18n/scorecard-texts';
import type { Route } from '../../router';
import { ScorecardItemsPage } from './ScorecardItemsPage';
import { ScorecardPage } from './ScorecardPage';

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  values.includes(value as T) ? (value as T) : fallback;

/** #/scorecard?groupBy=&period= and #/scorecard/items?measure=&period=&groupBy=&group= */
export function scorecardRoute(route: Route): [string, ReactNode] {
  const title = scorecardText(currentLanguage(), 'scorecard');
  if (route.segments[1] === 'items') {
    const query = Object.fromEntries([...route.query.entries()].filter(([, v]) => v));
    return [title, <ScorecardItemsPage key={route.path + route.query} query={query} />];
  }
  const groupBy: Grouping = oneOf(GROUPINGS, route.query.get('groupBy'), 'ownerUnit');
  const period: PeriodKind = oneOf(PERIOD_KINDS, route.query.get('period'), 'tertial');
  return [title, <ScorecardPage groupBy={groupBy} period={period} />];
}
