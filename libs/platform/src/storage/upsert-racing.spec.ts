import { isDuplicateKeyError, upsertRacing } from './upsert-racing';

const duplicateKey = () => Object.assign(new Error('E11000 duplicate key error'), { code: 11000 });

describe('upsertRacing', () => {
  it('runs an upsert again after a duplicate key, up to the attempts given', async () => {
    const write = jest.fn().mockRejectedValueOnce(duplicateKey()).mockResolvedValueOnce('updated');
    await expect(upsertRacing(write)).resolves.toBe('updated');
    expect(write).toHaveBeenCalledTimes(2);

    const alwaysRefused = jest.fn().mockRejectedValue(duplicateKey());
    await expect(upsertRacing(alwaysRefused, 3)).rejects.toMatchObject({ code: 11000 });
    expect(alwaysRefused).toHaveBeenCalledTimes(3);
  });

  it('does not run it again after any other error', async () => {
    const write = jest.fn().mockRejectedValue(Object.assign(new Error('not primary'), { code: 10107 }));
    await expect(upsertRacing(write)).rejects.toThrow('not primary');
    expect(write).toHaveBeenCalledTimes(1);
  });
});

describe('isDuplicateKeyError', () => {
  it('recognises a server error and a bulk write error entry by their code, and nothing else', () => {
    expect(isDuplicateKeyError(duplicateKey())).toBe(true);
    expect(isDuplicateKeyError({ index: 3, code: 11000, errmsg: 'E11000' })).toBe(true);
    expect(isDuplicateKeyError(Object.assign(new Error('not primary'), { code: 10107 }))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
    expect(isDuplicateKeyError(undefined)).toBe(false);
  });
});
