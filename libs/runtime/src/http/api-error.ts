import { HttpException } from '@nestjs/common';

export interface ErrorDetail {
  readonly field: string;
  readonly message: string;
}

/** The error body of docs/api.md: `{ statusCode, error, message, details? }`. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string;
  readonly details?: readonly ErrorDetail[];
  readonly code?: string;
  readonly [extra: string]: unknown;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const reasonPhrase = (status: number) => REASONS[status] ?? 'Error';

/** An HTTP error that already carries the API's error body. */
export class ApiError extends HttpException {
  constructor(
    status: number,
    message: string,
    extra: {
      details?: readonly ErrorDetail[];
      code?: string;
      headers?: Record<string, string>;
      [k: string]: unknown;
    } = {},
  ) {
    const { headers, ...rest } = extra;
    super({ statusCode: status, error: reasonPhrase(status), message, ...rest } satisfies ErrorBody, status);
    this.headers = headers ?? {};
  }
  readonly headers: Record<string, string>;
}
