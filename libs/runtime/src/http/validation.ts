import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { isWellFormedText } from '@followup/platform';
import { ApiError, type ErrorDetail } from './api-error';

/** At most this many error details are returned; the rest are counted in `detailsOmitted`. */
export const MAX_ERROR_DETAILS = 20;
/** Fields per JSON object and nesting depth a request may carry: checked before any validator runs. */
export const MAX_KEYS_PER_OBJECT = 200;
export const MAX_NESTING_DEPTH = 16;

/** Flattens nested class-validator errors into one entry per offending field path. */
export function validationDetails(errors: readonly ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'unknown field $1 is not allowed'),
    }));
    return [...own, ...validationDetails(error.children ?? [], field)];
  });
}

/** A 400 `ValidationFailed` naming the fields, with at most MAX_ERROR_DETAILS details. */
export function validationFailed(details: readonly ErrorDetail[]): ApiError {
  const fields = [...new Set(details.map((d) => d.field))];
  const named = fields.slice(0, MAX_ERROR_DETAILS).join(', ');
  const more = fields.length > MAX_ERROR_DETAILS ? ` and ${fields.length - MAX_ERROR_DETAILS} more` : '';
  const omitted = details.length - MAX_ERROR_DETAILS;
  return new ApiError(400, `Invalid request: ${named}${more}`, {
    code: 'ValidationFailed',
    details: details.slice(0, MAX_ERROR_DETAILS),
    ...(omitted > 0 ? { detailsOmitted: omitted } : {}),
  });
}

/**
 * Most reads carry no query at all, and validating an empty object gives the same answer for a
 * class every time: class-validator's metadata lookup and rule walk cost a read about as much as
 * the rest of the route. So the first empty query of each class is validated in full; once it
 * passed, later empty queries of that class get a fresh instance without the walk. A class
 * whose empty query failed is validated every time (and fails the same way).
 */
class ValidationPipeKnowingEmptyQueries extends ValidationPipe {
  private readonly emptyIsValid = new WeakMap<object, boolean>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    const empty =
      metadata.type === 'query' &&
      typeof metatype === 'function' &&
      this.toValidate(metadata) &&
      isEmptyPlainObject(value);
    if (!empty) return super.transform(value, metadata);
    if (this.emptyIsValid.get(metatype)) return plainToInstance(metatype, {});
    try {
      const entity = await super.transform(value, metadata);
      this.emptyIsValid.set(metatype, true);
      return entity;
    } catch (error) {
      this.emptyIsValid.set(metatype, false);
      throw error;
    }
  }
}

const isEmptyPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;

/** Whitelisted, forbidding unknown fields, reporting every offending field at once. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipeKnowingEmptyQueries({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // One message per field: the first rule it breaks.
    stopAtFirstError: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(validationDetails(errors)),
  });
}

/** Keys that reach into prototypes when code copies or merges objects; refused like any unknown field. */
const isPrototypeKey = (key: string) => key in Object.prototype || key === 'prototype';

const childPath = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * The first thing in a parsed body or query that must not reach the validators: an object with
 * more than MAX_KEYS_PER_OBJECT fields, nesting deeper than MAX_NESTING_DEPTH, a key that names a
 * property of Object.prototype (`__proto__`, `constructor`, `toString`...), or text that is not
 * well-formed Unicode (a lone surrogate). Cheap and bounded, so hostile input fails fast.
 */
export function firstHostileInput(value: unknown, root: string, path = '', depth = 0): ErrorDetail | null {
  const here = path || root;
  if (typeof value === 'string') {
    return isWellFormedText(value) ? null : { field: here, message: `${here} must be well-formed Unicode text` };
  }
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_NESTING_DEPTH) {
    return { field: here, message: `${here} is nested more than ${MAX_NESTING_DEPTH} levels deep` };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstHostileInput(value[i], root, childPath(path, String(i)), depth + 1);
      if (found) return found;
    }
    return null;
  }
  const keys = Object.keys(value);
  if (keys.length > MAX_KEYS_PER_OBJECT) {
    return { field: here, message: `${here} has ${keys.length} fields; at most ${MAX_KEYS_PER_OBJECT} are allowed` };
  }
  for (const key of keys) {
    const field = childPath(path, key);
    if (isPrototypeKey(key)) return { field, message: `unknown field ${key} is not allowed` };
    if (!isWellFormedText(key)) return { field: here, message: `a field name in ${here} is not well-formed Unicode` };
    const found = firstHostileInput((value as Record<string, unknown>)[key], root, field, depth + 1);
    if (found) return found;
  }
  return null;
}
