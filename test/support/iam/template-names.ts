/**
 * A synthesized template's values as one deployment of it would see them: each resource gets a
 * physical name (the local stand-ins' names where a test made its own, e.g. DynamoDB Local tables)
 * and `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub` and the pseudo parameters resolve to the strings
 * CloudFormation would put there. A value it cannot resolve is an error naming it, never a guess.
 */

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
}

export interface TemplateJson {
  readonly Resources: Record<string, TemplateResource>;
}

export interface DeploymentNamesOptions {
  readonly region: string;
  readonly account: string;
  /** Physical names the test chose (e.g. the DynamoDB Local tables it created), by logical id. */
  readonly physicalNames?: Readonly<Record<string, string>>;
  /** What a queue's URL starts with (an SQS endpoint). @default `https://sqs.{region}.amazonaws.com` */
  readonly sqsEndpoint?: string;
  /** The key id a customer-managed KMS key gets. @default a fixed UUID per logical id */
  readonly keyId?: (logicalId: string) => string;
}

export class UnresolvableValueError extends Error {
  constructor(readonly value: unknown) {
    super(`no deployed value for ${JSON.stringify(value)}`);
    this.name = 'UnresolvableValueError';
  }
}

/** The names and ARNs of one deployment of a template. */
export class DeploymentNames {
  readonly region: string;
  readonly account: string;
  readonly template: TemplateJson;
  readonly #resources: Record<string, TemplateResource>;
  readonly #options: DeploymentNamesOptions;

  constructor(template: TemplateJson, options: DeploymentNamesOptions) {
    this.template = template;
    this.#resources = template.Resources;
    this.#options = options;
    this.region = options.region;
    this.account = options.account;
  }

  /** The same deployment with queue URLs on another SQS endpoint (where a function's client is pointed). */
  withSqsEndpoint(sqsEndpoint: string): DeploymentNames {
    return new DeploymentNames(this.template, { ...this.#options, sqsEndpoint });
  }

  /** The physical name a resource has (its `Ref` for named resources). */
  physicalName(logicalId: string): string {
    return this.#options.physicalNames?.[logicalId] ?? `deployed-${logicalId}`;
  }

  /** The ARN of a resource, by its type. */
  arnOf(logicalId: string): string {
    const resource = this.#resource(logicalId);
    const name = this.physicalName(logicalId);
    const { region, account } = this;
    switch (resource.Type) {
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table':
        return `arn:aws:dynamodb:${region}:${account}:table/${name}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${region}:${account}:${name}`;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${region}:${account}:${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${account}:role/${name}`;
      case 'AWS::KMS::Key':
        return `arn:aws:kms:${region}:${account}:key/${this.#keyId(logicalId)}`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${region}:${account}:function:${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
      case 'AWS::Scheduler::Schedule':
        return `arn:aws:scheduler:${region}:${account}:schedule/default/${name}`;
      default:
        throw new UnresolvableValueError({ 'Fn::GetAtt': [logicalId, 'Arn'], Type: resource.Type });
    }
  }

  /** The queue URL a queue's `Ref` gives. */
  queueUrlOf(logicalId: string): string {
    const endpoint = this.#options.sqsEndpoint ?? `https://sqs.${this.region}.amazonaws.com`;
    return `${endpoint}/${this.account}/${this.physicalName(logicalId)}`;
  }

  /** A template value (string, intrinsic function or array of them) as deployed. */
  resolve(value: unknown): string {
    if (typeof value === 'string') return value;
    if (typeof value !== 'object' || value === null) throw new UnresolvableValueError(value);
    const entries = Object.entries(value);
    const [fn, arg] = entries[0] ?? [];
    if (entries.length !== 1 || fn === undefined) throw new UnresolvableValueError(value);
    switch (fn) {
      case 'Ref':
        return this.#ref(arg);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = (typeof arg === 'string' ? arg.split('.') : arg) as [string, string];
        if (attribute === 'Arn') return this.arnOf(logicalId);
        if (attribute === 'QueueUrl') return this.queueUrlOf(logicalId);
        if (attribute === 'QueueName' || attribute === 'TopicName') return this.physicalName(logicalId);
        if (attribute === 'KeyId') return this.#keyId(logicalId);
        throw new UnresolvableValueError(value);
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return parts.map((part) => this.resolve(part)).join(separator);
      }
      case 'Fn::Sub': {
        const text = typeof arg === 'string' ? arg : (arg as [string])[0];
        return text.replace(/\$\{([^}]+)\}/g, (_, name: string) =>
          name.includes('.') ? this.resolve({ 'Fn::GetAtt': name.split('.') }) : this.resolve({ Ref: name }),
        );
      }
      default:
        throw new UnresolvableValueError(value);
    }
  }

  /** Resolves every value of a structure (a policy document), leaving plain data as it is. */
  resolveDeep<T>(value: T): T {
    if (Array.isArray(value)) return value.map((item) => this.resolveDeep(item)) as T;
    if (typeof value !== 'object' || value === null) return value;
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0]?.startsWith('Fn::'))) {
      return this.resolve(value) as T;
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolveDeep(v)])) as T;
  }

  #ref(name: unknown): string {
    switch (name) {
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.account;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
    }
    if (typeof name !== 'string') throw new UnresolvableValueError({ Ref: name });
    const resource = this.#resource(name);
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
        return this.arnOf(name);
      case 'AWS::SQS::Queue':
        return this.queueUrlOf(name);
      case 'AWS::KMS::Key':
        return this.#keyId(name);
      default:
        return this.physicalName(name);
    }
  }

  #keyId(logicalId: string): string {
    return this.#options.keyId?.(logicalId) ?? `00000000-0000-4000-8000-${hex12(logicalId)}`;
  }

  #resource(logicalId: string): TemplateResource {
    const resource = this.#resources[logicalId];
    if (resource === undefined) throw new UnresolvableValueError({ Ref: logicalId });
    return resource;
  }
}

function hex12(text: string): string {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash.toString(16).padStart(12, '0').slice(-12);
}
