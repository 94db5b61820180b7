import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  handleProcessSignals,
  type ProcessLike,
  signalExitCode,
} from '../../../../tools/cli/process-signals.js';

/** A process whose signals, streams and exit a test drives. */
function aProcess() {
  const events = new EventEmitter();
  const stdout = new EventEmitter();
  const stderr = Object.assign(new EventEmitter(), { write: vi.fn() });
  const exits: number[] = [];
  const proc = {
    on: (event: string, listener: () => void) => events.on(event, listener),
    exit: (code: number) => {
      exits.push(code);
      return undefined as never;
    },
    stdout,
    stderr,
  } as unknown as ProcessLike;
  return { proc, events, stdout, stderr, exits };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Function: handleProcessSignals', () => {
  it('asks the command to stop on SIGTERM, and ends with 143 once it has', () => {
    // Prepare
    const { proc, events, exits } = aProcess();
    const stop = handleProcessSignals(proc);

    // Act
    events.emit('SIGTERM');

    // Assess
    expect(stop.signal.aborted).toBe(true);
    expect(stop.exitCode(0)).toBe(143);
    expect(stop.exitCode(1)).toBe(1);
    expect(exits).toEqual([]);
  });

  it('ends at once with 128 plus the number of a second signal: 143 for SIGTERM, 130 for SIGINT', () => {
    // Prepare
    const twiceTerm = aProcess();
    const termThenInt = aProcess();
    handleProcessSignals(twiceTerm.proc);
    handleProcessSignals(termThenInt.proc);

    // Act
    twiceTerm.events.emit('SIGTERM');
    twiceTerm.events.emit('SIGTERM');
    termThenInt.events.emit('SIGTERM');
    termThenInt.events.emit('SIGINT');

    // Assess
    expect(twiceTerm.exits).toEqual([143]);
    expect(termThenInt.exits).toEqual([130]);
  });

  it('ends a process that has not stopped within the grace period, under the 10 s of a container stop', () => {
    // Prepare
    vi.useFakeTimers();
    const { proc, events, exits, stderr } = aProcess();
    handleProcessSignals(proc, 8_000);

    // Act
    events.emit('SIGTERM');
    vi.advanceTimersByTime(7_999);
    const before = [...exits];
    vi.advanceTimersByTime(1);

    // Assess
    expect(before).toEqual([]);
    expect(exits).toEqual([143]);
    expect(stderr.write).toHaveBeenCalledWith('Not stopped within 8s of SIGTERM: exiting now.\n');
  });

  it('stops quietly when stdout is closed, ending with 141 as a shell pipeline expects', () => {
    // Prepare
    const { proc, stdout } = aProcess();
    const stop = handleProcessSignals(proc);

    // Act
    stdout.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    stdout.emit('error', Object.assign(new Error('write after end'), { code: 'ERR_STREAM_DESTROYED' }));

    // Assess
    expect(stop.signal.aborted).toBe(true);
    expect(stop.exitCode(0)).toBe(141);
    expect(signalExitCode('SIGPIPE')).toBe(141);
  });
});
