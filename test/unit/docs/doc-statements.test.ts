/**
 * What the README, CONTRIBUTING.md and docs/ state that the code can check: links that lead
 * somewhere, `link-monitor` command lines that the command accepts (commands, options and their
 * values, e.g. each command's formats), npm scripts that exist, and stack outputs the stack sets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { documentationFiles } from '../../../scripts/readme-examples.js';
import { BufferSink } from '../../../tools/cli/cli-io.js';
import { buildProgram } from '../../../tools/cli/main.js';

const files = documentationFiles();
const text = (file: string) => readFileSync(file, 'utf8');

/** Lines of fenced code blocks. */
function codeLines(markdown: string): string[] {
  const lines: string[] = [];
  let inside = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inside = !inside;
    else if (inside) lines.push(line);
  }
  return lines;
}

/** GitHub's anchor for a heading. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** The words of a shell command line, without quotes, up to a comment, a pipe or a redirect. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const match of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    const word = match[1] ?? match[2] ?? match[3] ?? '';
    if (match[3] !== undefined && (word.startsWith('#') || word === '|' || word === '>' || word === '&&'))
      break;
    words.push(word);
  }
  return words;
}

describe.each(files)('%s', (file) => {
  it('links only to files and headings that exist', () => {
    // Prepare
    const broken: string[] = [];

    // Act
    for (const match of text(file).matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] ?? '';
      if (/^[a-z]+:/.test(target)) continue;
      const [path = '', anchor] = target.split('#');
      const resolved = path === '' ? file : normalize(join(dirname(file), path));
      if (!existsSync(resolved)) {
        broken.push(target);
        continue;
      }
      if (anchor !== undefined && resolved.endsWith('.md')) {
        const anchors = [...text(resolved).matchAll(/^#+ (.+)$/gm)].map((h) => anchorOf(h[1] ?? ''));
        if (!anchors.includes(anchor)) broken.push(target);
      }
    }

    // Assess
    expect(broken).toEqual([]);
  });

  it('shows link-monitor command lines the command accepts', () => {
    // Prepare
    const commands = codeLines(text(file))
      .map((line) => line.replace(/^\$ /, '').trim())
      .filter((line) => /^(link-monitor|node bin\/link-monitor\.js|npx link-monitor) /.test(line));
    const refused: string[] = [];

    // Act
    for (const line of commands) {
      const words = shellWords(line);
      const args = words.slice(words[0] === 'link-monitor' ? 1 : 2);
      const program = buildProgram({
        io: { stdout: new BufferSink(), stderr: new BufferSink(), env: {}, now: () => new Date() },
        setExitCode: () => {},
      });
      let command = program.commands.find((c) => c.name() === args[0]);
      if (command === undefined) {
        if (args[0] !== '--help' && args[0] !== '--version') refused.push(`${line} (no command ${args[0]})`);
        continue;
      }
      // A command with subcommands (`silence add`) takes its options on the subcommand.
      let depth = 1;
      for (let sub = command.commands.find((c) => c.name() === args[depth]); sub !== undefined; ) {
        command = sub;
        depth += 1;
        sub = command.commands.find((c) => c.name() === args[depth]);
      }
      try {
        const { unknown } = command.parseOptions(args.slice(depth));
        if (unknown.length > 0) refused.push(`${line} (unknown ${unknown.join(' ')})`);
      } catch (error) {
        if (!(error instanceof CommanderError)) throw error;
        refused.push(`${line} (${error.message})`);
      }
    }

    // Assess
    expect(refused).toEqual([]);
  });

  it('names npm scripts that package.json has', () => {
    // Prepare
    const scripts = Object.keys((JSON.parse(text('package.json')) as { scripts: object }).scripts);

    // Act
    const named = [...text(file).matchAll(/npm run (?:-s |--silent )?([a-z][\w:-]*)/g)].map(
      (m) => m[1] ?? '',
    );

    // Assess
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('names only stack outputs the stack sets', () => {
    // Prepare
    const stack = text('infra/cluster-link-monitor-stack.ts');
    const outputs = [...stack.matchAll(/new CfnOutput\(this, '(\w+)'/g)].map((m) => m[1] ?? '');

    // Act
    const named = [
      ...text(file).matchAll(
        /OutputKey=='(\w+)'|`(\w+(?:TableName|Arn|FunctionName|LogGroupName|Url))` output/g,
      ),
    ].map((m) => m[1] ?? m[2] ?? '');

    // Assess
    expect(outputs.length).toBeGreaterThan(0);
    expect(named.filter((name) => !outputs.includes(name))).toEqual([]);
  });
});
