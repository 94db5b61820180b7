/** One problem found in a config file, located by its field path, e.g. `clusters[1].restEndpoint`. */
export interface ConfigIssue {
  /** Field path in JavaScript notation; `(root)` for the document itself, `line 3, column 5` for syntax errors. */
  readonly path: string;
  readonly message: string;
}

/**
 * A config file that cannot be used. The message names the file and every bad
 * field, one per line: `config/monitor.yaml: clusters[1].restEndpoint: must be https:// (got "http://...")`.
 * A value is quoted only cut short, and never that of a field meant to name a credential, so a
 * secret pasted into the wrong place does not end up in a log (`quotedValue`).
 */
export class InvalidConfigError extends Error {
  override readonly name = 'InvalidConfigError';
  readonly fileName: string;
  readonly issues: readonly ConfigIssue[];

  constructor(fileName: string, issues: readonly ConfigIssue[]) {
    super(issues.map((issue) => `${fileName}: ${issue.path}: ${issue.message}`).join('\n'));
    this.fileName = fileName;
    this.issues = Object.freeze([...issues]);
  }
}

/** Renders a path like `['clusters', 1, 'restEndpoint']` as `clusters[1].restEndpoint`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}
