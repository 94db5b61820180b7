/**
 * Who is running the CLI, for the `createdBy` of a silence: the caller's AWS
 * identity from STS `GetCallerIdentity` (an ARN such as
 * `arn:aws:sts::123456789012:assumed-role/oncall/alice`). The one call is
 * signed here with SigV4 from the standard credential chain; it needs no
 * permission (STS answers it for any valid credentials).
 */
import { createHash, createHmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { CliError } from './cli-errors.js';

type SourceData = string | ArrayBuffer | ArrayBufferView;

function bytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** node:crypto in the shape SigV4 signing wants. */
class Sha256 {
  readonly #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
}

export interface CallerIdentityOptions {
  readonly region?: string;
  /** STS endpoint; `AWS_ENDPOINT_URL_STS` or the regional one by default. */
  readonly endpoint?: string;
  readonly fetch?: typeof fetch;
}

/**
 * The caller's ARN.
 * @throws CliError when there are no credentials or STS refuses them (the hint names `--by`)
 */
export async function callerArn(options: CallerIdentityOptions = {}): Promise<string> {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const endpoint = new URL(
    options.endpoint ?? process.env.AWS_ENDPOINT_URL_STS ?? `https://sts.${region}.amazonaws.com/`,
  );
  const body = 'Action=GetCallerIdentity&Version=2011-06-15';
  try {
    const signer = new SignatureV4({
      credentials: defaultProvider(),
      region,
      service: 'sts',
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: endpoint.protocol,
      hostname: endpoint.hostname,
      ...(endpoint.port === '' ? {} : { port: Number(endpoint.port) }),
      path: endpoint.pathname,
      headers: { host: endpoint.host, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body,
    });
    const response = await (options.fetch ?? fetch)(endpoint, {
      method: 'POST',
      headers: signed.headers,
      body,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    const arn = /<Arn>([^<]{1,2048})<\/Arn>/.exec(text)?.[1];
    if (!response.ok || arn === undefined) throw new Error(`STS answered HTTP ${response.status}`);
    return arn;
  } catch (error) {
    throw new CliError('cannot tell who you are from your AWS identity (STS GetCallerIdentity)', {
      hint: 'set AWS credentials, or name yourself with --by NAME',
      cause: error,
    });
  }
}
