/** Builders of Kafka REST v3 links pages, in the wire format (snake_case), for the Confluent client's tests. */

export type RawLink = Record<string, unknown>;

/** A link item as Confluent sends it, with the required fields; override or add any field. */
export function rawLink(linkName: string, overrides: RawLink = {}): RawLink {
  return {
    kind: 'KafkaLinkData',
    metadata: { self: `https://pkc-00000.example.confluent.cloud/kafka/v3/clusters/lkc-1/links/${linkName}` },
    link_name: linkName,
    link_id: '7840644d-f7d8-4844-a577-a10ef3df31df',
    cluster_link_id: `id-${linkName}`,
    topic_names: ['orders'],
    link_state: 'ACTIVE',
    ...overrides,
  };
}

/** A links page; `next` absent means the key is left out entirely. */
export function linksPage(data: readonly unknown[], next?: string | null): Record<string, unknown> {
  const metadata: Record<string, unknown> = {
    self: 'https://pkc-00000.example.confluent.cloud/kafka/v3/clusters/lkc-1/links',
  };
  if (next !== undefined) metadata.next = next;
  return { kind: 'KafkaLinkDataList', metadata, data };
}
