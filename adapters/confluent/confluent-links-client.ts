/**
 * The `LinkSource` adapter for Confluent Kafka REST v3: lists every cluster
 * link of a cluster, page by page, with retries, timeouts and the caller's
 * deadline, and returns the listing of every page or throws a `ConfluentApiError`.
 * Never a list cut short; entries the schema refuses are returned apart.
 *
 * Every request goes through one send loop, which sends nothing that could change a cluster: a
 * request that is not a GET, or that names an action, leaves only with `validate_only=true`.
 * That rule, and the dry runs themselves, are in `mirror-action-dry-run.ts`.
 */
import { BOUNDS } from '../../core/model/bounds.js';
import type { ClusterListing, RefusedListingEntry } from '../../core/model/link-model.js';
import type { LinkSource } from '../../core/ports.js';
import { planRetry, sleepFor } from '../http/retry-policy.js';
import { type ClientOptions, type ResolvedOptions, resolveClientOptions } from './client-options.js';
import { type ConfluentClusterConfig, type ResolvedCluster, resolveCluster } from './cluster-endpoint.js';
import {
  ConfluentApiError,
  ConfluentConfigError,
  type ConfluentErrorKind,
  InvalidLinksResponseError,
} from './confluent-errors.js';
import { scrubSecrets } from './credentials.js';
import { assertDryRunOnly, dryRunRequest, type MirrorActionDryRun } from './mirror-action-dry-run.js';
import { type MirrorActionCheck, parseMirrorActionResults } from './parse-link-readiness.js';
import {
  type AcceptedEntry,
  failTooManyRefused,
  type PageContext,
  parseLinksPage,
  withoutSharedNames,
} from './parse-links-page.js';
import { readJsonBody } from './read-json-body.js';
import {
  type AttemptResult,
  deadlineFailure,
  type Failure,
  httpFailure,
  networkFailure,
  timeoutFailure,
  withoutSecrets,
} from './request-failures.js';

export type { ClientOptions as ConfluentClientOptions } from './client-options.js';
export type { ConfluentClusterConfig } from './cluster-endpoint.js';
export type { MirrorAction, MirrorActionCheck } from './parse-link-readiness.js';

/** One request of the send loop. Only GET and POST exist, and a POST is always a dry run. */
interface Exchange {
  readonly method: 'GET' | 'POST';
  readonly url: URL;
  /** JSON text, sent with a POST. */
  readonly body?: string;
}

/** Reported before each retry, for logs and metrics (carries no secret). */
export interface RetryEvent {
  readonly clusterId: string;
  readonly path: string;
  /** The attempt that just failed (1 for the first request). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly kind: ConfluentErrorKind;
  readonly status: number | null;
}

export interface ConfluentLinksClientProps {
  /** The clusters `listLinks` may be asked about. */
  readonly clusters?: readonly ConfluentClusterConfig[];
  readonly options?: ClientOptions;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Source of jitter in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Waits between retries. @default a setTimeout promise */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Epoch ms, compared with deadlines. @default Date.now */
  readonly now?: () => number;
  readonly onRetry?: (event: RetryEvent) => void;
}

/**
 * Lists cluster links through Confluent Kafka REST v3 (`GET /kafka/v3/clusters/{cluster_id}/links`).
 *
 * Auth is HTTP Basic (API key and secret) or Bearer. Follows `metadata.next` on the same origin only,
 * retries connection errors, timeouts, 408, 429 and 5xx with capped exponential backoff and full jitter
 * (honouring `Retry-After`), never waits past the caller's deadline, and validates every page.
 * Beyond the listing: GETs below the links collection (`readBelowLinks`) and dry runs of mirror
 * actions (`validateMirrorAction`), under the same rules.
 */
export class ConfluentLinksClient implements LinkSource {
  readonly #clusters = new Map<string, ResolvedCluster>();
  readonly #options: ResolvedOptions;
  readonly #fetch: typeof fetch;
  readonly #random: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #now: () => number;
  readonly #onRetry: ((event: RetryEvent) => void) | undefined;

  /** @throws ConfluentConfigError when a cluster or option is unusable (names the field, never a secret) */
  constructor(props: ConfluentLinksClientProps = {}) {
    this.#options = resolveClientOptions(props.options ?? {});
    for (const cluster of props.clusters ?? []) {
      const resolved = resolveCluster(cluster);
      if (this.#clusters.has(resolved.clusterId)) {
        throw new ConfluentConfigError(
          resolved.clusterId,
          `cluster ${resolved.clusterId} is configured twice`,
        );
      }
      this.#clusters.set(resolved.clusterId, resolved);
    }
    this.#fetch = props.fetch ?? globalThis.fetch;
    this.#random = props.random ?? Math.random;
    this.#sleep = props.sleep ?? sleepFor;
    this.#now = props.now ?? Date.now;
    this.#onRetry = props.onRetry;
  }

  /**
   * The complete listing of a configured cluster.
   *
   * @param request.deadline - epoch ms by which the whole listing must be done
   * @throws ConfluentApiError (or a subclass) for every failure; see `kind`
   */
  async listLinks(request: {
    readonly clusterId: string;
    readonly deadline: number;
  }): Promise<ClusterListing> {
    const cluster = this.#clusters.get(request.clusterId);
    if (cluster === undefined) {
      throw new ConfluentConfigError(request.clusterId, `cluster ${request.clusterId} is not configured`);
    }
    return this.#list(cluster, request.deadline);
  }

  /**
   * Like `listLinks`, for a cluster given here rather than at construction.
   *
   * @throws ConfluentConfigError for unusable settings, ConfluentApiError for every other failure
   */
  async listClusterLinks(
    cluster: ConfluentClusterConfig,
    request: { readonly deadline: number },
  ): Promise<ClusterListing> {
    return this.#list(resolveCluster(cluster), request.deadline);
  }

  /**
   * One GET below the cluster's links collection (`.../links/{segments...}?{query}`), with the same
   * auth, origin, timeout, retry and error rules as the listing; returns the decoded JSON body for
   * the caller to validate. Used by `ConfluentLinkDetailsClient` for a link's detail, mirrors and configs.
   *
   * @param request.maxAttempts - fewer attempts than the client's default, e.g. 1 for reads the next poll retries anyway
   * @throws ConfluentConfigError for unusable settings, ConfluentApiError for every other failure
   */
  async readBelowLinks(
    cluster: ConfluentClusterConfig,
    request: {
      readonly segments: readonly string[];
      readonly query?: Readonly<Record<string, string>>;
      readonly deadline: number;
      readonly maxAttempts?: number;
    },
  ): Promise<unknown> {
    const resolved = resolveCluster(cluster);
    const url = new URL(
      `${resolved.linksUrl.pathname}/${request.segments.map(encodeURIComponent).join('/')}`,
      resolved.linksUrl,
    );
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    try {
      return await this.#send(resolved, { method: 'GET', url }, request.deadline, request.maxAttempts);
    } catch (error) {
      throw withoutSecrets(error, resolved.secrets);
    }
  }

  /**
   * A dry run of a mirror action (`dryRunRequest`, with `validate_only=true`, which the send loop
   * enforces again: this client has no way to send the action itself). Since nothing changes, a
   * failed attempt is retried like a read.
   *
   * @param request.maxAttempts - fewer attempts than the client's default
   * @returns per topic, in name order, Confluent's `error_code` and `error_message` (null when it would succeed)
   * @throws ConfluentConfigError for unusable settings or an unusable request (sent nowhere),
   *   ConfluentApiError for every other failure
   */
  async validateMirrorAction(
    cluster: ConfluentClusterConfig,
    request: MirrorActionDryRun & { readonly deadline: number; readonly maxAttempts?: number },
  ): Promise<MirrorActionCheck[]> {
    const resolved = resolveCluster(cluster);
    const exchange = dryRunRequest(resolved, request);
    try {
      const answer = await this.#send(resolved, exchange, request.deadline, request.maxAttempts);
      return parseMirrorActionResults(answer, { clusterId: resolved.clusterId, path: exchange.url.pathname });
    } catch (error) {
      throw withoutSecrets(error, resolved.secrets);
    }
  }

  async #list(cluster: ResolvedCluster, deadline: number): Promise<ClusterListing> {
    try {
      return await this.#listPages(cluster, deadline);
    } catch (error) {
      throw withoutSecrets(error, cluster.secrets);
    }
  }

  async #listPages(cluster: ResolvedCluster, deadline: number): Promise<ClusterListing> {
    const accepted: AcceptedEntry[] = [];
    const refused: RefusedListingEntry[] = [];
    const visited = new Set<string>();
    let url = cluster.linksUrl;
    let pages = 0;
    let context: PageContext = { clusterId: cluster.clusterId, path: url.pathname };
    for (;;) {
      visited.add(url.href);
      context = { clusterId: cluster.clusterId, path: url.pathname };
      const body = await this.#send(cluster, { method: 'GET', url }, deadline);
      pages += 1;
      const page = parseLinksPage(body, context);
      const onePage = pages === 1 && page.next === null;
      for (const link of page.links) accepted.push({ link, where: `page ${pages}` });
      for (const entry of page.refused)
        refused.push(onePage ? entry : { ...entry, problem: `page ${pages}: ${entry.problem}` });
      if (refused.length > BOUNDS.refusedEntries) failTooManyRefused(context, refused);
      if (page.next === null) break;
      url = this.#nextUrl(cluster, url, page.next, visited, pages);
    }
    // Names are unique within a page: one given on two pages is set aside like one given twice on a page.
    const kept = withoutSharedNames(accepted, refused);
    // A server may echo a credential anywhere, a link name included: problems are stored and shown.
    const problems = kept.refused.map((entry) => ({
      ...entry,
      problem: scrubSecrets(entry.problem, cluster.secrets),
    }));
    if (problems.length > BOUNDS.refusedEntries) failTooManyRefused(context, problems);
    if (kept.links.length === 0 && problems.length > 0) {
      // Nothing usable is not a listing: the cluster is as unseen as when it cannot be read.
      throw new InvalidLinksResponseError({
        ...context,
        problem: `every entry of the listing was refused (${problems.length}); the first: ${problems[0]?.problem}`,
      });
    }
    const links = kept.links.sort((a, b) => (a.linkName < b.linkName ? -1 : a.linkName > b.linkName ? 1 : 0));
    return {
      clusterId: cluster.clusterId,
      links,
      ...(problems.length > 0 && { refused: problems }),
      pages,
    };
  }

  /** Checks `metadata.next` before anything is sent to it. */
  #nextUrl(cluster: ResolvedCluster, current: URL, next: string, visited: Set<string>, pages: number): URL {
    const fail = (problem: string): never => {
      throw new ConfluentApiError(
        scrubSecrets(
          `Pagination of the links of cluster ${cluster.clusterId} stopped: ${problem}`,
          cluster.secrets,
        ),
        {
          kind: 'pagination',
          clusterId: cluster.clusterId,
          path: scrubSecrets(current.pathname, cluster.secrets),
        },
      );
    };
    let url: URL;
    try {
      url = new URL(next, current);
    } catch {
      return fail('metadata.next is not a valid URL');
    }
    url.hash = '';
    // Credentials go only to the configured host: a next page elsewhere is refused, not followed.
    if (url.origin !== cluster.origin) {
      return fail(
        `metadata.next points to another origin (${url.origin}, expected ${cluster.origin}); not followed`,
      );
    }
    if (url.username !== '' || url.password !== '')
      return fail('metadata.next contains credentials; not followed');
    if (visited.has(url.href))
      return fail(`metadata.next repeats an already-read page (${url.pathname}); a loop`);
    if (pages >= this.#options.maxPages) return fail(`more than ${this.#options.maxPages} pages (maxPages)`);
    return url;
  }

  /** One request, with retries. Returns the decoded JSON body. */
  async #send(
    cluster: ResolvedCluster,
    exchange: Exchange,
    deadline: number,
    maxAttempts = this.#options.maxAttempts,
  ): Promise<unknown> {
    const path = exchange.url.pathname;
    const fail = (attempts: number, failure: Failure, giveUp?: string) =>
      this.#error(cluster, exchange.method, path, attempts, failure, giveUp);
    let previous: Failure | null = null;
    for (let attempt = 1; ; attempt += 1) {
      if (deadline - this.#now() <= 0) {
        throw fail(attempt - 1, deadlineFailure(cluster));
      }
      const result = await this.#attempt(cluster, exchange, deadline);
      if (result.ok) return result.body;
      const { failure } = result;
      if (failure.kind === 'deadline' && previous !== null) {
        // What made the retry necessary says more than the deadline that cut the retry short.
        throw fail(
          attempt,
          previous,
          `gave up after ${attempt} attempts: the deadline passed during the last one`,
        );
      }
      if (!failure.retryable) throw fail(attempt, failure);
      previous = failure;
      if (attempt >= Math.min(maxAttempts, this.#options.maxAttempts)) {
        throw fail(attempt, failure, `gave up after ${attempt} attempts`);
      }
      const plan = planRetry(
        { attempt, retryAfterMs: failure.retryAfterMs, now: this.#now(), deadline },
        { ...this.#options, minAttemptMs: 0 },
        this.#random,
      );
      const { delayMs } = plan;
      if (!plan.retry) {
        const wait =
          plan.source === 'backoff' ? 'the next retry' : `the server's Retry-After (${delayMs} ms)`;
        throw fail(attempt, failure, `gave up after ${attempt} attempt(s): ${wait} would pass the deadline`);
      }
      this.#onRetry?.({
        clusterId: cluster.clusterId,
        path: scrubSecrets(path, cluster.secrets),
        attempt,
        delayMs,
        kind: failure.kind,
        status: failure.status,
      });
      await this.#sleep(delayMs);
    }
  }

  /** One request: either the page's JSON body or a description of what went wrong. */
  async #attempt(cluster: ResolvedCluster, exchange: Exchange, deadline: number): Promise<AttemptResult> {
    const { method, url } = exchange;
    // The last gate before the network, so that no caller of the loop can get around it.
    assertDryRunOnly(cluster, exchange);
    const context: PageContext = { clusterId: cluster.clusterId, path: url.pathname };
    const budget = deadline - this.#now();
    const limitedByDeadline = budget <= this.#options.requestTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(),
      Math.max(0, Math.min(budget, this.#options.requestTimeoutMs)),
    );
    const aborted = (): AttemptResult => ({
      ok: false,
      failure: limitedByDeadline
        ? deadlineFailure(cluster)
        : timeoutFailure(cluster, this.#options.requestTimeoutMs),
    });
    let phase: 'connect' | 'body' = 'connect';
    try {
      const response = await this.#fetch(url, {
        method,
        headers: {
          'user-agent': 'cluster-link-monitor',
          ...this.#options.extraHeaders,
          // Pages are JSON, but the rate limiter (Jetty's DoSFilter) answers 429 with an HTML page;
          // accepting it at low weight keeps content negotiation from turning that 429 into a 406.
          accept: 'application/json, text/html;q=0.1',
          ...(exchange.body !== undefined && { 'content-type': 'application/json' }),
          authorization: cluster.authorization,
        },
        ...(exchange.body !== undefined && { body: exchange.body }),
        // A redirect is never followed: it could carry the Authorization header to another host.
        redirect: 'manual',
        signal: controller.signal,
      });
      phase = 'body';
      if (response.status >= 200 && response.status < 300) {
        return { ok: true, body: await readJsonBody(response, this.#options.maxBodyBytes, context) };
      }
      return { ok: false, failure: await httpFailure(cluster, response, this.#now()) };
    } catch (error) {
      if (error instanceof ConfluentApiError) throw error;
      if (controller.signal.aborted) return aborted();
      return { ok: false, failure: networkFailure(cluster, error, phase) };
    } finally {
      clearTimeout(timer);
    }
  }

  #error(
    cluster: ResolvedCluster,
    method: Exchange['method'],
    path: string,
    attempts: number,
    failure: Failure,
    giveUp?: string,
  ): ConfluentApiError {
    const details = [`${method} ${path}`];
    if (failure.status !== null) details.push(`HTTP ${failure.status}`);
    if (failure.errorCode !== null) details.push(`error_code ${failure.errorCode}`);
    const said = failure.confluentMessage === null ? '' : `: ${failure.confluentMessage}`;
    const tail = giveUp === undefined ? '' : `; retried, ${giveUp}`;
    const message = scrubSecrets(`${failure.summary} [${details.join(', ')}${said}]${tail}`, cluster.secrets);
    return new ConfluentApiError(message, {
      kind: failure.kind,
      clusterId: cluster.clusterId,
      // The path of a next page is the server's choice, so it may echo a credential too.
      path: scrubSecrets(path, cluster.secrets),
      status: failure.status,
      errorCode: failure.errorCode,
      confluentMessage: failure.confluentMessage,
      attempts,
      cause: failure.cause,
    });
  }
}
