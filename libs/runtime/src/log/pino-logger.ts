import type { LoggerService, LogLevel } from '@nestjs/common';
import pino, { type Logger as Pino, type LevelWithSilent } from 'pino';
import { logLevelsFor } from '../logging';
import { currentRequestContext } from './request-context';

/** Nest's level names as pino's. */
const PINO_LEVEL: Record<LogLevel, LevelWithSilent> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** The most detailed pino level LOG_LEVEL asks for ('log' by default: info). */
export function pinoLevelFor(logLevel: string): LevelWithSilent {
  const levels = logLevelsFor(logLevel);
  return PINO_LEVEL[levels[levels.length - 1]!];
}

/** One JSON object per line on stdout, with the request and correlation ids of the request being served. */
export function createPinoLogger(logLevel: string, destination?: pino.DestinationStream): Pino {
  return pino(
    {
      level: pinoLevelFor(logLevel),
      base: { pid: process.pid },
      mixin: () => {
        const context = currentRequestContext();
        return context ? { requestId: context.requestId, correlationId: context.correlationId } : {};
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
}

/** Nest's LoggerService on pino: Nest's context becomes `context`, an error's stack `stack`. */
export class PinoLoggerService implements LoggerService {
  constructor(readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack, context) for errors.
    const [stack, context] = rest.length >= 2 ? rest : [undefined, rest[0]];
    this.write('error', message, typeof context === 'string' ? [context] : [], stack);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: pino.Level, message: unknown, rest: unknown[], stack?: unknown): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? rest[rest.length - 1] : undefined;
    const fields = { ...(context ? { context } : {}), ...(typeof stack === 'string' ? { stack } : {}) };
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (typeof message === 'object' && message !== null) this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, String(message));
  }
}
