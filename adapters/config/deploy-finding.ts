/** What the deploy rules report, and what they check a config against. */

export interface DeployFinding {
  /** `error`: synth refuses the config; `warning`: synth goes on and says so. */
  readonly level: 'error' | 'warning';
  /** Field path, e.g. `clusters[0].credentials`. */
  readonly path: string;
  readonly message: string;
}

/**
 * The account and region the stack deploys to, where known: the stack itself names neither (it
 * deploys wherever the credentials of `cdk deploy` point), so synth learns them from the CDK CLI.
 * Rules that need one skip it, or check only what the config says by itself, when it is unknown.
 */
export interface DeployTarget {
  readonly account?: string;
  readonly region?: string;
}
