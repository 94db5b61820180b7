import { DynamoDbLinkStateStore } from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';
import { createTables, dynamoDbEndpoint, localDynamoDbClient } from '../../../support/dynamodb-local.js';
import { describeStoreContract } from '../../../support/store-contract.js';

describeStoreContract('DynamoDB (DynamoDB Local)', async () => {
  const client = localDynamoDbClient(dynamoDbEndpoint());
  const tables = await createTables(client, 'contract');
  return {
    store: new DynamoDbLinkStateStore({ client, ...tables }),
    cleanup: async () => {
      await tables.drop();
      client.destroy();
    },
  };
});
