import { DynamoDbLinkStateStore } from '../../../../adapters/dynamodb/dynamodb-link-state-store.js';
import { createTables, localDynamoDbClient } from '../../../../tools/local-aws/dynamodb-local.js';
import { dynamoDbEndpoint } from '../../../support/dynamodb-endpoint.js';
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
