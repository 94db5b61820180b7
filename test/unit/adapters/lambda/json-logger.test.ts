import { describe, expect, it } from 'vitest';
import { JsonLogger, type LogLevel, logLevelOf } from '../../../../adapters/lambda/json-logger.js';
import { lambdaContext } from '../../../support/lambda-context.js';

const NOW = new Date('2026-03-01T12:00:00.000Z');

function recording(level?: LogLevel) {
  const lines: { level: LogLevel; line: Record<string, unknown> }[] = [];
  const logger = new JsonLogger({
    serviceName: 'svc',
    ...(level !== undefined && { level }),
    write: (at, line) => lines.push({ level: at, line: JSON.parse(line) as Record<string, unknown> }),
    now: () => NOW,
  });
  return { logger, lines };
}

describe('Function: JsonLogger', () => {
  it('writes one JSON line with level, message, timestamp, service, the Lambda context and the extra fields', () => {
    // Prepare
    const { logger, lines } = recording();
    logger.addContext(lambdaContext('poller', 30_000, () => NOW.getTime()));

    // Act
    logger.info('poll finished', { clustersPolled: 2 });
    logger.addContext(lambdaContext('poller', 30_000, () => NOW.getTime()));
    logger.info('poll finished', { clustersPolled: 2 });

    // Assess
    expect(lines[0]?.line).toMatchObject({
      level: 'INFO',
      message: 'poll finished',
      timestamp: NOW.toISOString(),
      service: 'svc',
      cold_start: true,
      function_name: 'poller',
      clustersPolled: 2,
    });
    expect(lines[1]?.line.cold_start).toBe(false);
  });

  it('drops lines below its level and keeps the name and message of errors', () => {
    // Prepare
    const { logger, lines } = recording('WARN');

    // Act
    logger.info('quiet');
    logger.warn('cluster poll failed', { error: new TypeError('connection refused') });

    // Assess
    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('WARN');
    expect(lines[0]?.line.error).toEqual({ name: 'TypeError', message: 'connection refused' });
  });

  it('reads a level case-insensitively and falls back to INFO', () => {
    expect([logLevelOf('debug'), logLevelOf('WARN'), logLevelOf(undefined), logLevelOf('loud')]).toEqual([
      'DEBUG',
      'WARN',
      'INFO',
      'INFO',
    ]);
  });
});
