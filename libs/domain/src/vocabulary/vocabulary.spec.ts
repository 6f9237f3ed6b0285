import { CODE_LISTS, unknownTargetGroups, vocabularyWith } from './vocabulary';

describe('vocabulary', () => {
  const vocabulary = vocabularyWith();

  it('has a labelled, defined term for every code of every domain list', () => {
    for (const [list, codes] of Object.entries(CODE_LISTS)) {
      const terms = vocabulary[list as keyof typeof CODE_LISTS];
      expect(terms.map((t) => t.code)).toEqual([...codes]);
      for (const t of terms) expect(t.nn && t.en && t.definition).toBeTruthy();
    }
  });

  it('names the result levels in Nynorsk', () => {
    expect(vocabulary.resultLevels.map((t) => t.nn)).toEqual([
      'innsatsfaktorar',
      'aktivitetar',
      'produkt/teneste',
      'brukareffekt',
      'samfunnseffekt',
    ]);
  });

  it('extends the default target groups, keeping the first of a code given twice', () => {
    const extended = vocabularyWith([
      { code: 'seniorar', nn: 'seniorar', en: 'seniors', definition: 'People over 67.' },
      { code: 'ungdom', nn: 'x', en: 'x', definition: 'x' },
    ]);
    expect(extended.targetGroups.map((t) => t.code)).toContain('seniorar');
    expect(extended.targetGroups.find((t) => t.code === 'ungdom')?.en).toBe('young people');
    expect(unknownTargetGroups(extended, ['seniorar', 'ungdom', 'pensjonistar'])).toEqual(['pensjonistar']);
  });
});
