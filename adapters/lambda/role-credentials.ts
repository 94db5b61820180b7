/**
 * What the Lambda bundles use in place of `@aws-sdk/credential-provider-node`
 * (an esbuild alias, `LAMBDA_BUNDLING` in `infra/constructs/monitor-function.ts`).
 * Lambda hands a function its execution role's credentials in the environment
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), so the
 * rest of the SDK's default chain (profiles, SSO, web identity, instance
 * metadata) can never answer there; leaving it out takes about 100 KB and a
 * tenth of the cold start off each bundle (docs/decisions/002-lambda-bundle.md).
 * Code run from source (the CLI, tests) keeps the SDK's full chain.
 */
import { type FromEnvInit, fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Same name and call as the SDK's `defaultProvider`, which every client's runtime config calls.
 *
 * @throws CredentialsProviderError (when the provider is called) if the environment holds no credentials
 */
export function defaultProvider(init: FromEnvInit = {}): ReturnType<typeof fromEnv> {
  return fromEnv(init);
}
