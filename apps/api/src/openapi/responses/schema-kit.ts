/** A JSON schema object of the OpenAPI 3.0 dialect. */
export type Schema = Record<string, unknown>;

export const str: Schema = { type: 'string' };
export const int: Schema = { type: 'integer' };
export const num: Schema = { type: 'number' };
export const bool: Schema = { type: 'boolean' };
export const instant: Schema = { type: 'string', description: 'ISO 8601 time' };

export const nullable = (schema: Schema): Schema =>
  schema['$ref'] ? { nullable: true, allOf: [schema] } : { ...schema, nullable: true };
export const arr = (items: Schema): Schema => ({ type: 'array', items });
export const oneOf = (values: readonly string[]): Schema => ({ type: 'string', enum: [...values] });
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
/** An object keyed by names not fixed in advance (or a count per enum value), each value of one schema. */
export const mapOf = (values: Schema): Schema => ({ type: 'object', additionalProperties: values });
/** Any JSON object: a shape that depends on the event or request it describes. */
export const anyObject: Schema = { type: 'object', additionalProperties: true };

/** A closed object: `required` always present, `optional` present only sometimes, nothing else. */
export function obj(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return {
    type: 'object',
    required: Object.keys(required),
    properties: { ...required, ...optional },
    additionalProperties: false,
  };
}

export const datedValue = obj({ value: num, at: instant });
export const actor = obj({ sub: str, name: nullable(str) });
/** The `asOf` and `validAt` a sliced read answers with (the instant asked about, or null). */
export const sliceFields = { asOf: nullable(instant), validAt: nullable(instant) };
