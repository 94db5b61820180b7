import { describe, expect, it } from 'vitest';
import {
  conditionSeverity,
  isHealthy,
  KNOWN_LINK_ERRORS,
  KNOWN_LINK_STATES,
  SEVERITIES,
} from '../../../../core/model/link-model.js';

describe('Function: conditionSeverity', () => {
  it('finds nothing wrong with an ACTIVE link without an error', () => {
    expect(conditionSeverity({ linkState: 'ACTIVE', linkError: null })).toBeNull();
  });

  it('finds nothing wrong with a link that gives no state and no error', () => {
    expect(conditionSeverity({ linkState: null, linkError: null })).toBeNull();
  });

  it.each(['FAILED', 'UNAVAILABLE'])(
    'takes a %s link, which does not replicate, for critical',
    (linkState) => {
      expect(conditionSeverity({ linkState, linkError: null })).toBe('critical');
    },
  );

  it.each([
    ['ACTIVE', 'AUTHENTICATION_ERROR'],
    [null, 'TIMEOUT_ERROR'],
    ['PAUSED', 'UNKNOWN'],
  ])('takes a %s link that reports the error %s for critical', (linkState, linkError) => {
    expect(conditionSeverity({ linkState, linkError })).toBe('critical');
  });

  it.each(['PAUSED', 'UNKNOWN', 'DEGRADED_SOMEHOW'])('takes a %s link for a warning', (linkState) => {
    expect(conditionSeverity({ linkState, linkError: null })).toBe('warning');
  });
});

describe('Function: isHealthy', () => {
  it('is healthy only without a severity', () => {
    expect(isHealthy({ linkState: 'ACTIVE', linkError: null })).toBe(true);
    expect(isHealthy({ linkState: null, linkError: null })).toBe(true);
    expect(isHealthy({ linkState: 'PAUSED', linkError: null })).toBe(false);
    expect(isHealthy({ linkState: 'ACTIVE', linkError: 'UNKNOWN' })).toBe(false);
  });
});

describe('Documented values', () => {
  it('knows the link states Confluent documents, of which only ACTIVE is healthy', () => {
    expect(KNOWN_LINK_STATES).toEqual(['ACTIVE', 'FAILED', 'UNAVAILABLE', 'PAUSED', 'UNKNOWN']);
    expect(KNOWN_LINK_STATES.filter((linkState) => isHealthy({ linkState, linkError: null }))).toEqual([
      'ACTIVE',
    ]);
  });

  it('knows the link errors Confluent documents, without NO_ERROR, which the model keeps as none', () => {
    expect(KNOWN_LINK_ERRORS).toEqual([
      'UNKNOWN',
      'AUTHENTICATION_ERROR',
      'UNRESOLVABLE_BOOTSTRAP_ERROR',
      'INVALID_BOOTSTRAP_INTERNAL_ENDPOINT_ERROR',
      'BOOTSTRAP_TCP_CONNECTION_FAILED_ERROR',
      'TIMEOUT_ERROR',
    ]);
  });

  it('orders the severities from the most urgent: a problem before its end, news last', () => {
    expect(SEVERITIES).toEqual(['critical', 'warning', 'resolved', 'info']);
  });
});
