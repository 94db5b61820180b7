/**
 * Maps the store's table design (`adapters/dynamodb/table-design.ts`, the one
 * definition of keys and indexes) to a DynamoDB table: on-demand, point-in-time
 * recovery, encrypted with the AWS managed key, kept when the stack is deleted or the
 * table replaced, and removed only when the create that made it is rolled back.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import type { KeyAttribute, TableDesign } from '../../adapters/dynamodb/table-design.js';

function attribute(key: KeyAttribute): dynamodb.Attribute {
  return { name: key.name, type: dynamodb.AttributeType.STRING };
}

function projection(kind: 'ALL' | 'KEYS_ONLY'): dynamodb.ProjectionType {
  return kind === 'ALL' ? dynamodb.ProjectionType.ALL : dynamodb.ProjectionType.KEYS_ONLY;
}

export function tableFromDesign(scope: Construct, design: TableDesign): dynamodb.TableV2 {
  return new dynamodb.TableV2(scope, design.id, {
    partitionKey: attribute(design.partitionKey),
    sortKey: attribute(design.sortKey),
    globalSecondaryIndexes: design.globalSecondaryIndexes.map((index) => ({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      sortKey: attribute(index.sortKey),
      projectionType: projection(index.projection),
    })),
    billing: dynamodb.Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: design.pointInTimeRecovery },
    timeToLiveAttribute: design.timeToLiveAttribute,
    encryption: dynamodb.TableEncryptionV2.awsManagedKey(),
    // Off: it would stop CloudFormation from removing a table its failed first create made (the
    // rollback fails instead). The removal policy keeps the table through stack deletes and
    // updates, and point-in-time recovery keeps a backup for 35 days of a table deleted by hand.
    deletionProtection: false,
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
}
