/**
 * The text a poll reports for an error, in results and logs: its name and message. The
 * adapters' errors never carry credentials, so this text may be logged as it is.
 */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
