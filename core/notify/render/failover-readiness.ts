/**
 * A link entry's failover readiness as the notification document carries it: the verdict that
 * `link-monitor readiness` and `status` give (`core/readiness`), for the link as the poll behind
 * the entry left it, so that whoever reads of a change also reads whether a failover would now
 * work. Pure.
 */
import type { ClusterLink } from '../../model/link-model.js';
import { linkReadiness } from '../../readiness/readiness-verdict.js';
import type { DocumentReadiness } from './notification-document-schema.js';
import { shortenFreeText } from './plain-text.js';

/**
 * Whether the poller recorded readiness data on the link, which it does only while readiness is
 * configured: without any, a verdict would judge the link's listing alone and say `ready` for a
 * link nobody checked.
 */
export function carriesReadiness(link: ClusterLink): boolean {
  return (
    link.configs !== undefined ||
    link.topicProgress !== undefined ||
    link.stuckTopics !== undefined ||
    link.brokenSyncs !== undefined ||
    link.dryRun !== undefined
  );
}

/**
 * The link's verdict with its first reasons, each cut like an error message (a reason may quote a
 * server at length); undefined when the link carries no readiness data. The renderer has no
 * readiness settings: the verdict judges what was recorded, so a topic counts as behind its time
 * target once the poller recorded it so (`behindNotified`).
 *
 * @param limits.maxReasons - reasons listed; the rest are counted in `omittedReasonCount`
 * @param limits.maxChars - longest reason text, in characters, before its note of what was cut
 */
export function documentReadiness(
  link: ClusterLink,
  limits: { readonly maxReasons: number; readonly maxChars: number },
): DocumentReadiness | undefined {
  if (!carriesReadiness(link)) return undefined;
  const { verdict, reasons } = linkReadiness(link, null, null);
  const listed = reasons.slice(0, limits.maxReasons);
  return {
    verdict,
    reasons: listed.map((reason) => ({
      code: reason.code,
      text: shortenFreeText(reason.text, limits.maxChars).text,
    })),
    omittedReasonCount: reasons.length - listed.length,
  };
}
