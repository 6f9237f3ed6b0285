import { startApi, type ApiHarness } from './support/api-harness';

describe('embedded API smoke', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.dispose());

  it('registers a focus area and answers its status', async () => {
    const token = await api.token(['caseworker']);
    const created = await api.http
      .post('/initiatives')
      .set('Authorization', `Bearer ${token}`)
      .send({ kind: 'focusArea', title: 'Green transition', ownerUnit: 'Regional development', responsible: 'Kari' })
      .expect(201);
    expect(created.body).toEqual({ id: expect.any(String), version: 1 });
    expect(created.headers.etag).toBe('"1"');
    const status = await api.http
      .get(`/initiatives/${created.body.id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    expect(status.body).toMatchObject({ kind: 'focusArea', status: 'planned', version: 1, rag: 'unknown' });
  });
});
