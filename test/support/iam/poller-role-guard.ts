/**
 * The IAM guard of the poller's synthesized role in front of DynamoDB Local, for the suites that
 * run the poll in-process on tables of their own (the fault and scenario suites): every call their
 * store makes is one the deployed poller's role must allow. The stack is synthesized once per
 * test file, without bundling (only its template is read).
 */
import { rmSync } from 'node:fs';
import { parseConfig } from '../../../adapters/config/load-config.js';
import { synthesize } from '../../infra/synth-monitor.js';
import { dynamoDbEndpoint } from '../dynamodb-endpoint.js';
import { type IamGuard, startIamGuard } from './iam-guard.js';
import { resourceAccess, roleAccess, roleOfFunction } from './synthesized-access.js';
import { DeploymentNames, type TemplateJson } from './template-names.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
let template: TemplateJson | undefined;

function pollerTemplate(): TemplateJson {
  if (template === undefined) {
    const synth = synthesize(
      parseConfig(
        'clusters:\n  - { clusterId: lkc-guard, label: guard, restEndpoint: https://pkc-guard.example.com, credentials: { secret: guard/cluster } }\n',
        'guard.yaml',
      ),
      { bundle: false },
    );
    rmSync(synth.outdir, { recursive: true, force: true });
    template = synth.template.toJSON() as TemplateJson;
  }
  return template;
}

/** A guard that lets through what the deployed poller may do on these two tables. */
export async function startPollerRoleGuard(tables: {
  readonly snapshotTableName: string;
  readonly historyTableName: string;
}): Promise<IamGuard> {
  const synthesized = pollerTemplate();
  const ids = Object.keys(synthesized.Resources);
  const idOf = (prefix: string) => ids.find((id) => id.startsWith(prefix)) as string;
  const names = new DeploymentNames(synthesized, {
    region: REGION,
    account: ACCOUNT,
    physicalNames: {
      [idOf('StateSnapshots')]: tables.snapshotTableName,
      [idOf('StateHistory')]: tables.historyTableName,
    },
  });
  return startIamGuard({
    role: roleAccess(synthesized, names, roleOfFunction(synthesized, idOf('PollerFunction'))),
    resources: resourceAccess(synthesized, names),
    context: { region: REGION, account: ACCOUNT },
    upstreams: { dynamodb: dynamoDbEndpoint() },
  });
}
