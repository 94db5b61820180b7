/**
 * The reasons of `core/readiness/sync-reasons.ts` and the syncs' states, as `linkReadiness` gives
 * them.
 */
import { describe, expect, it } from 'vitest';
import { linkReadiness } from '../../../../core/readiness/readiness-verdict.js';
import { aLink } from '../../../support/link-fixtures.js';
import { codes, protectedLink, SETTINGS } from './readiness-fixtures.js';

describe('Function: linkReadiness', () => {
  describe('at risk', () => {
    it('when a sync is switched off, saying what failover would lose', () => {
      // Prepare
      const link = protectedLink({
        configs: {
          values: [
            { name: 'acl.sync.enable', value: 'TRUE', sensitive: false },
            { name: 'auto.create.mirror.topics.enable', value: 'true', sensitive: false },
            { name: 'consumer.offset.sync.enable', value: 'false', sensitive: false },
          ],
        },
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('at risk');
      expect(readiness.reasons).toEqual([
        {
          verdict: 'at risk',
          code: 'SYNC_OFF',
          text: 'consumer offsets are not synced: consumers would reprocess after failover (consumer.offset.sync.enable is false)',
        },
      ]);
      expect(readiness.syncs).toEqual([
        {
          what: 'consumer offsets',
          config: 'consumer.offset.sync.enable',
          enabled: false,
          taskState: null,
          broken: false,
        },
        { what: 'ACLs', config: 'acl.sync.enable', enabled: true, taskState: null, broken: false },
        {
          what: 'new source topics',
          config: 'auto.create.mirror.topics.enable',
          enabled: true,
          taskState: null,
          broken: false,
        },
        { what: 'topic configs', config: null, enabled: true, taskState: null, broken: false },
      ]);
    });

    it('takes a switch the configs read does not list for off, and one not read yet for unknown', () => {
      // Prepare
      const read = protectedLink({ configs: { values: [] } });
      const unread = aLink();
      const sensitive = protectedLink({
        configs: { values: [{ name: 'acl.sync.enable', value: null, sensitive: true }] },
      });

      // Act
      const readCodes = codes(read);
      const unreadSyncs = linkReadiness(unread, SETTINGS, 120).syncs.map((s) => s.enabled);
      const sensitiveAcl = linkReadiness(sensitive, SETTINGS, 120).syncs.find((s) => s.what === 'ACLs');

      // Assess
      expect(readCodes).toEqual(['SYNC_OFF', 'SYNC_OFF', 'SYNC_OFF']);
      expect(linkReadiness(read, SETTINGS, 120).reasons[1]?.text).toContain('(acl.sync.enable is not set)');
      expect(unreadSyncs).toEqual([null, null, null, true]);
      expect(codes(unread)).toEqual(['CONFIGS_UNREAD']);
      expect(sensitiveAcl?.enabled).toBeNull();
    });

    it('when a sync is failing, saying what failover would lose and the task error', () => {
      // Prepare
      const link = protectedLink({
        tasks: [{ taskName: 'ConsumerOffsetSync', state: 'IN_ERROR', errors: [] }],
        brokenSyncs: [
          {
            config: 'consumer.offset.sync.enable',
            taskName: 'ConsumerOffsetSync',
            taskState: 'IN_ERROR',
            errorCode: 'ACL_LIMIT_EXCEEDED',
            errorMessage: 'too many groups',
          },
        ],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.verdict).toBe('at risk');
      expect(readiness.reasons).toEqual([
        {
          verdict: 'at risk',
          code: 'SYNC_FAILING',
          text: 'consumer offsets are not synced: consumers would reprocess after failover; task ConsumerOffsetSync IN_ERROR (ACL_LIMIT_EXCEEDED: too many groups)',
        },
      ]);
      expect(readiness.syncs[0]).toEqual({
        what: 'consumer offsets',
        config: 'consumer.offset.sync.enable',
        enabled: true,
        taskState: 'IN_ERROR',
        broken: true,
      });
    });

    it('says what failover would lose for each sync switched off', () => {
      // Prepare
      const link = protectedLink({
        configs: {
          values: [
            { name: 'acl.sync.enable', value: 'false', sensitive: false },
            { name: 'auto.create.mirror.topics.enable', value: 'False', sensitive: false },
          ],
        },
      });

      // Act
      const texts = linkReadiness(link, SETTINGS, 120).reasons.map((r) => r.text);

      // Assess
      expect(texts).toEqual([
        'consumer offsets are not synced: consumers would reprocess after failover (consumer.offset.sync.enable is not set)',
        'ACLs are not synced: clients could be refused on the destination after failover (acl.sync.enable is false)',
        'new source topics are not mirrored: they would be missing after failover (auto.create.mirror.topics.enable is False)',
      ]);
    });

    it('shows each sync with the state of its task, broken only where a broken sync names its task or its switch', () => {
      // Prepare: ACLs broken by a task renamed since, topic configs by a sync no switch names
      const link = protectedLink({
        tasks: [
          { taskName: 'AutoCreateMirror', state: 'NOT_CONFIGURED', errors: [] },
          { taskName: 'AclSyncV2', state: 'IN_ERROR', errors: [] },
        ],
        brokenSyncs: [
          {
            config: 'acl.sync.enable',
            taskName: 'AclSyncV2',
            taskState: 'IN_ERROR',
            errorCode: 'MISCONFIGURATION_ERROR',
            errorMessage: null,
          },
          {
            config: null,
            taskName: 'FutureSync',
            taskState: 'FAILED',
            errorCode: null,
            errorMessage: null,
          },
        ],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.reasons.map((r) => r.text)).toEqual([
        'ACLs are not synced: clients could be refused on the destination after failover; task AclSyncV2 IN_ERROR (MISCONFIGURATION_ERROR)',
        'the sync of FutureSync is on but its task cannot do its work; task FutureSync FAILED',
      ]);
      expect(readiness.syncs).toEqual([
        {
          what: 'consumer offsets',
          config: 'consumer.offset.sync.enable',
          enabled: true,
          taskState: null,
          broken: false,
        },
        { what: 'ACLs', config: 'acl.sync.enable', enabled: true, taskState: 'IN_ERROR', broken: true },
        {
          what: 'new source topics',
          config: 'auto.create.mirror.topics.enable',
          enabled: true,
          taskState: 'NOT_CONFIGURED',
          broken: false,
        },
        { what: 'topic configs', config: null, enabled: true, taskState: null, broken: false },
      ]);
    });

    it('names a failing sync it does not know by its config', () => {
      // Prepare
      const link = protectedLink({
        brokenSyncs: [
          {
            config: 'schema.sync.enable',
            taskName: 'SchemaSync',
            taskState: 'NOT_CONFIGURED',
            errorCode: null,
            errorMessage: null,
          },
        ],
      });

      // Act
      const [reason] = linkReadiness(link, SETTINGS, 120).reasons;

      // Assess
      expect(reason?.text).toBe(
        'schema.sync.enable is on but its task cannot do its work; task SchemaSync NOT_CONFIGURED',
      );
    });

    it('names the task of a failing sync that no config switches', () => {
      // Prepare
      const link = protectedLink({
        brokenSyncs: [
          {
            config: null,
            taskName: 'TopicConfigsSync',
            taskState: 'IN_ERROR',
            errorCode: null,
            errorMessage: null,
          },
          {
            config: null,
            taskName: 'FutureSync',
            taskState: 'IN_ERROR',
            errorCode: null,
            errorMessage: null,
          },
        ],
      });

      // Act
      const readiness = linkReadiness(link, SETTINGS, 120);

      // Assess
      expect(readiness.reasons.map((r) => r.text)).toEqual([
        'topic configs are not synced: mirror topics would fail over with stale configs; task TopicConfigsSync IN_ERROR',
        'the sync of FutureSync is on but its task cannot do its work; task FutureSync IN_ERROR',
      ]);
      expect(readiness.syncs.at(-1)).toEqual({
        what: 'topic configs',
        config: null,
        enabled: true,
        taskState: 'IN_ERROR',
        broken: true,
      });
    });
  });
});
