import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ApiError } from './api-error';
import { createValidationPipe } from './validation';

class ListQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit: number = 100;

  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

class SearchQuery {
  @IsString()
  q!: string;
}

const asQuery = (metatype: new () => object) => ({ type: 'query' as const, metatype });

describe('the validation pipe on queries', () => {
  it('answers each empty query with a fresh instance of its class, defaults set', async () => {
    const pipe = createValidationPipe();
    const first = await pipe.transform({}, asQuery(ListQuery));
    const second = await pipe.transform({}, asQuery(ListQuery));
    expect(first).toBeInstanceOf(ListQuery);
    expect(second).toBeInstanceOf(ListQuery);
    expect(second).toEqual({ limit: 100 });
    expect(second).not.toBe(first);
  });

  it('still refuses a bad or unknown field after empty queries of the same class passed', async () => {
    const pipe = createValidationPipe();
    await pipe.transform({}, asQuery(ListQuery));
    await expect(pipe.transform({ limit: '0' }, asQuery(ListQuery))).rejects.toBeInstanceOf(ApiError);
    await expect(pipe.transform({ sort: 'title' }, asQuery(ListQuery))).rejects.toMatchObject({
      message: 'Invalid request: sort',
    });
    expect(await pipe.transform({ limit: '5', order: 'desc' }, asQuery(ListQuery))).toEqual({
      limit: 5,
      order: 'desc',
    });
  });

  it('refuses every empty query of a class with a required field, naming it', async () => {
    const pipe = createValidationPipe();
    for (let i = 0; i < 2; i++) {
      await expect(pipe.transform({}, asQuery(SearchQuery))).rejects.toMatchObject({ message: 'Invalid request: q' });
    }
  });
});
