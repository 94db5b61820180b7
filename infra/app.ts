/**
 * CDK entry point: `npx cdk synth -c config=config/monitor.yaml`. The config is
 * validated here; a missing or bad config stops synth with the file and the
 * fields named, and no stack trace.
 */
import { App } from 'aws-cdk-lib';
import { deployTargetOf, setUpSynth } from './synth-config.js';

const setup = await setUpSynth(new App(), deployTargetOf(process.env));
if (setup.ok) {
  setup.built.app.synth();
} else {
  process.stderr.write(setup.message);
  process.exitCode = 1;
}
