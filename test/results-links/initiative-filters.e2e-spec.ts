import { startApi, type ApiHarness } from '../support/api-harness';
import { expectStatus, InitiativesClient } from '../support/initiatives-client';

describe('GET /initiatives: finding initiatives', () => {
  let api: ApiHarness;
  let cw: InitiativesClient;
  const ids: Record<string, string> = {};
  const found = async (query: string) =>
    ((await expectStatus(cw.get(`/initiatives?${query}`), 200)).body.items as Array<{ id: string }>)
      .map((item) => item.id)
      .sort();

  beforeAll(async () => {
    api = await startApi();
    cw = await InitiativesClient.as(api, ['caseworker']);
    ids.youth = await cw.register({
      id: 'f-youth',
      title: 'Digitale ferdigheiter for ungdom',
      description: 'Kurs i Sogn og Fjordane',
      ownerUnit: 'Utdanning',
      responsible: 'Kari Nordmann',
      partners: ['NAV', 'Høgskulen på Vestlandet'],
      targetGroups: ['ungdom'],
    });
    ids.business = await cw.register({
      id: 'f-business',
      title: 'Grøn omstilling i næringslivet',
      ownerUnit: 'Regional utvikling',
      responsible: 'Ola Nordmann',
      partners: ['NAV'],
      targetGroups: ['næringsliv', 'kommunar'],
    });
  });
  afterAll(() => api.dispose());

  it('filters by target group', async () => {
    expect(await found('targetGroup=ungdom')).toEqual([ids.youth]);
    expect(await found(`targetGroup=${encodeURIComponent('næringsliv')}`)).toEqual([ids.business]);
  });

  it('filters by owner unit and responsible', async () => {
    expect(await found('ownerUnit=Utdanning')).toEqual([ids.youth]);
    expect(await found(`responsible=${encodeURIComponent('Ola Nordmann')}`)).toEqual([ids.business]);
  });

  it('filters by partner', async () => {
    expect(await found('partner=NAV')).toEqual([ids.business, ids.youth].sort());
    expect(await found(`partner=${encodeURIComponent('Høgskulen på Vestlandet')}`)).toEqual([ids.youth]);
  });

  it('finds words in title or description, case-insensitively', async () => {
    expect(await found('q=DIGITALE')).toEqual([ids.youth]);
    expect(await found(`q=${encodeURIComponent('sogn kurs')}`)).toEqual([ids.youth]);
    expect(await found(`q=${encodeURIComponent('GRØN')}`)).toEqual([ids.business]);
    expect(await found(`q=${encodeURIComponent('digitale omstilling')}`)).toEqual([]);
  });

  it('combines the filters with the existing ones', async () => {
    expect(await found('partner=NAV&kind=focusArea&status=planned')).toEqual([ids.business, ids.youth].sort());
    expect(await found('partner=NAV&status=active')).toEqual([]);
  });
});
