/**
 * A simulated link's configs and how `GET .../links/{link}/configs` shows them
 * (`spec/link-configs-and-failover.openapi.yaml`). Pure. Every link has the configs a failover
 * depends on (`WATCHED_LINK_CONFIGS`) with Confluent's defaults, the ones a destination link is
 * created with, and the connection's own, among them a sensitive `sasl.jaas.config` whose value
 * the monitor must never keep or show: it holds {@link SIMULATED_LINK_SECRET} so tests can look for it.
 */
import type { SimulatedLink } from './simulated-link.js';

/** Part of every link's `sasl.jaas.config` value: found in the monitor's output, it leaked. */
export const SIMULATED_LINK_SECRET = 'sim-link-secret-never-shown';

/** A config as a link has it before any script changes it. */
interface ConfigDefault {
  readonly value: string;
  /** Set when the link was created (DYNAMIC_CLUSTER_LINK_CONFIG) rather than Kafka's default. */
  readonly setAtCreation: boolean;
  readonly readOnly: boolean;
  readonly sensitive: boolean;
}

const fromKafka = (value: string, readOnly = false): ConfigDefault => ({
  value,
  setAtCreation: false,
  readOnly,
  sensitive: false,
});
const atCreation = (value: string, sensitive = false): ConfigDefault => ({
  value,
  setAtCreation: true,
  readOnly: false,
  sensitive,
});

const DEFAULTS: Readonly<Record<string, ConfigDefault>> = Object.freeze({
  'acl.filters': fromKafka(''),
  'acl.sync.enable': fromKafka('false'),
  'acl.sync.ms': fromKafka('5000'),
  'auto.create.mirror.topics.enable': fromKafka('false'),
  'auto.create.mirror.topics.filters': fromKafka(''),
  'bootstrap.servers': atCreation(''),
  // Fixed when the link is created: Confluent refuses to alter them.
  'cluster.link.prefix': fromKafka('', true),
  'connection.mode': fromKafka('OUTBOUND', true),
  'consumer.offset.group.filters': atCreation(
    '{"groupFilters":[{"name":"*","patternType":"LITERAL","filterType":"INCLUDE"}]}',
  ),
  'consumer.offset.sync.enable': atCreation('true'),
  'consumer.offset.sync.ms': fromKafka('30000'),
  'link.mode': fromKafka('DESTINATION', true),
  'mirror.start.offset.spec': fromKafka('earliest'),
  'sasl.jaas.config': atCreation('', true),
  'sasl.mechanism': atCreation('PLAIN'),
  'security.protocol': atCreation('SASL_SSL'),
  'topic.config.sync.include': fromKafka(''),
  'topic.config.sync.ms': fromKafka('5000'),
});

/** Every config a simulated link has, in name order: what a scenario may set. */
export const SIMULATED_LINK_CONFIG_NAMES: readonly string[] = Object.freeze(Object.keys(DEFAULTS).sort());

/** The value a config has on the link: scripted, else its default; undefined for a config it lacks. */
export function linkConfigValue(link: SimulatedLink, name: string): string | undefined {
  const scripted = link.configs?.[name];
  if (scripted !== undefined) return scripted;
  return Object.hasOwn(DEFAULTS, name) ? defaultValue(link, name) : undefined;
}

/** Defaults that depend on the link: where it connects to, and with which secret. */
function defaultValue(link: SimulatedLink, name: string): string {
  if (name === 'bootstrap.servers') return `${link.sourceClusterId}.simulated.invalid:9092`;
  if (name === 'sasl.jaas.config')
    return `org.apache.kafka.common.security.plain.PlainLoginModule required username="${link.sourceClusterId}-key" password="${SIMULATED_LINK_SECRET}";`;
  return DEFAULTS[name]?.value ?? '';
}

/**
 * The configs collection (`KafkaLinkConfigDataList`), never paged, in name order.
 *
 * @param linksUrl - absolute URL of the cluster's links collection, for `metadata.self`
 */
export function linkConfigsBody(
  clusterId: string,
  link: SimulatedLink,
  linksUrl: string,
): Record<string, unknown> {
  const self = `${linksUrl}/${encodeURIComponent(link.linkName)}/configs`;
  const names = [...new Set([...SIMULATED_LINK_CONFIG_NAMES, ...Object.keys(link.configs ?? {})])].sort();
  return {
    kind: 'KafkaLinkConfigDataList',
    metadata: { self, next: null },
    data: names.map((name) => {
      const known = DEFAULTS[name];
      const scripted = link.configs?.[name] !== undefined;
      return {
        kind: 'KafkaLinkConfigData',
        metadata: {
          self: `${self}/${encodeURIComponent(name)}`,
          resource_name: `crn:///kafka=${clusterId}/cluster-link=${link.linkName}/config=${name}`,
        },
        cluster_id: clusterId,
        link_name: link.linkName,
        name,
        value: linkConfigValue(link, name) ?? '',
        is_default: !scripted && known?.setAtCreation === false,
        is_read_only: known?.readOnly ?? false,
        is_sensitive: known?.sensitive ?? false,
        source: scripted || known?.setAtCreation !== false ? 'DYNAMIC_CLUSTER_LINK_CONFIG' : 'DEFAULT_CONFIG',
        synonyms: [],
      };
    }),
  };
}
