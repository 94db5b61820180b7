/**
 * CDK entry point: `npx cdk synth -c config=config/monitor.yaml`. The config is
 * validated here, so a mistake stops synth with the file and field named.
 */
import { App } from 'aws-cdk-lib';
import { loadConfigFile } from '../adapters/config/load-config.js';
import { buildMonitorApp } from './monitor-app.js';

const app = new App();
const configPath: unknown = app.node.tryGetContext('config') ?? 'config/monitor.example.yaml';
if (typeof configPath !== 'string') throw new Error('context value "config" must be a file path');

const config = await loadConfigFile(configPath);
buildMonitorApp(config, app).app.synth();
