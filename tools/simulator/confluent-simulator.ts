/**
 * A Confluent Kafka REST v3 server for cluster links, on a loopback port:
 * `GET /kafka/v3/clusters/{cluster_id}/links` exactly as
 * `spec/list-links.openapi.yaml` describes it (pagination through absolute
 * `metadata.next` URLs, Basic or Bearer auth, the documented error bodies),
 * a link's detail and mirror topics (`spec/link-detail-and-mirrors.openapi.yaml`),
 * its configs and failover or promote dry runs (`spec/link-configs-and-failover.openapi.yaml`),
 * plus a programmatic API to change links, inject faults and latency, and
 * count requests. Tests, the benchmark and the local demo drive it step by step.
 *
 * Mirror topics' offsets move with the clock given as `now` (the demo's simulated one), so that
 * two reads show a fetch rate. The simulator never changes anything on request: an action that is
 * not a dry run is refused and kept on record (`unsafeActionRequests`).
 *
 * @example
 * ```ts
 * const sim = await startConfluentSimulator({
 *   auth: { kind: 'basic', apiKey: 'key', apiSecret: 'secret' },
 *   clusters: [{ clusterId: 'lkc-eu', links: 1000 }],
 *   pageSize: 100,
 *   latencyMs: 100,
 * });
 * sim.updateLink('lkc-eu', 'link-0007', { linkState: 'UNAVAILABLE', linkError: 'AUTHENTICATION_ERROR' });
 * sim.failCluster('lkc-eu', { kind: 'rate-limited', times: 2 });
 * // ... poll sim.baseUrl ...
 * await sim.close();
 * ```
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authorizationHeader, type ConfluentCredentials } from '../../adapters/confluent/credentials.js';
import type { ClusterFault } from './cluster-faults.js';
import {
  actionTopics,
  DRY_RUN_ACTIONS,
  type DryRunAction,
  dryRunBody,
  isValidateOnly,
  MAX_ACTION_BODY_BYTES,
  type MirrorActionRequest,
  namedTopics,
} from './mirror-actions.js';
import { followLink, type LinkOffsets, lagsSetBy, readTopic, type TopicReading } from './mirror-offsets.js';
import {
  AUTHENTICATION_FAILED,
  actionRefusedBody,
  badRequestBody,
  type ConfluentErrorBody,
  clusterNotFoundBody,
  decodePageToken,
  encodePageToken,
  forbiddenBody,
  jettyTooManyRequestsHtml,
  linkNotFoundBody,
  linksPageBody,
  METHOD_NOT_ALLOWED,
  mirrorsPageBody,
  NOT_FOUND,
  SERVER_ERROR,
  topicNotFoundBody,
} from './rest-responses.js';
import {
  createSimulatedLink,
  generateLinks,
  type LinkInit,
  type LinkPatch,
  patchSimulatedLink,
  recreateSimulatedLink,
  type SimulatedLink,
  toRestLink,
} from './simulated-link.js';
import { linkConfigsBody } from './simulated-link-configs.js';
import { restTasks, topicStatus, toRestMirrorTopic } from './simulated-mirrors.js';

export type { MirrorActionRequest } from './mirror-actions.js';

/** The links a cluster starts with: a number of generated links, or explicit ones. */
export interface SimulatedClusterInit {
  readonly clusterId: string;
  /** A count generates `{linkPrefix}-0000`... all ACTIVE; a list is taken as given. @default 0 */
  readonly links?: number | readonly LinkInit[];
  /** Name prefix of generated links. @default 'link' */
  readonly linkPrefix?: string;
  /** Mirror topics of each generated link. @default 3 */
  readonly topicsPerLink?: number;
}

export interface ConfluentSimulatorOptions {
  /** Credentials every request must present; absent means no auth is checked. */
  readonly auth?: ConfluentCredentials;
  readonly clusters?: readonly SimulatedClusterInit[];
  /** Links per page; the last page may hold fewer. @default 100 */
  readonly pageSize?: number;
  /** Delay before every response, in ms (the benchmark uses 100). @default 0 */
  readonly latencyMs?: number;
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  readonly port?: number;
  /**
   * The simulated clock, in epoch ms: mirror offsets move with it and `state_time_ms` is read
   * from it. Give the clock the monitor polls with, so that the two agree on elapsed time.
   * @default Date.now
   */
  readonly now?: () => number;
}

/** What the simulator saw of one request, handed to `onRequest` listeners before it answers. */
export interface SimulatorRequest {
  /** Null when the path is not a links collection. */
  readonly clusterId: string | null;
  /** 0-based page index the request asked for (0 without a page token). */
  readonly pageIndex: number;
  readonly method: string;
  readonly path: string;
}

export type SimulatorRequestListener = (request: SimulatorRequest) => void;

/** A programmatic call named a cluster or link the simulator does not have (or already has). */
export class SimulatorStateError extends Error {
  override readonly name = 'SimulatorStateError';
  readonly clusterId: string;
  readonly linkName: string | null;

  constructor(message: string, clusterId: string, linkName: string | null = null) {
    super(message);
    this.clusterId = clusterId;
    this.linkName = linkName;
  }
}

interface ClusterState {
  readonly links: Map<string, SimulatedLink>;
  /** Where each link's mirror topics stand on the clock, by link name. */
  readonly offsets: Map<string, LinkOffsets>;
  fault: (ClusterFault & { remaining: number }) | null;
  /** A fault of the detail calls only (a link's tasks or mirrors); the listing is not affected. */
  detailFault: (ClusterFault & { remaining: number }) | null;
}

const LINKS_PATH = /^\/kafka\/v3\/clusters\/([^/]+)\/links\/?$/;
/** `.../links/{link}`, `.../links/{link}/mirrors`, `.../links/{link}/mirrors/{topic}` (`-` = every link). */
const DETAIL_PATH = /^\/kafka\/v3\/clusters\/([^/]+)\/links\/([^/]+)(?:\/(mirrors)(?:\/([^/]+))?)?\/?$/;
/** `.../links/{link}/configs`. */
const CONFIGS_PATH = /^\/kafka\/v3\/clusters\/([^/]+)\/links\/([^/]+)\/configs\/?$/;
/** `.../links/{link}/mirrors:failover` and every other action on mirrors or configs (`:` may come encoded). */
const ACTION_PATH =
  /^\/kafka\/v3\/clusters\/([^/]+)\/links\/([^/]+)\/(mirrors|configs)(?::|%3[Aa])([^/]+)\/?$/;

/** A request about one link (`DETAIL_PATH`, `CONFIGS_PATH`, `ACTION_PATH`), its cluster and link decoded. */
interface LinkCall {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly clusterId: string;
  readonly linkName: string;
  /** The path's match: groups 1 and 2 are the cluster and the link, the others the route's own. */
  readonly match: RegExpExecArray;
}

/**
 * Starts a simulator on 127.0.0.1 and resolves once it is listening.
 *
 * @param options - auth, clusters, page size, latency, port
 * @returns the running simulator; call `close()` when done
 */
export async function startConfluentSimulator(
  options: ConfluentSimulatorOptions = {},
): Promise<ConfluentSimulator> {
  const simulator = new ConfluentSimulator(options);
  await simulator.listen(options.port ?? 0);
  return simulator;
}

/** See the module comment. Create with `startConfluentSimulator`. */
export class ConfluentSimulator {
  #server: Server;
  #clusters = new Map<string, ClusterState>();
  #expectedAuthorization: Buffer | null;
  #pageSize: number;
  #latencyMs: number;
  #port = 0;
  #requestCount = 0;
  #requestsByCluster = new Map<string, number>();
  #detailRequestsByCluster = new Map<string, number>();
  #inFlight = 0;
  #maxInFlight = 0;
  #listeners = new Set<SimulatorRequestListener>();
  #pendingTimers = new Set<NodeJS.Timeout>();
  #now: () => number;
  #actionRequests: MirrorActionRequest[] = [];

  constructor(options: ConfluentSimulatorOptions = {}) {
    this.#expectedAuthorization = options.auth
      ? Buffer.from(authorizationHeader(options.auth), 'utf8')
      : null;
    this.#pageSize = validPageSize(options.pageSize ?? 100);
    this.#latencyMs = validLatency(options.latencyMs ?? 0);
    this.#now = options.now ?? Date.now;
    for (const cluster of options.clusters ?? []) this.addCluster(cluster.clusterId, cluster);
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        // A handler bug must show up as a 500 in the test that hit it, not as a hung request.
        if (!res.headersSent) sendJson(res, 500, { error_code: 500, message: String(error) });
        else res.destroy();
      });
    });
    this.#server.keepAliveTimeout = 1_000;
  }

  /** Binds the server; `startConfluentSimulator` calls it. */
  async listen(port = 0): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, '127.0.0.1', () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    this.#port = (this.#server.address() as AddressInfo).port;
  }

  /** Stops listening and drops every open connection, including hanging requests. */
  async close(): Promise<void> {
    for (const timer of this.#pendingTimers) clearTimeout(timer);
    this.#pendingTimers.clear();
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  /** The port it listens on. */
  get port(): number {
    return this.#port;
  }

  /** `http://127.0.0.1:PORT`: the REST endpoint to configure a cluster with. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** Absolute URL of a cluster's links collection. */
  linksUrl(clusterId: string): string {
    return `${this.baseUrl}/kafka/v3/clusters/${encodeURIComponent(clusterId)}/links`;
  }

  // ---- clusters and links ----

  /** Adds a cluster (generated or explicit links). Throws if it exists. */
  addCluster(clusterId: string, init: Omit<SimulatedClusterInit, 'clusterId'> = {}): void {
    if (this.#clusters.has(clusterId))
      throw new SimulatorStateError(`Cluster ${clusterId} exists`, clusterId);
    const links =
      typeof init.links === 'number' || init.links === undefined
        ? generateLinks(clusterId, init.links ?? 0, init.linkPrefix, init.topicsPerLink)
        : init.links.map((l) => createSimulatedLink(clusterId, l));
    const nowMs = this.#now();
    this.#clusters.set(clusterId, {
      links: new Map(links.map((l) => [l.linkName, l])),
      offsets: new Map(
        links.map((l) => [
          l.linkName,
          followLink({ before: null, after: l, lagSet: lagsSetBy(l.mirrorTopics) }, null, nowMs),
        ]),
      ),
      fault: null,
      detailFault: null,
    });
  }

  /** Removes a cluster; its listing answers 404 from now on. */
  removeCluster(clusterId: string): void {
    this.#cluster(clusterId);
    this.#clusters.delete(clusterId);
  }

  clusterIds(): readonly string[] {
    return [...this.#clusters.keys()];
  }

  /** The cluster's links in listing order. */
  links(clusterId: string): readonly SimulatedLink[] {
    return [...this.#cluster(clusterId).links.values()];
  }

  /** One link, or throws. */
  link(clusterId: string, linkName: string): SimulatedLink {
    return this.#link(clusterId, linkName);
  }

  /** Adds a link at the end of the listing. Throws if the name is taken. */
  addLink(clusterId: string, init: LinkInit): SimulatedLink {
    const cluster = this.#cluster(clusterId);
    if (cluster.links.has(init.linkName)) {
      throw new SimulatorStateError(`Link ${init.linkName} exists in ${clusterId}`, clusterId, init.linkName);
    }
    const link = createSimulatedLink(clusterId, init);
    this.#put(clusterId, null, link, lagsSetBy(init.mirrorTopics));
    return link;
  }

  /**
   * Changes a link's state, error, message or topics. Setting `linkState: 'ACTIVE'`
   * without `linkError` also clears the error.
   */
  updateLink(clusterId: string, linkName: string, patch: LinkPatch): SimulatedLink {
    const before = this.#link(clusterId, linkName);
    const next = patchSimulatedLink(before, patch);
    this.#put(clusterId, before, next, lagsSetBy(patch.mirrorTopics));
    return next;
  }

  /** Shorthand for `updateLink` with a state and optional error and message. */
  setLinkState(
    clusterId: string,
    linkName: string,
    linkState: string | null,
    linkError: string | null = null,
    linkErrorMessage: string | null = null,
  ): SimulatedLink {
    return this.updateLink(clusterId, linkName, { linkState, linkError, linkErrorMessage });
  }

  /** Applies one patch to every link of a cluster (or the first `limit`), e.g. a source outage. */
  updateAllLinks(clusterId: string, patch: LinkPatch, limit = Number.POSITIVE_INFINITY): void {
    let n = 0;
    for (const name of this.#cluster(clusterId).links.keys()) {
      if (n++ >= limit) break;
      this.updateLink(clusterId, name, patch);
    }
  }

  removeLink(clusterId: string, linkName: string): void {
    this.#link(clusterId, linkName);
    this.#cluster(clusterId).links.delete(linkName);
    this.#cluster(clusterId).offsets.delete(linkName);
  }

  /** Deletes and creates the link again under the same name: new `cluster_link_id`, healthy, same topics. */
  recreateLink(clusterId: string, linkName: string): SimulatedLink {
    const next = recreateSimulatedLink(clusterId, this.#link(clusterId, linkName));
    this.#put(clusterId, null, next);
    return next;
  }

  /** Stores a link and moves its offsets to the change, made now; `before` null: created now. */
  #put(
    clusterId: string,
    before: SimulatedLink | null,
    after: SimulatedLink,
    lagSet?: ReadonlyMap<string, number>,
  ): void {
    const cluster = this.#cluster(clusterId);
    const previous = before === null ? null : (cluster.offsets.get(after.linkName) ?? null);
    cluster.links.set(after.linkName, after);
    cluster.offsets.set(
      after.linkName,
      followLink({ before, after, ...(lagSet !== undefined && { lagSet }) }, previous, this.#now()),
    );
  }

  // ---- faults, latency, paging ----

  /**
   * Accepts only `auth` from now on (null: no auth checked), as a cluster does once its API key
   * was rotated and the old one deleted.
   */
  setAuth(auth: ConfluentCredentials | null): void {
    this.#expectedAuthorization = auth === null ? null : Buffer.from(authorizationHeader(auth), 'utf8');
  }

  /** Makes the cluster's listing fail as `fault` says until `clearFault` (or `fault.times` requests). */
  failCluster(clusterId: string, fault: ClusterFault): void {
    this.#cluster(clusterId).fault = { ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY };
  }

  clearFault(clusterId: string): void {
    this.#cluster(clusterId).fault = null;
  }

  /**
   * Makes the cluster's detail calls (a link's tasks, mirror topics) fail as `fault` says while
   * the listing keeps working. Only faults that answer with a status apply (`rate-limited`,
   * `server-error`, `unauthorized`, `forbidden`, `not-found`); `null` clears it.
   */
  failDetails(clusterId: string, fault: ClusterFault | null): void {
    this.#cluster(clusterId).detailFault =
      fault === null ? null : { ...fault, remaining: fault.times ?? Number.POSITIVE_INFINITY };
  }

  /** The fault in force, or null. */
  faultOf(clusterId: string): ClusterFault | null {
    const fault = this.#cluster(clusterId).fault;
    if (fault === null) return null;
    const { remaining: _remaining, ...rest } = fault;
    return rest;
  }

  get latencyMs(): number {
    return this.#latencyMs;
  }

  set latencyMs(ms: number) {
    this.#latencyMs = validLatency(ms);
  }

  get pageSize(): number {
    return this.#pageSize;
  }

  set pageSize(size: number) {
    this.#pageSize = validPageSize(size);
  }

  // ---- observation ----

  /** Requests received since start or the last `resetRequestCounts`, whatever their path or outcome. */
  get requestCount(): number {
    return this.#requestCount;
  }

  /** Requests for one cluster's links collection (every page counts). */
  requestCountFor(clusterId: string): number {
    return this.#requestsByCluster.get(clusterId) ?? 0;
  }

  /** Detail requests (a link, its mirrors, one mirror topic) for one cluster. */
  detailRequestCountFor(clusterId: string): number {
    return this.#detailRequestsByCluster.get(clusterId) ?? 0;
  }

  /** Most requests in progress at once (the benchmark checks the poller's concurrency with it). */
  get maxInFlight(): number {
    return this.#maxInFlight;
  }

  /**
   * Every mirror or config action request received (`POST .../mirrors:failover` and the like),
   * in order, whatever was answered; never forgotten, so that a test can assert what was asked.
   */
  actionRequests(): readonly MirrorActionRequest[] {
    return [...this.#actionRequests];
  }

  /** The action requests that were not dry runs (no `validate_only=true`): refused, but asked for. */
  unsafeActionRequests(): readonly MirrorActionRequest[] {
    return this.#actionRequests.filter((r) => !r.validateOnly);
  }

  resetRequestCounts(): void {
    this.#requestCount = 0;
    this.#requestsByCluster.clear();
    this.#detailRequestsByCluster.clear();
    this.#maxInFlight = this.#inFlight;
  }

  /**
   * Calls `listener` for every request, before the simulator answers it (so a
   * listener may still change the state the answer shows).
   *
   * @returns a function that removes the listener
   */
  onRequest(listener: SimulatorRequestListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ---- HTTP ----

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#requestCount += 1;
    this.#inFlight += 1;
    this.#maxInFlight = Math.max(this.#maxInFlight, this.#inFlight);
    res.once('close', () => {
      this.#inFlight -= 1;
    });

    const url = new URL(req.url ?? '/', this.baseUrl);
    const linkCall = (match: RegExpExecArray): LinkCall => ({
      req,
      res,
      url,
      clusterId: safeDecode(match[1] ?? ''),
      linkName: safeDecode(match[2] ?? ''),
      match,
    });
    const action = ACTION_PATH.exec(url.pathname);
    if (action !== null) return this.#handleAction(linkCall(action));
    const configs = CONFIGS_PATH.exec(url.pathname);
    if (configs !== null) return this.#handleConfigs(linkCall(configs));
    const detail = DETAIL_PATH.exec(url.pathname);
    if (detail !== null) return this.#handleDetail(linkCall(detail));
    const match = LINKS_PATH.exec(url.pathname);
    const clusterId = match?.[1] === undefined ? null : safeDecode(match[1]);
    const token = url.searchParams.get('page_token');
    const offset = token === null ? 0 : decodePageToken(token);
    const pageIndex = offset === null ? 0 : Math.floor(offset / this.#pageSize);
    if (clusterId !== null) this.#requestsByCluster.set(clusterId, this.requestCountFor(clusterId) + 1);
    for (const listener of this.#listeners)
      listener({ clusterId, pageIndex, method: req.method ?? '', path: url.pathname });

    if (this.#latencyMs > 0) await this.#sleep(this.#latencyMs);
    if (res.destroyed) return;

    if (!this.#authorized(req)) return sendJson(res, 401, AUTHENTICATION_FAILED);
    if (clusterId === null) return sendJson(res, 404, NOT_FOUND);
    if (req.method !== 'GET') {
      res.setHeader('Allow', 'GET');
      return sendJson(res, 405, METHOD_NOT_ALLOWED);
    }
    const cluster = this.#clusters.get(clusterId);
    if (cluster === undefined) return sendJson(res, 404, clusterNotFoundBody(clusterId));
    if (offset === null) return sendJson(res, 400, { error_code: 400, message: 'Invalid page_token' });

    const fault = this.#takeFault(cluster, pageIndex);
    const links = [...cluster.links.values()];
    const self = offset === 0 ? this.linksUrl(clusterId) : `${this.linksUrl(clusterId)}?page_token=${token}`;
    const nextOffset = offset + this.#pageSize;
    let next =
      nextOffset < links.length
        ? `${this.linksUrl(clusterId)}?page_token=${encodePageToken(nextOffset)}`
        : null;
    if (fault?.kind === 'foreign-next')
      next = `http://198.51.100.7/kafka/v3/clusters/${clusterId}/links?page_token=x`;
    if (fault?.kind === 'next-loop') next = self;
    const data = links.slice(offset, nextOffset).map((l) => toRestLink(clusterId, l, this.baseUrl));

    switch (fault?.kind) {
      case undefined:
      case 'foreign-next':
      case 'next-loop':
        return sendJson(res, 200, linksPageBody(self, next, data));
      case 'unauthorized':
        return sendJson(res, 401, AUTHENTICATION_FAILED);
      case 'forbidden':
        return sendJson(res, 403, forbiddenBody(clusterId));
      case 'not-found':
        return sendJson(res, 404, clusterNotFoundBody(clusterId));
      case 'rate-limited':
        return sendText(res, 429, 'text/html;charset=iso-8859-1', jettyTooManyRequestsHtml(url.pathname));
      case 'server-error':
        return sendJson(res, fault.status ?? 500, SERVER_ERROR);
      case 'hang':
        return; // left open until the client gives up or the simulator closes
      case 'reset':
        res.socket?.destroy();
        return;
      case 'truncated': {
        const text = JSON.stringify(linksPageBody(self, next, data));
        return sendText(
          res,
          200,
          'application/json',
          text.slice(0, Math.max(1, Math.floor(text.length / 2))),
        );
      }
      case 'html':
        return sendText(res, 200, 'text/html', '<html><body><h1>Sign in</h1></body></html>');
      case 'malformed': {
        // The page's own shape is wrong: one odd entry would only be set aside, not fail the listing.
        const { metadata: _metadata, ...withoutMetadata } = linksPageBody(self, next, data);
        return sendJson(res, 200, withoutMetadata);
      }
    }
  }

  /**
   * What every call about one link does before its own work: count it, tell listeners, wait the
   * latency, check auth, method and cluster, and apply a detail fault.
   *
   * @returns the cluster, or null when the request was answered (or dropped) here
   */
  async #detailPrelude(call: LinkCall, method: 'GET' | 'POST'): Promise<ClusterState | null> {
    const { req, res, url, clusterId } = call;
    this.#detailRequestsByCluster.set(clusterId, this.detailRequestCountFor(clusterId) + 1);
    for (const listener of this.#listeners)
      listener({ clusterId: null, pageIndex: 0, method: req.method ?? '', path: url.pathname });

    if (this.#latencyMs > 0) await this.#sleep(this.#latencyMs);
    if (res.destroyed) return null;
    if (!this.#authorized(req)) {
      sendJson(res, 401, AUTHENTICATION_FAILED);
      return null;
    }
    if (req.method !== method) {
      res.setHeader('Allow', method);
      sendJson(res, 405, METHOD_NOT_ALLOWED);
      return null;
    }
    const cluster = this.#clusters.get(clusterId);
    if (cluster === undefined) {
      sendJson(res, 404, clusterNotFoundBody(clusterId));
      return null;
    }
    const fault = cluster.detailFault;
    if (fault === null) return cluster;
    fault.remaining -= 1;
    if (fault.remaining <= 0) cluster.detailFault = null;
    switch (fault.kind) {
      case 'rate-limited':
        sendText(res, 429, 'text/html;charset=iso-8859-1', jettyTooManyRequestsHtml(url.pathname));
        break;
      case 'unauthorized':
        sendJson(res, 401, AUTHENTICATION_FAILED);
        break;
      case 'forbidden':
        sendJson(res, 403, forbiddenBody(clusterId));
        break;
      case 'not-found':
        sendJson(res, 404, NOT_FOUND);
        break;
      default:
        sendJson(res, fault.status ?? 500, SERVER_ERROR);
    }
    return null;
  }

  async #handleDetail(call: LinkCall): Promise<void> {
    const { res, url, clusterId, linkName, match } = call;
    const mirrors = match[3] !== undefined;
    const topicName = match[4] === undefined ? null : safeDecode(match[4]);
    const cluster = await this.#detailPrelude(call, 'GET');
    if (cluster === null) return;
    const nowMs = this.#now();
    const linksUrl = this.linksUrl(clusterId);
    if (linkName === '-' && mirrors && topicName === null) {
      const status = url.searchParams.get('mirror_status');
      const data = [...cluster.links.values()].flatMap((link) =>
        this.#mirrorItems(cluster, clusterId, link, status, nowMs),
      );
      return sendJson(res, 200, mirrorsPageBody(`${linksUrl}/-/mirrors`, data));
    }
    const link = this.#namedLink(call, cluster);
    if (link === null) return;
    if (!mirrors) {
      const body = toRestLink(clusterId, link, this.baseUrl);
      return sendJson(res, 200, {
        ...body,
        tasks: url.searchParams.get('include_tasks') === 'true' ? restTasks(link) : [],
      });
    }
    if (topicName === null) {
      const status = url.searchParams.get('mirror_status');
      const self = `${linksUrl}/${encodeURIComponent(linkName)}/mirrors`;
      return sendJson(
        res,
        200,
        mirrorsPageBody(self, this.#mirrorItems(cluster, clusterId, link, status, nowMs)),
      );
    }
    const reading = this.#reading(cluster, link, topicName, nowMs);
    if (reading === null) return sendJson(res, 404, topicNotFoundBody(topicName));
    const withErrors = url.searchParams.get('include_state_transition_errors') === 'true';
    return sendJson(
      res,
      200,
      toRestMirrorTopic(clusterId, link, topicName, this.baseUrl, withErrors, reading),
    );
  }

  async #handleConfigs(call: LinkCall): Promise<void> {
    const cluster = await this.#detailPrelude(call, 'GET');
    if (cluster === null) return;
    const link = this.#namedLink(call, cluster);
    if (link === null) return;
    return sendJson(call.res, 200, linkConfigsBody(call.clusterId, link, this.linksUrl(call.clusterId)));
  }

  /** Records the request first, so that even one refused for its credentials is on record. */
  async #handleAction(call: LinkCall): Promise<void> {
    const { req, res, url, clusterId, linkName, match } = call;
    const action = `${match[3]}:${safeDecode(match[4] ?? '')}`;
    const body = await readBody(req, MAX_ACTION_BODY_BYTES);
    const validateOnly = isValidateOnly(url.searchParams);
    this.#actionRequests.push({
      clusterId,
      linkName,
      action,
      method: req.method ?? '',
      query: url.search.replace(/^\?/, ''),
      validateOnly,
      topicNames: namedTopics(body),
      atMs: this.#now(),
    });
    const cluster = await this.#detailPrelude(call, 'POST');
    if (cluster === null) return;
    if (!validateOnly || !isDryRunAction(action))
      return sendJson(res, 400, actionRefusedBody(action, validateOnly));
    const link = this.#namedLink(call, cluster);
    if (link === null) return;
    const topics = actionTopics(body, link);
    if ('problem' in topics) return sendJson(res, 400, badRequestBody(topics.problem));
    const nowMs = this.#now();
    return sendJson(
      res,
      200,
      dryRunBody(action, clusterId, link, topics.topicNames, this.linksUrl(clusterId), (topicName) =>
        this.#reading(cluster, link, topicName, nowMs),
      ),
    );
  }

  /** The link the call names; null when the cluster has none by that name, answered with a 404. */
  #namedLink(call: LinkCall, cluster: ClusterState): SimulatedLink | null {
    const link = cluster.links.get(call.linkName);
    if (link !== undefined) return link;
    sendJson(call.res, 404, linkNotFoundBody(call.linkName));
    return null;
  }

  /** One of the link's mirror topics at `nowMs`; null when the link has no such topic. */
  #reading(
    cluster: ClusterState,
    link: SimulatedLink,
    topicName: string,
    nowMs: number,
  ): TopicReading | null {
    return link.topicNames.includes(topicName) ? this.#listedReading(cluster, link, topicName, nowMs) : null;
  }

  /** A topic the caller took from `link.topicNames`: a listing of thousands need not look each up again. */
  #listedReading(cluster: ClusterState, link: SimulatedLink, topicName: string, nowMs: number): TopicReading {
    const offsets =
      cluster.offsets.get(link.linkName) ??
      // Every stored link has its offsets; one without would read as created now.
      followLink({ before: null, after: link }, null, nowMs);
    return readTopic(offsets, topicName, nowMs);
  }

  #mirrorItems(
    cluster: ClusterState,
    clusterId: string,
    link: SimulatedLink,
    status: string | null,
    nowMs: number,
  ): Record<string, unknown>[] {
    return link.topicNames
      .filter((name) => status === null || topicStatus(link, name) === status)
      .map((name) =>
        toRestMirrorTopic(
          clusterId,
          link,
          name,
          this.baseUrl,
          false,
          this.#listedReading(cluster, link, name, nowMs),
        ),
      );
  }

  #takeFault(cluster: ClusterState, pageIndex: number): ClusterFault | null {
    const fault = cluster.fault;
    if (fault === null || pageIndex < (fault.fromPage ?? 0)) return null;
    fault.remaining -= 1;
    if (fault.remaining <= 0) cluster.fault = null;
    return fault;
  }

  #authorized(req: IncomingMessage): boolean {
    if (this.#expectedAuthorization === null) return true;
    const given = Buffer.from(req.headers.authorization ?? '', 'utf8');
    return (
      given.length === this.#expectedAuthorization.length &&
      timingSafeEqual(given, this.#expectedAuthorization)
    );
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pendingTimers.delete(timer);
        resolve();
      }, ms);
      this.#pendingTimers.add(timer);
    });
  }

  #cluster(clusterId: string): ClusterState {
    const cluster = this.#clusters.get(clusterId);
    if (cluster === undefined) throw new SimulatorStateError(`No simulated cluster ${clusterId}`, clusterId);
    return cluster;
  }

  #link(clusterId: string, linkName: string): SimulatedLink {
    const link = this.#cluster(clusterId).links.get(linkName);
    if (link === undefined) {
      throw new SimulatorStateError(
        `No link ${linkName} in simulated cluster ${clusterId}`,
        clusterId,
        linkName,
      );
    }
    return link;
  }
}

function isDryRunAction(action: string): action is DryRunAction {
  return (DRY_RUN_ACTIONS as readonly string[]).includes(action);
}

/** The body as text; null when longer than `limit` (the rest is drained, so that an answer can still be sent). */
async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks).toString('utf8');
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: ConfluentErrorBody | Record<string, unknown>,
): void {
  sendText(res, status, 'application/json', JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function validPageSize(size: number): number {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`pageSize must be a positive integer, got ${size}`);
  return size;
}

function validLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`latencyMs must be a non-negative number, got ${ms}`);
  return ms;
}
