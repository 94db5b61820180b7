import type { Notification, Notifier } from '../../core/ports.js';

/** Decides how the notifier answers one notification: nothing (it is sent) or the error to throw. */
export type NotifierScript = (notification: Notification) => Error | undefined;

/** A failure that may go away (SNS throttled or unreachable). */
export const transientFailure = (): Error => new Error('ThrottledException: rate exceeded');

/** A failure that cannot go away: the notifier says the same notification would be refused again. */
export const permanentFailure = (): Error =>
  Object.assign(new Error('InvalidParameterException: message too long'), { permanent: true });

/** Fails the notifications its script says to fail, and records every try and every send. */
export class ScriptedNotifier implements Notifier {
  readonly tried: Notification[] = [];
  readonly published: Notification[] = [];
  readonly #script: NotifierScript;

  constructor(script: NotifierScript = () => undefined) {
    this.#script = script;
  }

  async publish(notification: Notification): Promise<void> {
    this.tried.push(notification);
    const error = this.#script(notification);
    if (error !== undefined) throw error;
    this.published.push(notification);
  }
}

/** A script that fails every notification naming `linkName`. */
export function failingFor(linkName: string, failure: () => Error): NotifierScript {
  return (notification) => (notification.events.some((e) => e.linkName === linkName) ? failure() : undefined);
}
