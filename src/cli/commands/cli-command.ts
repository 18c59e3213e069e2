import { spawn } from 'node:child_process';
import { ExitCode, describeError, environmentError, usageError } from '../../common/errors.js';
import { findNode } from '../../lab/find-node.js';
import { readLab } from '../../lab/status.js';
import { withNode } from '../../observe/lab-io.js';
import { formatCliReply } from '../../report/cli-reply.js';
import { parseLabName } from '../../topology/lab-options.js';
import type { LabNode, Topology } from '../../topology/topology.js';
import type { CliDeps } from '../cli-deps.js';

/**
 * Runs a Redis command on a node with the right address and credentials, or, with no command, opens an
 * interactive redis-cli there. Exit 1 when the node replies with an error.
 */
export async function runCli(nodeName: string, words: string[], options: { name?: string }, deps: CliDeps): Promise<number> {
  // `cli master --name lab2 INFO`: no Redis command starts with '-', so leading dashes are still our options.
  const leading = takeLeadingOptions(words);
  const record = await readLab(parseLabName(leading.name ?? options.name), deps.store);
  words = leading.command;
  const node = await findNode(record.topology, nodeName, deps.io);
  const password = node.kind === 'redis' ? record.topology.password : undefined;
  if (words.length === 0) return interactive(record.topology, node, password, deps);
  // Several commands separated by ';' run on one connection: `SET k v \; WAIT 2 1000` (WAIT counts this connection's writes).
  const commands = splitCommands(words);
  try {
    return await withNode(deps.io, record.topology, node, 60_000, async (client) => {
      let code: number = ExitCode.ok;
      for (const command of commands) {
        try {
          deps.stdout.write(formatCliReply(await client.call(command[0]!, ...command.slice(1))));
        } catch (error) {
          if (isConnectionError(error)) throw error;
          deps.stdout.write(`(error) ${describeError(error)}\n`);
          code = ExitCode.failed;
        }
      }
      return code;
    });
  } catch (error) {
    throw environmentError(`${node.name} does not answer at ${node.published.host}:${node.published.port} (${describeError(error)})`);
  }
}

/**
 * Options given between the node and the command (`cli master --name lab2 INFO`): commander passes everything
 * after the node through, so they are taken here, up to the first word that is not one.
 */
export function takeLeadingOptions(words: string[]): { name?: string; command: string[] } {
  let name: string | undefined;
  let i = 0;
  while (i < words.length && words[i]!.startsWith('-') && words[i] !== '-') {
    const word = words[i]!;
    const inline = /^--name=(.*)$/.exec(word);
    if (inline) {
      name = inline[1];
      i += 1;
    } else if (word === '--name' || word === '-n') {
      if (i + 1 >= words.length)
        throw usageError(`option '${word}' needs a lab name, e.g. redis-ha-lab cli master ${word} lab2 INFO replication`);
      name = words[i + 1];
      i += 2;
    } else {
      throw usageError(`unknown option '${word}' before the command: cli takes --name (no Redis command starts with '-')`);
    }
  }
  return { ...(name !== undefined ? { name } : {}), command: words.slice(i) };
}

export function splitCommands(words: string[]): string[][] {
  const commands: string[][] = [[]];
  for (const word of words) {
    if (word === ';') commands.push([]);
    else commands.at(-1)!.push(word);
  }
  return commands.filter((c) => c.length > 0);
}

function isConnectionError(error: unknown): boolean {
  return /Connection is closed|ECONNREFUSED|ECONNRESET|timed? ?out/i.test(describeError(error));
}

/** redis-cli from the host, pointed at the node: the same tool and prompt people know. */
function interactive(topology: Topology, node: LabNode, password: string | undefined, deps: CliDeps): Promise<number> {
  const args = ['-h', node.published.host, '-p', String(node.published.port)];
  if (password) args.push('--user', 'default', '--pass', password, '--no-auth-warning');
  deps.stderr.write(
    `redis-cli to ${node.name} of lab ${topology.name} (${node.published.host}:${node.published.port}); quit with Ctrl-D\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn('redis-cli', args, { stdio: 'inherit' });
    child.on('error', (error) =>
      reject(
        environmentError(
          `redis-cli did not start (${describeError(error)}): install it (apt-get install redis-tools, brew install redis), or pass a command: redis-ha-lab cli ${node.name} PING`,
        ),
      ),
    );
    child.on('exit', (code) => resolve(code ?? ExitCode.ok));
  });
}
