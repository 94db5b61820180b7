/** A terminal rendering of a Slack message, so local runs show what the channel would. */
import type { SlackMessage, SlackTextObject } from './slack-message.js';

const EMOJI_TEXT: Readonly<Record<string, string>> = {
  ':red_circle:': '(!)',
  ':warning:': '(w)',
  ':white_check_mark:': '(ok)',
  ':information_source:': '(i)',
};

function plain(object: SlackTextObject): string {
  let text = object.text.replace(/:[a-z_]+:/g, (emoji) => EMOJI_TEXT[emoji] ?? emoji);
  if (object.type === 'mrkdwn') {
    text = text
      .replace(/\*([^*\n]+)\*/g, '$1')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  }
  return text;
}

function indent(text: string): string[] {
  return text.split('\n').map((line) => `  ${line}`);
}

/**
 * Renders blocks as indented lines: the header underlined, fields as
 * `Label: value`, sections and context as text, emoji as short ASCII marks.
 */
export function slackMessageAsText(message: SlackMessage): string[] {
  const attachment = message.attachments[0];
  const lines: string[] = [];
  for (const block of attachment.blocks) {
    if (block.type === 'header') {
      const title = plain(block.text);
      lines.push(title, '='.repeat(Math.min(title.length, 80)));
    } else if (block.type === 'section') {
      if (block.text !== undefined) lines.push(...indent(plain(block.text)));
      for (const field of block.fields ?? []) {
        const [label = '', ...value] = plain(field).split('\n');
        lines.push(`  ${label}: ${value.join(' ')}`);
      }
    } else if (block.type === 'context') {
      lines.push(...indent(block.elements.map(plain).join(' ')));
    } else {
      lines.push('  ---');
    }
  }
  return lines;
}
