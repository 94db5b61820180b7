/**
 * Cluster credentials read from AWS Secrets Manager through the project's one
 * secret cache, parsed as `{"api_key","api_secret"}` or `{"token"}`.
 */
import type { ConfluentCredentials } from '../confluent/credentials.js';
import { CachedSecretReader, type CachedSecretReaderProps } from './cached-secret-reader.js';
import { parseCredentialsSecret } from './parse-credentials-secret.js';

export type SecretsManagerCredentialsProps = Omit<CachedSecretReaderProps<ConfluentCredentials>, 'parse'>;

export class SecretsManagerCredentials extends CachedSecretReader<ConfluentCredentials> {
  constructor(props: SecretsManagerCredentialsProps) {
    super({ ...props, parse: parseCredentialsSecret });
  }
}
