/**
 * `npm start`: the local demo (see `run-demo.ts`).
 *
 * Flags: `--fast` (or `DEMO_FAST=1`) skips the pauses between steps;
 * `--db FILE` keeps the embedded store there; `--scenario FILE` plays another
 * scenario; `--no-slack` leaves out the Slack previews.
 */
import { parseArgs } from 'node:util';
import { describeDemoFailure } from './demo-failure.js';
import { runDemo } from './run-demo.js';

const { values } = parseArgs({
  options: {
    fast: { type: 'boolean', default: false },
    db: { type: 'string' },
    scenario: { type: 'string' },
    'no-slack': { type: 'boolean', default: false },
  },
});

try {
  await runDemo({
    out: process.stdout,
    fast: values.fast || ['1', 'true', 'yes'].includes(process.env.DEMO_FAST ?? ''),
    slack: !values['no-slack'],
    ...(values.db === undefined ? {} : { dbPath: values.db }),
    ...(values.scenario === undefined ? {} : { scenarioPath: values.scenario }),
  });
} catch (error) {
  process.stderr.write(describeDemoFailure(error));
  process.exitCode = 1;
}
