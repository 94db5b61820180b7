/**
 * The size DynamoDB counts for an item (against its 400 KB limit), from the item as the wire
 * carries it, by the published rules: attribute names and strings in UTF-8 bytes, binaries in
 * bytes, a number about one byte per two significant digits plus one, null and booleans one byte,
 * a list or map 3 bytes plus one per element plus its elements. Close enough to watch the limit;
 * DynamoDB itself is the authority.
 */

/** DynamoDB's maximum item size. */
export const DYNAMODB_MAX_ITEM_BYTES = 400 * 1024;

type WireValue = Readonly<Record<string, unknown>>;

/** Bytes of one item (`{ name: { S: ... }, ... }`, as in a `PutItem` request). */
export function dynamoDbItemBytes(item: Readonly<Record<string, unknown>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) bytes += utf8(name) + valueBytes(value as WireValue);
  return bytes;
}

/** The largest item a write request puts (`PutItem`, `TransactWriteItems`, `BatchWriteItem`); 0 when none. */
export function largestPutItemBytes(operation: string, input: Readonly<Record<string, unknown>>): number {
  const items: Record<string, unknown>[] = [];
  if (operation === 'PutItem' && isObject(input.Item)) items.push(input.Item);
  if (operation === 'TransactWriteItems' && Array.isArray(input.TransactItems))
    for (const action of input.TransactItems as Record<string, { Item?: unknown }>[])
      if (isObject(action.Put?.Item)) items.push(action.Put.Item);
  if (operation === 'BatchWriteItem' && isObject(input.RequestItems))
    for (const requests of Object.values(input.RequestItems))
      if (Array.isArray(requests))
        for (const request of requests as { PutRequest?: { Item?: unknown } }[])
          if (isObject(request.PutRequest?.Item)) items.push(request.PutRequest.Item);
  return Math.max(0, ...items.map(dynamoDbItemBytes));
}

function valueBytes(value: WireValue): number {
  const [type, content] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return utf8(String(content));
    case 'N':
      return numberBytes(String(content));
    case 'B':
      return Buffer.from(String(content), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (content as string[]).reduce((sum, s) => sum + utf8(s), 0);
    case 'NS':
      return (content as string[]).reduce((sum, n) => sum + numberBytes(n), 0);
    case 'BS':
      return (content as string[]).reduce((sum, b) => sum + Buffer.from(b, 'base64').length, 0);
    case 'L':
      return (content as WireValue[]).reduce((sum, v) => sum + 1 + valueBytes(v), 3);
    case 'M':
      return Object.entries(content as Record<string, WireValue>).reduce(
        (sum, [name, v]) => sum + 1 + utf8(name) + valueBytes(v),
        3,
      );
    default:
      return 0;
  }
}

function numberBytes(text: string): number {
  const digits = text
    .replace(/^[-+]?0*/, '')
    .replace(/[eE].*$/, '')
    .replace('.', '')
    .replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
