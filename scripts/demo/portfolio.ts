/**
 * The demo portfolio of a county council: three focus areas (satsingsområde), each with a programme and an
 * agreed delivery, and ten projects and measures beneath them. Titles and texts are in Nynorsk.
 */

export type Profile = 'onTrack' | 'lagging' | 'completed' | 'cancelled' | 'paused' | 'planned';

export interface IndicatorSpec {
  readonly name: string;
  readonly unit: string;
  readonly direction: 'increase' | 'decrease';
  readonly baseline: number;
  readonly target: number;
  readonly method: 'register' | 'survey' | 'statistics' | 'report';
}

export interface GoalSpec {
  readonly statement: string;
  readonly resultLevel: 'output' | 'userEffect' | 'societalEffect';
  readonly indicator: IndicatorSpec;
}

export interface ProjectSpec {
  readonly id: string;
  readonly kind: 'project' | 'measure';
  readonly title: string;
  readonly profile: Profile;
  readonly output: GoalSpec;
  readonly effect: GoalSpec;
}

export interface ParentSpec {
  readonly id: string;
  readonly kind: 'programme' | 'agreedDelivery';
  readonly title: string;
  readonly goal: GoalSpec;
  readonly projects: readonly ProjectSpec[];
}

export interface FocusAreaSpec {
  readonly id: string;
  readonly title: string;
  readonly ownerUnit: string;
  readonly responsible: string;
  readonly partners: readonly string[];
  readonly goal: GoalSpec;
  readonly parents: readonly [ParentSpec, ParentSpec];
}

type Method = IndicatorSpec['method'];
type Row = readonly [string, string, string, number, number, Method?];

/** An indicator: name, unit, baseline, target (a target below the baseline means it should go down). */
const indicator = ([, name, unit, baseline, target, method = 'register']: Row): IndicatorSpec => ({
  name,
  unit,
  direction: target < baseline ? 'decrease' : 'increase',
  baseline,
  target,
  method,
});

const goal = (resultLevel: GoalSpec['resultLevel'], row: Row): GoalSpec => ({
  statement: row[0],
  resultLevel,
  indicator: indicator(row),
});

/** The same mix of courses in every focus area: most on track, some lagging, some closed. */
const PROFILES: readonly Profile[] = [
  'onTrack',
  'lagging',
  'completed',
  'onTrack',
  'cancelled',
  'onTrack',
  'completed',
  'lagging',
  'paused',
  'onTrack',
];

type ProjectRow = readonly ['project' | 'measure', string, Row, Row];

function projects(prefix: string, rows: readonly ProjectRow[], last: Profile = 'onTrack'): ProjectSpec[] {
  return rows.map(([kind, title, output, effect], index) => ({
    id: `${prefix}-${String(index + 1).padStart(2, '0')}`,
    kind,
    title,
    profile: index === rows.length - 1 ? last : PROFILES[index]!,
    output: goal('output', output),
    effect: goal('userEffect', effect),
  }));
}

function focusArea(
  head: Omit<FocusAreaSpec, 'parents' | 'goal'> & { goal: Row },
  programme: readonly [string, Row],
  delivery: readonly [string, Row],
  rows: readonly ProjectRow[],
  last?: Profile,
): FocusAreaSpec {
  const all = projects(head.id, rows, last);
  const parent = (kind: ParentSpec['kind'], [title, row]: readonly [string, Row], slice: ProjectSpec[]) => ({
    id: `${head.id}-${kind === 'programme' ? 'prog' : 'lev'}`,
    kind,
    title,
    goal: goal('userEffect', row),
    projects: slice,
  });
  return {
    ...head,
    goal: goal('societalEffect', head.goal),
    parents: [parent('programme', programme, all.slice(0, 5)), parent('agreedDelivery', delivery, all.slice(5))],
  };
}

export const DEMO_PORTFOLIO: readonly FocusAreaSpec[] = [
  focusArea(
    {
      id: 'demo-gron',
      title: 'Grøn omstilling',
      ownerUnit: 'Seksjon for klima og miljø',
      responsible: 'Ingrid Haugland',
      partners: ['Statsforvaltaren', 'Enova'],
      goal: [
        'Klimagassutsleppa i fylket går ned',
        'Klimagassutslepp i fylket',
        'kt CO2-ekv.',
        1450,
        1100,
        'statistics',
      ],
    },
    [
      'Klimaprogrammet 2024–2027',
      ['Fleire verksemder tek i bruk fossilfrie løysingar', 'Verksemder med klimaplan', 'tal', 120, 300],
    ],
    [
      'Klimatilpassing i kommunane',
      [
        'Kommunane har oppdaterte risiko- og sårbarheitsanalysar',
        'Kommunar med oppdatert ROS-analyse',
        'tal',
        8,
        26,
        'report',
      ],
    ],
    [
      [
        'project',
        'Solceller på fylkeskommunale bygg',
        ['Solcelleanlegg er installerte på dei vidaregåande skulane', 'Installert effekt', 'kWp', 0, 1200],
        ['Skulane kjøper mindre straum frå nettet', 'Innkjøpt straum', 'MWh', 5400, 4300],
      ],
      [
        'measure',
        'Klimanettverk for kommunane',
        ['Kommunane deltek i nettverkssamlingar', 'Samlingar gjennomførte', 'tal', 0, 12],
        ['Kommunane har vedteke klimabudsjett', 'Kommunar med klimabudsjett', 'tal', 4, 20, 'report'],
      ],
      [
        'project',
        'Ladeinfrastruktur langs fylkesvegane',
        ['Hurtigladarar er bygde ved knutepunkta', 'Hurtigladarar i drift', 'tal', 10, 60],
        ['Fleire reiser elektrisk', 'Del elbilar i bilparken', 'prosent', 18, 40, 'statistics'],
      ],
      [
        'project',
        'Fossilfrie ferjesamband',
        ['Ferjesambanda er lyste ut med nullutsleppskrav', 'Samband med nullutsleppskrav', 'tal', 2, 9],
        ['Ferjene sleppar ut mindre', 'Diesel brukt av ferjene', '1000 liter', 8200, 3000],
      ],
      [
        'measure',
        'Sirkulære innkjøp',
        ['Innkjøparane har fått opplæring i sirkulære krav', 'Innkjøparar med opplæring', 'tal', 0, 80],
        ['Fleire avtalar stiller sirkulære krav', 'Avtalar med sirkulære krav', 'prosent', 5, 35],
      ],
      [
        'project',
        'Flaumsikring i Elvedalen',
        ['Flaumvollar er bygde', 'Flaumvoll bygd', 'meter', 0, 2400],
        ['Færre bygg er utsette for flaum', 'Bygg i flaumsona', 'tal', 340, 120, 'statistics'],
      ],
      [
        'measure',
        'Overvasshandtering i tettstadene',
        ['Tettstadene har overvassplan', 'Tettstader med plan', 'tal', 1, 10],
        ['Færre skadar etter styrtregn', 'Melde vasskadar', 'tal', 210, 120, 'statistics'],
      ],
      [
        'project',
        'Klimarisikokart for planleggjarar',
        ['Risikokarta er publiserte', 'Kartlag publiserte', 'tal', 0, 15],
        ['Planleggjarane nyttar karta', 'Planar som viser til karta', 'prosent', 0, 70, 'report'],
      ],
      [
        'project',
        'Skredovervaking på fylkesvegane',
        ['Målestasjonar er sette opp', 'Målestasjonar i drift', 'tal', 0, 25],
        ['Færre stengde vegdøgn', 'Stengde vegdøgn per år', 'tal', 95, 50],
      ],
      [
        'measure',
        'Rettleiing i naturbaserte løysingar',
        ['Kommunane har fått rettleiing', 'Kommunar rettleidde', 'tal', 0, 26],
        ['Kommunane vel naturbaserte løysingar', 'Prosjekt med naturbaserte løysingar', 'tal', 2, 15, 'report'],
      ],
    ],
  ),
  focusArea(
    {
      id: 'demo-komp',
      title: 'Kompetanse og inkludering',
      ownerUnit: 'Seksjon for utdanning og kompetanse',
      responsible: 'Arne Solheim',
      partners: ['NAV Vestland', 'Næringsforeininga'],
      goal: [
        'Fleire fullfører vidaregåande opplæring',
        'Del som fullfører og består innan fem år',
        'prosent',
        78,
        88,
        'statistics',
      ],
    },
    [
      'Fullføringsprogrammet',
      ['Elevar som står i fare for å falle frå, får tidleg hjelp', 'Elevar med tiltaksplan', 'prosent', 40, 90],
    ],
    [
      'Vaksenopplæring og karriererettleiing',
      ['Vaksne utan fullført opplæring får eit tilbod', 'Vaksne i opplæring', 'tal', 300, 700],
    ],
    [
      [
        'project',
        'Los-teneste for elevar',
        ['Losar er tilsette ved alle skulane', 'Losar i stilling', 'tal', 3, 16],
        ['Færre elevar sluttar i løpet av skuleåret', 'Elevar som sluttar', 'prosent', 6.5, 3.5],
      ],
      [
        'measure',
        'Sommarskule i realfag',
        ['Sommarskulen er halden kvart år', 'Deltakarar på sommarskulen', 'tal', 0, 400],
        ['Fleire består matematikk', 'Del som består matematikk', 'prosent', 82, 90, 'statistics'],
      ],
      [
        'project',
        'Lærlingløftet',
        ['Nye læreplassar er skaffa', 'Nye læreplassar', 'tal', 0, 250],
        ['Fleire får læreplass', 'Søkjarar med læreplass', 'prosent', 72, 85],
      ],
      [
        'project',
        'Digital skulekvardag',
        ['Lærarane har fullført kurs i digital didaktikk', 'Lærarar med kurs', 'tal', 0, 600],
        ['Elevane opplever betre undervisning', 'Elevar som er nøgde med undervisninga', 'prosent', 68, 80, 'survey'],
      ],
      [
        'measure',
        'Psykisk helse i skulen',
        ['Skulane har eit lågterskeltilbod', 'Skular med tilbod', 'tal', 4, 18],
        ['Færre elevar har høgt fråvær', 'Elevar med over 10 % fråvær', 'prosent', 17, 11],
      ],
      [
        'measure',
        'Karrieresenter på turné',
        ['Rettleiingsdagar er haldne i kommunane', 'Rettleiingsdagar', 'tal', 0, 120],
        ['Fleire vaksne startar utdanning', 'Vaksne som startar utdanning etter rettleiing', 'tal', 0, 350],
      ],
      [
        'project',
        'Fagbrev på jobb',
        ['Tilsette i kommunane har starta fagbrevløp', 'Deltakarar i fagbrevløp', 'tal', 0, 180],
        ['Fleire tek fagbrev', 'Fagbrev avlagde', 'tal', 0, 140],
      ],
      [
        'measure',
        'Norskopplæring for arbeidsinnvandrarar',
        ['Kurs er haldne på arbeidsplassane', 'Kurs gjennomførte', 'tal', 0, 40],
        ['Deltakarane kjem opp eit nivå', 'Deltakarar som går opp eit nivå', 'prosent', 0, 70, 'report'],
      ],
      [
        'measure',
        'Digital kompetanse for seniorar',
        ['Kurs er haldne på biblioteka', 'Kursdeltakarar', 'tal', 0, 900],
        ['Seniorane klarer seg digitalt', 'Deltakarar som nyttar offentlege nettenester', 'prosent', 45, 80, 'survey'],
      ],
      [
        'project',
        'Bransjeprogram for helsefagarbeidarar',
        ['Modular er utvikla', 'Modular tilgjengelege', 'tal', 0, 8],
        ['Fleire helsefagarbeidarar fullfører', 'Fullførte helsefagbrev', 'tal', 20, 90],
      ],
    ],
  ),
  focusArea(
    {
      id: 'demo-stad',
      title: 'Attraktive lokalsamfunn',
      ownerUnit: 'Seksjon for samfunnsutvikling',
      responsible: 'Solveig Nesheim',
      partners: ['Distriktssenteret', 'Kommunane i fylket'],
      goal: [
        'Folketalet i distrikta held seg stabilt',
        'Innbyggjarar i distriktskommunane',
        'tal',
        98000,
        98500,
        'statistics',
      ],
    },
    [
      'Stadutviklingsprogrammet',
      ['Sentrum i små kommunar vert meir levande', 'Kommunar med aktiv sentrumsplan', 'tal', 3, 14],
    ],
    [
      'Kollektivtilbod i distrikta',
      ['Fleire reiser kollektivt i distrikta', 'Kollektivreiser i distrikta', '1000 reiser', 2100, 2600],
    ],
    [
      [
        'measure',
        'Møteplassar for ungdom',
        ['Ungdomsklubbar er opna', 'Ungdomsklubbar', 'tal', 2, 12],
        ['Ungdommen trivst i kommunen', 'Ungdom som trivst', 'prosent', 62, 75, 'survey'],
      ],
      [
        'project',
        'Breiband til spreiddbygde strok',
        ['Husstandar har fått tilbod om breiband', 'Husstandar med tilbod', 'tal', 0, 4200],
        ['Fleire har høgfarts breiband', 'Husstandar med 100 Mbit/s', 'prosent', 81, 97, 'statistics'],
      ],
      [
        'project',
        'Kulturarv som ressurs',
        ['Kulturminne er sette i stand', 'Kulturminne restaurerte', 'tal', 0, 30],
        ['Fleire besøkjer kulturminna', 'Besøkjande', 'tal', 12000, 25000],
      ],
      [
        'project',
        'Stadutvikling i Fjordbygda',
        ['Sentrumsplanen er gjennomført', 'Tiltak i sentrumsplanen gjennomførte', 'tal', 0, 12],
        ['Fleire verksemder etablerer seg i sentrum', 'Nye verksemder i sentrum', 'tal', 0, 8],
      ],
      [
        'measure',
        'Frivilligheitsløftet',
        ['Lag og organisasjonar har fått tilskot', 'Lag med tilskot', 'tal', 0, 150],
        ['Fleire deltek i frivillig arbeid', 'Innbyggjarar som deltek', 'prosent', 48, 55, 'survey'],
      ],
      [
        'project',
        'Bestillingstransport i tolv kommunar',
        ['Bestillingsruter er i drift', 'Kommunar med bestillingstransport', 'tal', 0, 12],
        ['Fleire nyttar bestillingstransport', 'Turar per månad', 'tal', 0, 3000],
      ],
      [
        'measure',
        'Sanntidsskjermar på haldeplassane',
        ['Skjermar er monterte', 'Skjermar i drift', 'tal', 0, 140],
        ['Passasjerane er nøgde med informasjonen', 'Nøgde passasjerar', 'prosent', 64, 80, 'survey'],
      ],
      [
        'project',
        'Ny billettapp',
        ['Appen er lansert med alle funksjonar', 'Funksjonar lanserte', 'tal', 0, 10],
        ['Fleire kjøper billett digitalt', 'Del digitale billettar', 'prosent', 35, 85],
      ],
      [
        'project',
        'Skuleskyss med nullutslepp',
        ['Elektriske skulebussar er sette i drift', 'Elektriske bussar', 'tal', 0, 45],
        ['Skuleskyssen sleppar ut mindre', 'Diesel brukt i skuleskyssen', '1000 liter', 900, 350],
      ],
      [
        'measure',
        'Trygge skulevegar',
        ['Strekningar er utbetra', 'Strekningar utbetra', 'tal', 0, 20],
        ['Fleire barn går eller syklar til skulen', 'Barn som går eller syklar', 'prosent', 38, 55, 'survey'],
      ],
    ],
    'planned',
  ),
];
