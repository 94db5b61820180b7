import type { ClusterLink, ClusterListing, RefusedListingEntry } from '../../core/model/link-model.js';
import type { LinkSource } from '../../core/ports.js';

/** What one cluster answers to the next listing: its links, or an error to throw. */
export type ScriptedAnswer = readonly ClusterLink[] | Error;

/**
 * A `LinkSource` whose answers the test sets per cluster; the last answer repeats. For poller
 * tests, where the unit under test is the poller; the REST client has its own tests against
 * real HTTP servers.
 */
export class ScriptedLinkSource implements LinkSource {
  readonly #answers = new Map<string, ScriptedAnswer>();
  readonly #refused = new Map<string, readonly RefusedListingEntry[]>();
  readonly calls: string[] = [];

  /** @param refused - entries the listing refused beside its links (`ClusterListing.refused`) */
  set(clusterId: string, answer: ScriptedAnswer, refused: readonly RefusedListingEntry[] = []): this {
    this.#answers.set(clusterId, answer);
    this.#refused.set(clusterId, refused);
    return this;
  }

  async listLinks(request: { clusterId: string; deadline: number }): Promise<ClusterListing> {
    this.calls.push(request.clusterId);
    const answer = this.#answers.get(request.clusterId);
    if (answer === undefined) throw new Error(`no answer scripted for ${request.clusterId}`);
    if (answer instanceof Error) throw answer;
    const refused = this.#refused.get(request.clusterId) ?? [];
    return { clusterId: request.clusterId, links: answer, ...(refused.length > 0 && { refused }), pages: 1 };
  }
}
