import { DynamoDbLinkStateStore } from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';
import { DynamoDbSilenceStore } from '../../../../adapters/dynamodb/dynamodb-silence-store.js';
import { createTables, localDynamoDbClient } from '../../../../tools/local-aws/dynamodb-local.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';
import { describeSilenceStoreContract } from '../../../support/silence-store-contract.js';

describeSilenceStoreContract('DynamoDB (DynamoDB Local)', async () => {
  const client = localDynamoDbClient(dynamoDbEndpoint());
  const tables = await createTables(client, 'silences');
  return {
    silences: new DynamoDbSilenceStore({ client, snapshotTableName: tables.snapshotTableName }),
    links: new DynamoDbLinkStateStore({ client, ...tables }),
    cleanup: async () => {
      await tables.drop();
      client.destroy();
    },
  };
});
