import type { OpenAPIObject } from '@nestjs/swagger';
import { COURSE_CHANGE_FIELDS, COURSE_CHANGE_TYPES } from '../initiatives/dto/decision.dto';
import { describeResponses } from './responses/response-schemas';

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  $ref?: string;
};
interface Operation {
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, unknown>;
}

const ERROR_RESPONSE: Schema = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', minimum: 400, maximum: 599 },
    error: { type: 'string' },
    message: { type: 'string' },
    code: { type: 'string', description: 'A stable name for programs, e.g. VersionConflict' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'Malformed request: a missing, unknown or ill-typed field, parameter or header',
  '401': 'No token, or an invalid one',
  '403': 'None of the roles the route allows, or outside the units of the token',
  '404': 'What the path names does not exist',
  '409': "The target's state does not allow it, or a stale body expectedVersion",
  '412': 'A stale If-Match',
  '413': 'Body too large',
  '414': 'A path parameter is too long',
  '415': 'Body is not JSON',
  '422': 'Well-formed, but breaks a rule of the domain; an Idempotency-Key reused for another request',
  '429': 'Too many requests from this subject',
};

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';

const isPublic = (path: string) => /^\/(health|metrics|docs)/.test(path);

/** The error statuses an operation can answer, from its method, path and inputs. */
/** A query parameter or body field that names an initiative which may not exist. */
const namesAnInitiative = (operation: Operation): boolean =>
  (operation.parameters ?? []).some((parameter) => /^(initiativeId|rootInitiativeId|subtree)$/.test(parameter.name)) ||
  Object.values(operation.requestBody?.content ?? {}).some((media) =>
    /Subscription|CompileReport/.test(media.schema?.$ref ?? ''),
  );

/** Path parameters are ids (what the id pipe accepts), unless they name one of a fixed set. */
function describePathIds(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'path' && !parameter.schema?.['enum'])
          parameter.schema = { type: 'string', pattern: ID_PATTERN, maxLength: 64 };
      }
    }
  }
}

function errorStatuses(path: string, method: string, operation: Operation): string[] {
  if (isPublic(path)) return [];
  const write = method !== 'get';
  const statuses = ['401', '403', '429'];
  if (write || operation.parameters?.length) statuses.push('400');
  if (path.includes('{') || namesAnInitiative(operation)) statuses.push('404');
  if (path.includes('{')) statuses.push('414');
  if (operation.requestBody) statuses.push('413', '415');
  if (write) statuses.push('409', '422');
  if (write && path.startsWith('/initiatives')) statuses.push('412');
  return statuses;
}

function documentErrors(document: OpenAPIObject): void {
  const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      for (const status of errorStatuses(path, method, operation)) {
        operation.responses[status] ??= { description: ERROR_DESCRIPTIONS[status], content: errorContent };
      }
    }
  }
}

/** Request bodies take no fields beyond their schema's (the validation pipe answers 400). */
function closeRequestBodies(document: OpenAPIObject): void {
  const schemas = document.components!.schemas as Record<string, Schema>;
  const closed = new Set<string>();
  const close = (schema: Schema | undefined): void => {
    if (!schema) return;
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop()!;
      if (closed.has(name)) return;
      closed.add(name);
      close(schemas[name]);
      return;
    }
    if (schema.type === 'object' || schema.properties) schema.additionalProperties = false;
    for (const property of Object.values(schema.properties ?? {})) close(property);
    close(schema.items);
    for (const list of ['oneOf', 'anyOf', 'allOf'] as const) (schema[list] as Schema[] | undefined)?.forEach(close);
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      for (const media of Object.values(operation.requestBody?.content ?? {})) close(media.schema);
    }
  }
}

/** One change of a course correction, as a union discriminated by `type`, each with only its own fields. */
function courseChangeUnion(document: OpenAPIObject): void {
  const schemas = document.components!.schemas as Record<string, Schema>;
  const general = schemas['CourseChangeDto'];
  if (!general?.properties) return;
  const mapping: Record<string, string> = {};
  for (const type of COURSE_CHANGE_TYPES) {
    const name = `CourseChange_${type}`;
    const fields = Object.keys(general.properties).filter((field) => COURSE_CHANGE_FIELDS[field]?.includes(type));
    schemas[name] = {
      type: 'object',
      properties: {
        type: { type: 'string', enum: [type] },
        ...Object.fromEntries(fields.map((field) => [field, general.properties![field]!])),
      },
      required: ['type', ...fields.filter((field) => general.required?.includes(field))],
    };
    mapping[type] = `#/components/schemas/${name}`;
  }
  schemas['CourseChangeDto'] = {
    description: 'One change; `type` says which fields apply',
    oneOf: Object.values(mapping).map(($ref) => ({ $ref })),
    discriminator: { propertyName: 'type', mapping },
  };
}

/** Fields a body takes together or not at all: the validation pipe answers 400 for one without the other. */
const PAIRED_FIELDS: Record<string, [string, string]> = { CreateAlertSubscriptionDto: ['webhookUrl', 'secret'] };

/** Bodies that need at least one of some optional fields (the validation pipe answers 400 without any). */
const ONE_OF_FIELDS_REQUIRED: Record<string, string[]> = { RecordFundingDto: ['planned', 'actual'] };

/** A field that needs another (the validation pipe answers 400 for the first without the second). */
const FIELD_NEEDS: Record<string, [string, string]> = { CreateAlertSubscriptionDto: ['digest', 'email'] };

function describePairs(document: OpenAPIObject): void {
  const schemas = document.components!.schemas as Record<string, Schema>;
  for (const [name, [field, needed]] of Object.entries(FIELD_NEEDS)) {
    const schema = schemas[name];
    if (!schema) continue;
    schema['allOf'] = [{ anyOf: [{ not: { required: [field] } }, { required: [needed] }] }];
    schema['description'] = `${schema['description'] ?? ''} ${field} needs ${needed}.`.trim();
  }
  for (const [name, pair] of Object.entries(PAIRED_FIELDS)) {
    const schema = schemas[name];
    if (!schema) continue;
    schema['anyOf'] = [{ required: pair }, { not: { anyOf: pair.map((field) => ({ required: [field] })) } }];
    schema['description'] = `${pair.join(' and ')} come together or not at all`;
  }
  for (const [name, fields] of Object.entries(ONE_OF_FIELDS_REQUIRED)) {
    const schema = schemas[name];
    if (!schema) continue;
    schema['anyOf'] = fields.map((field) => ({ required: [field] }));
    schema['description'] = `At least one of ${fields.join(', ')}`;
  }
}

const PAGE_SCHEMA: Schema = {
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', items: { type: 'object' } },
    nextCursor: { type: 'string', description: 'Pass as `cursor` for the next page; absent on the last page' },
  },
};

/** A paged read without a response DTO answers `{ items, nextCursor? }`. */
function describePages(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    const operation = (item as Record<string, Operation>)['get'];
    const ok = operation?.responses['200'] as { content?: unknown; description?: string } | undefined;
    const paged = operation?.parameters?.some((parameter) => parameter.in === 'query' && parameter.name === 'limit');
    if (!paged || !ok || ok.content) continue;
    ok.content = { 'application/json': { schema: PAGE_SCHEMA } };
  }
}

/** Accept-Language only chooses the language of texts: a request without it is answered in English. */
function describeOptionalHeaders(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      for (const parameter of operation.parameters ?? []) {
        if (parameter.in === 'header' && parameter.name.toLowerCase() === 'accept-language') {
          Object.assign(parameter, { required: false, description: 'nn or en (default) for texts' });
        }
      }
    }
  }
}

/** `from` and `to` of a time range: the range is empty unless from < to. */
function describeTimeRanges(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item as Record<string, Operation>)) {
      const query = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query');
      const from = query.find((parameter) => parameter.name === 'from');
      const to = query.find((parameter) => parameter.name === 'to');
      if (!from || !to) continue;
      from.description = `${from.description ?? ''} Must be before \`to\` when both are given (from < to).`.trim();
      to.description = `${to.description ?? ''} Must be after \`from\` when both are given (from < to).`.trim();
    }
  }
}

/** `@Headers('accept-language')` reads an optional header; without it the answer is in English. */
/**
 * Makes the generated document precise enough to test a client or the server against: error
 * responses with one ErrorResponse schema, closed request bodies, the course-change union and
 * the time-range rule, and the body of every successful read. Everything else comes from the DTOs' decorators.
 */
export function preciseDocument(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas['ErrorResponse'] = ERROR_RESPONSE;
  courseChangeUnion(document);
  describePairs(document);
  closeRequestBodies(document);
  documentErrors(document);
  describeTimeRanges(document);
  describeOptionalHeaders(document);
  describeResponses(document);
  describePages(document);
  describePathIds(document);
  return document;
}
