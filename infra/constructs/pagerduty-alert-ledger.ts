/**
 * The PagerDuty notifiers' alert ledger (`receivers/pagerduty/alert-ledger-table.ts`): one table
 * for every PagerDuty notifier of the stack, built from the table's design like the monitor's own
 * tables (on-demand, point-in-time recovery, the AWS managed key, retained unless its first create
 * is rolled back), and the binding that names it to a notifier and lets the notifier do exactly
 * what it does there, in one call.
 */
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import {
  ALERT_LEDGER_PERMISSIONS,
  ALERT_LEDGER_TABLE,
} from '../../receivers/pagerduty/alert-ledger-table.js';
import { PAGERDUTY_ENV } from '../../receivers/pagerduty/pagerduty-notifier-environment.js';
import { tableFromDesign } from './table-from-design.js';

/** The statement that lets a notifier use the ledger, by the Sid it is known by. */
export const ALERT_LEDGER_STATEMENT_SID = 'UsePagerDutyAlertLedger';

/** Adds the ledger table to `scope` (the stack). */
export function addAlertLedgerTable(scope: Construct): dynamodb.TableV2 {
  return tableFromDesign(scope, ALERT_LEDGER_TABLE);
}

/**
 * Names the table and the notifier's part of it in the notifier's environment, and allows the
 * notifier's actions on the table: on that table only, its one Query and its UpdateItem.
 * @param receiverId the notifier's part of the table, stable for its routing key secret (no `#`)
 */
export function bindAlertLedger(fn: lambda.Function, table: dynamodb.ITableV2, receiverId: string): void {
  fn.addEnvironment(PAGERDUTY_ENV.alertLedgerTableName, table.tableName);
  fn.addEnvironment(PAGERDUTY_ENV.receiverId, receiverId);
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: ALERT_LEDGER_STATEMENT_SID,
      actions: [...ALERT_LEDGER_PERMISSIONS],
      resources: [table.tableArn],
    }),
  );
}
