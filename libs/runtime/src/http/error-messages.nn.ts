/**
 * Error messages in Nynorsk for requests with `Accept-Language: nn`: `message` is replaced by the line for
 * its `code`, or the line for its status; `code` and `details` stay as they are, so programs see no difference.
 */
import type { ErrorBody } from './api-error';

type Line = string | ((body: ErrorBody) => string);

const fieldsOf = (body: ErrorBody) => [...new Set((body.details ?? []).map((d) => d.field))].join(', ');
const count = (body: ErrorBody) => body.details?.length ?? 0;

const BY_CODE: Record<string, Line> = {
  ValidationFailed: (b) =>
    count(b) > 1
      ? `Førespurnaden har ${count(b)} feil: ${fieldsOf(b)}`
      : `Ugyldig verdi: ${fieldsOf(b) || 'ukjent felt'}`,
  MalformedJson: 'Innhaldet er ikkje gyldig JSON',
  InvalidHeader: (b) => `Ugyldig verdi i headeren ${fieldsOf(b) || ''}`.trim(),
  NothingChanged: 'Ingenting vert endra: verdiane er dei same som før',
  InitiativeNotFound: 'Fann ikkje initiativet',
  GoalNotFound: 'Fann ikkje målet',
  IndicatorNotFound: 'Fann ikkje indikatoren',
  MilestoneNotFound: 'Fann ikkje milepælen',
  BenefitNotFound: 'Fann ikkje gevinsten',
  MeasurementNotFound: 'Fann ikkje målinga',
  RealisationNotFound: 'Fann ikkje realiseringa',
  DecisionNotFound: 'Fann ikkje vedtaket',
  AlertNotFound: 'Fann ikkje varselet',
  SubscriptionNotFound: 'Fann ikkje abonnementet',
  ContributionNotFound: 'Målet bidreg ikkje til det målet',
  NotYetRecorded: 'Initiativet var ikkje registrert på det tidspunktet',
  NotYetValid: 'Initiativet fanst ikkje enno på det tidspunktet',
  VersionConflict: (b) =>
    `Initiativet er endra sidan du las det; gjeldande versjon er ${String(b.currentVersion ?? 'ukjend')}`,
  IdempotencyKeyReused: 'Idempotency-Key er alt brukt til ein annan førespurnad',
  InitiativeClosed: 'Initiativet er avslutta og kan ikkje endrast (berre gevinstrealisering kan førast)',
  InitiativeStopping: 'Initiativet held på å stoppast: berre avslutning, gevinstarbeid eller vedtak om å halde fram',
  InvalidStatusTransition: 'Statusen til initiativet tillèt ikkje dette',
  InvalidMilestoneTransition: 'Statusen til milepælen tillèt ikkje dette',
  MilestonesOpen: 'Initiativet har framleis planlagde milepælar; dei må vere nådde, ikkje nådde eller avlyste',
  ParentClosed: 'Initiativet over er avslutta',
  InitiativeAlreadyExists: 'Det finst alt eit initiativ med denne id-en',
  AlertNotOpen: 'Varselet er ikkje ope',
  ContributionAlreadyLinked: 'Målet bidreg alt til det målet',
  OutsideUnits: 'Du kan berre skrive til initiativ i dine eigne einingar',
  UnitsRequired: 'Tokenet ditt manglar einingar (units) og kan ikkje skrive',
  ReasonRequired: 'Grunngiving (reason) manglar',
  OccurredInFuture: 'Tidspunktet kan ikkje liggje fram i tid',
  TargetBeforeBaseline: 'Eit mål ligg før utgangspunktet',
  TargetContradictsDirection: 'Eit mål går mot retninga til indikatoren',
  DuplicateTargetDate: 'To mål har same dato',
  NoChange: 'Endringa endrar ingenting',
  ParentRequired: 'Initiativet må liggje under eit anna initiativ',
  ParentNotAllowed: 'Eit satsingsområde kan ikkje liggje under eit anna initiativ',
  ParentKindNotAllowed: 'Initiativet kan ikkje liggje under eit initiativ av den typen',
  ParentNotFound: 'Fann ikkje initiativet over',
  EndsBeforeStart: 'Sluttdatoen ligg før startdatoen',
  DuplicatePartner: 'Same partnar er ført opp to gonger',
  MilestoneNotYetDue: 'Milepælen har ikkje nådd fristen enno; flytt eller avlys han i staden',
  OccurredBeforePlanned: 'Endringa er datert før milepælen vart planlagd',
  FollowUpBeforeDecision: 'Oppfølgingsdatoen ligg før vedtaket',
  UnknownReference: 'Vedtaket viser til noko initiativet ikkje har',
  UnknownFollowUp: 'Vedtaket løyser eit oppfølgingspunkt som ikkje er ope',
  GoalAssessmentMissing: 'Kvart mål må ha ei målvurdering ved avslutning',
  UnknownGoal: 'Målvurderinga gjeld eit mål initiativet ikkje har',
  GoalNotVerifiable: (b) =>
    `${count(b) === 1 ? 'Eitt mål' : `${count(b)} mål`} kan ikkje etterprøvast: ` +
    'kvart mål for produkt eller effekt treng ein resultatindikator med utgangspunkt og mål',
  AssessmentContradictsData: 'Vurderinga «full» stemmer ikkje med måledata; grunngi eit avvik med override',
  UnknownTargetGroup: 'Ukjend målgruppe',
  ContributionToDescendant: 'Eit mål kan ikkje bidra til eit mål lenger nede i same gren',
  ContributionCycle: 'Koplinga ville gje ein ring av bidrag',
  WebhookTargetRefused: 'Adressa til webhooken er ikkje tillaten',
  ReadModelBehind: 'Lesemodellen har ikkje teke att skrivinga enno; prøv att om litt',
};

const BY_STATUS: Record<number, string> = {
  400: 'Førespurnaden er ikkje gyldig',
  401: 'Manglar eller ugyldig innloggingstoken',
  403: 'Du har ikkje tilgang til dette',
  404: 'Fann ikkje det du spurde etter',
  409: 'Førespurnaden er i konflikt med tilstanden til initiativet',
  412: 'Initiativet er endra sidan du las det',
  413: 'Innhaldet er for stort',
  415: 'Innhaldet må vere JSON',
  422: 'Førespurnaden bryt ein regel i fagmodellen',
  429: 'For mange førespurnader; vent litt og prøv att',
  500: 'Noko gjekk gale i tenesta',
  503: 'Tenesta er mellombels utilgjengeleg',
};

/** The body with its `message` in Nynorsk; the code names the rule when only the generic line fits. */
export function inNynorsk(body: ErrorBody): ErrorBody {
  const line = body.code ? BY_CODE[body.code] : undefined;
  if (line) return { ...body, message: typeof line === 'string' ? line : line(body) };
  const generic = BY_STATUS[body.statusCode] ?? (body.statusCode >= 500 ? BY_STATUS[500]! : BY_STATUS[400]!);
  return { ...body, message: body.code ? `${generic} (${body.code})` : generic };
}
