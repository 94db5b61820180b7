import { App } from 'aws-cdk-lib';
import { loadConfigFile } from './functions/config/load-config.js';
import { buildMonitorApp } from './infra/monitor-app.js';
const config = await loadConfigFile('config/monitor.example.yaml');
const { app } = buildMonitorApp(config, new App({ outdir: '/tmp/synth-out' }));
try { app.synth(); console.log('ok'); } catch (e) { console.log('THROWN', (e as Error).message.slice(0, 3000)); }
