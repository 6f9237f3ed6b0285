import { Writable } from 'node:stream';
import { createPinoLogger, pinoLevelFor, PinoLoggerService } from './pino-logger';
import { runInRequestContext } from './request-context';

function capture(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: new PinoLoggerService(createPinoLogger(level, sink)) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('PinoLoggerService', () => {
  it('writes JSON lines with Nest context and the ids of the request being served', async () => {
    const { lines, logger } = capture('log');
    logger.log('outside', 'Boot');
    runInRequestContext({ requestId: 'req-1', correlationId: 'corr-1' }, () => logger.warn('inside', 'Commands'));
    await flush();
    expect(lines[0]).toMatchObject({ level: 30, msg: 'outside', context: 'Boot' });
    expect(lines[0]).not.toHaveProperty('requestId');
    expect(lines[1]).toMatchObject({
      level: 40,
      msg: 'inside',
      context: 'Commands',
      requestId: 'req-1',
      correlationId: 'corr-1',
    });
  });

  it('honours LOG_LEVEL: debug lines only when asked for', async () => {
    const quiet = capture('log');
    quiet.logger.debug('hidden');
    const chatty = capture('debug');
    chatty.logger.debug('shown');
    await flush();
    expect(quiet.lines).toEqual([]);
    expect(chatty.lines).toMatchObject([{ level: 20, msg: 'shown' }]);
    expect(pinoLevelFor('warn')).toBe('warn');
    expect(pinoLevelFor('nonsense')).toBe('info');
  });

  it('keeps the stack Nest passes with an error', async () => {
    const { lines, logger } = capture('log');
    logger.error('failed', 'Error: boom\n    at x', 'HTTP');
    await flush();
    expect(lines[0]).toMatchObject({ level: 50, msg: 'failed', context: 'HTTP', stack: 'Error: boom\n    at x' });
  });
});
