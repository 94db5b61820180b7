import { describe, expect, it } from 'vitest';
import {
  DuplicateEventError,
  InvalidCommitError,
  InvalidCursorError,
  InvalidQueryError,
  StoreError,
} from '../../../core/store-errors.js';

describe('Class: StoreError', () => {
  it('names the operation, the cluster and the link it failed on, and the reasons the store gave', () => {
    const error = new StoreError('transaction cancelled', {
      operation: 'commitLink',
      clusterId: 'lkc-prod1',
      linkName: 'orders-dr',
      reasons: ['None', 'ThrottlingError'],
    });

    expect(error.message).toBe(
      'commitLink (cluster lkc-prod1, link orders-dr): transaction cancelled [None, ThrottlingError]',
    );
    expect(error).toMatchObject({
      name: 'StoreError',
      operation: 'commitLink',
      clusterId: 'lkc-prod1',
      linkName: 'orders-dr',
      reasons: ['None', 'ThrottlingError'],
    });
  });

  it('leaves out the place and the reasons it was not given', () => {
    const error = new StoreError('table not found', { operation: 'loadClusterState' });

    expect(error.message).toBe('loadClusterState: table not found');
    expect(error.clusterId).toBeUndefined();
    expect(error.linkName).toBeUndefined();
    expect(error.reasons).toEqual([]);
  });

  it('names a cluster without a link, and a link without a cluster', () => {
    const ofCluster = new StoreError('refused', { operation: 'commitCluster', clusterId: 'lkc-a' });
    const ofLink = new StoreError('refused', { operation: 'commitLink', linkName: 'orders-dr' });

    expect(ofCluster.message).toBe('commitCluster (cluster lkc-a): refused');
    expect(ofLink.message).toBe('commitLink (link orders-dr): refused');
  });

  it('keeps an empty list of reasons out of the message', () => {
    const error = new StoreError('refused', { operation: 'markSent', reasons: [] });

    expect(error.message).toBe('markSent: refused');
  });

  it('keeps the error it stands for as its cause, and has none when it stands for none', () => {
    const cause = new Error('socket hang up');

    const withCause = new StoreError('request failed', { operation: 'markSent', cause });
    const withoutCause = new StoreError('request failed', { operation: 'markSent' });

    expect(withCause.cause).toBe(cause);
    expect('cause' in withoutCause).toBe(false);
  });
});

describe('Store refusals', () => {
  it('tells a bad query from other store failures by its name and class', () => {
    const error = new InvalidQueryError("'limit' must be a positive integer, got 0", {
      operation: 'listHistory',
    });

    expect(error).toBeInstanceOf(StoreError);
    expect(error.name).toBe('InvalidQueryError');
    expect(error.message).toBe("listHistory: 'limit' must be a positive integer, got 0");
  });

  it('refuses a cursor it did not issue as a bad query', () => {
    const error = new InvalidCursorError({ operation: 'listHistory', clusterId: 'lkc-a' });

    expect(error).toBeInstanceOf(InvalidQueryError);
    expect(error.name).toBe('InvalidCursorError');
    expect(error.message).toBe('listHistory (cluster lkc-a): cursor is not one this query returned');
  });

  it('names a commit whose parts disagree', () => {
    const error = new InvalidCommitError('the record is for cluster lkc-b', {
      operation: 'commitCluster',
      clusterId: 'lkc-a',
    });

    expect(error).toBeInstanceOf(StoreError);
    expect(error.name).toBe('InvalidCommitError');
  });

  it('names the event id already recorded, and says nothing was written', () => {
    const error = new DuplicateEventError({
      operation: 'commitLink',
      clusterId: 'lkc-a',
      linkName: 'orders-dr',
      eventId: 'lkc-a#orders-dr#v3#0',
    });

    expect(error).toBeInstanceOf(StoreError);
    expect(error.name).toBe('DuplicateEventError');
    expect(error.eventId).toBe('lkc-a#orders-dr#v3#0');
    expect(error.message).toBe(
      'commitLink (cluster lkc-a, link orders-dr): event lkc-a#orders-dr#v3#0 is already recorded in history; nothing was written',
    );
  });

  it('says the duplicate is unknown when the store cannot tell which event it was', () => {
    const error = new DuplicateEventError({ operation: 'commitCluster', clusterId: 'lkc-a' });

    expect(error.eventId).toBeUndefined();
    expect(error.message).toBe(
      'commitCluster (cluster lkc-a): event (unknown) is already recorded in history; nothing was written',
    );
  });
});
