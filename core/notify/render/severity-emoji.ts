/**
 * The emoji shortcode of each severity in chat renderings: the Slack receiver's messages and the
 * chat-application notifications (`chatbot-message.ts`) mark a severity alike.
 */
import type { Severity } from '../../model/link-model.js';

export const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  critical: ':red_circle:',
  warning: ':warning:',
  resolved: ':white_check_mark:',
  info: ':information_source:',
};
