import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * The largest magnitude a measured, target or baseline value may have: well inside the range
 * where every integer is exact, so differences and interpolations between values stay finite
 * and exact enough for the status arithmetic.
 */
export const MAX_EXACT_MAGNITUDE = 1e15;

/** A finite number within ±MAX_EXACT_MAGNITUDE; an integer must be a safe integer. */
export const isExactNumber = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isFinite(value) &&
  Math.abs(value) <= MAX_EXACT_MAGNITUDE &&
  (!Number.isInteger(value) || Number.isSafeInteger(value));

/** Refuses numbers that cannot be stored and compared exactly (see MAX_EXACT_MAGNITUDE). */
export const IsExactNumber = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isExactNumber',
      validator: {
        validate: (value: unknown) => isExactNumber(value),
        defaultMessage: () => `$property must be a finite number between -1e15 and 1e15`,
      },
    },
    options,
  );
