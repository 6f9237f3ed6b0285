import Ajv, { type ValidateFunction } from 'ajv';

type Json = Record<string, any>;

/**
 * OpenAPI 3.0 schemas as JSON Schema, the way schemathesis reads them: `nullable: true` becomes
 * "this or null", and component references point into the document registered under `doc`.
 */
function asJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(asJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const converted: Json = {};
  for (const [key, value] of Object.entries(schema as Json)) {
    if (key === '$ref' && typeof value === 'string') converted[key] = `doc${value}`;
    else if (key !== 'nullable' && key !== 'discriminator') converted[key] = asJsonSchema(value);
  }
  return (schema as Json)['nullable'] ? { anyOf: [converted, { type: 'null' }] } : converted;
}

/** Validates answers against the 200 schema the document gives for an operation. */
export class DocumentValidator {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: Json) {
    this.ajv.addSchema({ $id: 'doc', components: asJsonSchema(document.components) as Json });
  }

  /** The errors of `body` against the schema of `GET template` 200, as readable lines ([] when valid). */
  errors(template: string, body: unknown): string[] {
    let validate = this.compiled.get(template);
    if (!validate) {
      const schema = this.document.paths[template].get.responses['200'].content['application/json'].schema;
      validate = this.ajv.compile(asJsonSchema(schema) as Json);
      this.compiled.set(template, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  }
}
