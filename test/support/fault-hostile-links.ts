/**
 * Generated hostile links for the fault suite: what an unusual or hostile Confluent server may
 * send for one link, as raw REST items (`data[]` of a links page). Most items are valid against
 * the API's schema; what makes them odd is their content: any code points (lone surrogates
 * included), names and states that are `Object.prototype` keys, very long names, messages up to
 * 1 MB and tens of thousands of mirror topics. Others break the schema (`entryBreakage`): an empty
 * name, a field of the wrong type, a name given twice, an entry that is not an object.
 */
import fc from 'fast-check';

/** Keys every plain object inherits: a count or lookup keyed by them must not break. */
export const PROTOTYPE_KEYS = [
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
] as const;

/** A string of one lone UTF-16 surrogate among ordinary text. */
const loneSurrogate = fc
  .tuple(fc.string({ maxLength: 8 }), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string({ maxLength: 8 }))
  .map(([before, unit, after]) => `${before}${String.fromCharCode(unit)}${after}`);

/** Any code points, of ordinary length. */
const anyText = fc.string({ unit: 'binary', maxLength: 40 });

/** A text repeated to a length between `min` and `max` UTF-16 units. */
function long(min: number, max: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }), fc.integer({ min, max }))
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
}

/** A link name: never empty (the API requires one), otherwise anything. */
export const hostileName = fc
  .oneof(fc.constantFrom(...PROTOTYPE_KEYS), loneSurrogate, anyText, long(1_000, 100_000))
  .filter((name) => name.length > 0);

/** A `link_state` or `link_error` value: documented, prototype keys, or anything. */
export const hostileState = fc.oneof(
  fc.constantFrom('ACTIVE', 'FAILED', 'PAUSED', 'UNAVAILABLE', 'SOMETHING_NEW'),
  fc.constantFrom(...PROTOTYPE_KEYS),
  loneSurrogate,
  anyText,
  long(500, 20_000),
);

/** A `link_error_message`: absent, short, or up to 1 MB. */
export const hostileMessage = fc.oneof(fc.constant(null), anyText, loneSurrogate, long(10_000, 1_000_000));

export interface TopicList {
  /** How the list was built, for the report. */
  readonly description: string;
  readonly names: readonly string[];
}

/** A link's mirror topics: a few odd names, or tens of thousands on the one link. */
export const hostileTopics: fc.Arbitrary<TopicList> = fc.oneof(
  fc
    .array(fc.oneof(anyText, loneSurrogate, fc.constantFrom(...PROTOTYPE_KEYS)), { maxLength: 5 })
    .map((names) => ({ description: `${names.length} odd topic names`, names })),
  fc
    .tuple(fc.integer({ min: 10_000, max: 30_000 }), fc.string({ unit: 'grapheme-ascii', maxLength: 20 }))
    .map(([count, stem]) => ({
      description: `${count} topics`,
      names: Array.from({ length: count }, (_, i) => `${stem}.topic-${i}`),
    })),
  fc
    .tuple(fc.integer({ min: 100, max: 400 }), fc.string({ unit: 'binary', minLength: 200, maxLength: 240 }))
    .map(([count, stem]) => ({
      description: `${count} topics with names of about 240 code points`,
      names: Array.from({ length: count }, (_, i) => `${i}-${stem}`),
    })),
);

/** One side (before or after) of an odd link. */
export interface HostileLinkState {
  readonly state: string;
  readonly error: string | null;
  readonly message: string | null;
  readonly topics: TopicList;
}

export const hostileLinkState: fc.Arbitrary<HostileLinkState> = fc.record({
  state: hostileState,
  error: fc.option(hostileState, { nil: null }),
  message: hostileMessage,
  topics: hostileTopics,
});

/** How the odd link's entry breaks the schema after the change, so that the listing refuses it. */
export interface EntryBreakage {
  /** For the report. */
  readonly description: string;
  /** Whether the broken entry still gives the link's name (`link_name` a non-empty string). */
  readonly named: boolean;
  /** The entries the server sends instead of `item`. */
  readonly breakEntry: (item: Record<string, unknown>) => readonly unknown[];
}

const replacing = (field: string, value: unknown) => (item: Record<string, unknown>) => [
  { ...item, [field]: value },
];

/** The ways one entry can break the schema of `GET .../links`. */
export const entryBreakage: fc.Arbitrary<EntryBreakage> = fc.oneof(
  fc.constant<EntryBreakage>({
    description: 'an empty link_name',
    named: false,
    breakEntry: replacing('link_name', ''),
  }),
  fc
    .oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }))
    .map((value) => ({
      description: `a link_name of ${JSON.stringify(value)}`,
      named: false,
      breakEntry: replacing('link_name', value),
    })),
  fc.constant<EntryBreakage>({
    description: 'no link_name',
    named: false,
    breakEntry: ({ link_name: _name, ...rest }) => [rest],
  }),
  fc.constantFrom(null, 7, 'orders-dr', []).map((value) => ({
    description: `an entry that is ${JSON.stringify(value)}`,
    named: false,
    breakEntry: () => [value],
  })),
  fc.oneof(fc.constant(null), fc.integer(), fc.constant(undefined)).map((value) => ({
    description: `a cluster_link_id of ${String(value)}`,
    named: true,
    breakEntry: replacing('cluster_link_id', value),
  })),
  fc
    .constantFrom<[string, unknown]>(
      ['topic_names', 'orders'],
      ['topic_names', [1, 2]],
      ['link_state', 5],
      ['tasks', [{ task_name: 'AclSync' }]],
      ['category_counts', [{ state_category: 'ACTIVE', count: 1.5 }]],
    )
    .map(([field, value]) => ({
      description: `a ${field} of ${JSON.stringify(value)}`,
      named: true,
      breakEntry: replacing(field, value),
    })),
  fc.constant<EntryBreakage>({
    description: 'the link listed twice, one entry FAILED',
    named: true,
    breakEntry: (item) => [item, { ...item, link_state: 'FAILED' }],
  }),
);

/** The odd link of a case: its name, and how it looks before and after the change. */
export interface HostileLink {
  readonly name: string;
  readonly before: HostileLinkState;
  readonly after: HostileLinkState;
  /** After the change, the link's entry breaks the schema this way (the listing refuses it). */
  readonly refused?: EntryBreakage;
}

export const hostileLink: fc.Arbitrary<HostileLink> = fc.record({
  name: hostileName,
  before: hostileLinkState,
  after: hostileLinkState,
});

/** A hostile link whose entry, after the change, also breaks the schema. */
export const refusedLink: fc.Arbitrary<HostileLink> = fc.record({
  name: hostileName,
  before: hostileLinkState,
  after: hostileLinkState,
  refused: entryBreakage,
});

/** The REST item of a link as a Confluent server sends it. */
export function restLink(
  clusterId: string,
  name: string,
  side: Pick<HostileLinkState, 'state' | 'error' | 'message'> & { readonly topics: readonly string[] },
): Record<string, unknown> {
  return {
    kind: 'KafkaLinkData',
    metadata: { self: `/kafka/v3/clusters/${clusterId}/links/x` },
    link_name: name,
    cluster_link_id: `id-${clusterId}`,
    topic_names: side.topics,
    link_state: side.state,
    link_error: side.error,
    link_error_message: side.message,
    source_cluster_id: 'lkc-source',
    destination_cluster_id: clusterId,
    remote_cluster_id: 'lkc-source',
    tasks: [],
    category_counts: [],
  };
}

/** A one-page listing of the given REST items. */
export function restPage(items: readonly Record<string, unknown>[]): Record<string, unknown> {
  return { kind: 'KafkaLinkDataList', metadata: { self: '', next: null }, data: items };
}

/** How a hostile link reads in a report: sizes and kinds, never the text itself. */
export function describeHostileLink(link: HostileLink): string {
  const text = (value: string | null): string => {
    if (value === null) return 'null';
    if ((PROTOTYPE_KEYS as readonly string[]).includes(value)) return `"${value}"`;
    const odd = Buffer.from(value, 'utf8').toString('utf8') !== value;
    return `${value.length} chars${odd ? ' with a lone surrogate' : ''}`;
  };
  const side = (s: HostileLinkState) =>
    `state ${text(s.state)}, error ${text(s.error)}, message ${text(s.message)}, ${s.topics.description}`;
  const refused =
    link.refused === undefined ? '' : `, in an entry the schema refuses: ${link.refused.description}`;
  return `name ${text(link.name)}; before: ${side(link.before)}; after: ${side(link.after)}${refused}`;
}
