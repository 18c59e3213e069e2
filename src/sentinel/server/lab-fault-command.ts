// LABFAULT: switches the lab faults of core/lab-faults.ts on and off. Not a Redis command: it exists only when
// the engine runs with --lab-faults, is not listed by COMMAND, and does not count in the command stats, so a
// sentinel without the flag answers exactly as sentinel.c does.

import { LogLevel } from '../constants.js';
import { currentMasterAddress } from '../core/hello.js';
import type { LabFault, LabFaultKind } from '../core/lab-faults.js';
import { labFaultKinds, labFaultSummaries } from '../core/lab-faults.js';
import type { Addr } from '../core/sentinel-addr.js';
import { array, errorReply, int, ok, status } from '../resp/reply.js';
import type { ClientConnection } from './client-connection.js';
import { helpReply } from './reply-helpers.js';
import type { ServerContext } from './server-context.js';

const usage =
  'ERR usage: LABFAULT SET withhold-event <ms> <event> [event ...] | SET stale-master <ms> | SET delay-hello <ms> <period-ms> | ' +
  'SET mute-clients <ms> | CLEAR [kind] | LIST (ms 0: until cleared)';

export function labFaultCommand(ctx: ServerContext, client: ClientConnection, argv: readonly string[]): void {
  const sub = argv[1]?.toLowerCase();
  const faults = ctx.engine.state.labFaults;
  const now = ctx.engine.io.now();
  if (sub === 'help') {
    return client.reply(
      helpReply('LABFAULT', [
        'SET <kind> <ms> [args]',
        ...labFaultKinds.map((k) => `    ${k}: ${labFaultSummaries[k]}`),
        'CLEAR [<kind>]',
        '    Ends one fault, or all.',
        'LIST',
        '    The faults in force.',
      ]),
    );
  }
  if (sub === 'list') {
    return client.reply(array(faults.list(now).map((f) => status(describeFault(f, now)))));
  }
  if (sub === 'clear') {
    const kind = argv[2];
    if (kind !== undefined && !isKind(kind))
      return client.reply(errorReply(`ERR unknown lab fault '${kind}'; use ${labFaultKinds.join(', ')}`));
    const ended = faults.clear(now, kind);
    if (ended > 0) ctx.hooks.log(LogLevel.WARNING, `lab fault cleared: ${kind ?? 'all'}`);
    return client.reply(int(ended));
  }
  if (sub !== 'set' || argv.length < 4) return client.reply(errorReply(usage));
  const kind = argv[2]!;
  if (!isKind(kind)) return client.reply(errorReply(`ERR unknown lab fault '${kind}'; use ${labFaultKinds.join(', ')}`));
  const ms = wholeNumber(argv[3]!);
  if (ms === undefined) return client.reply(errorReply(`ERR '${argv[3]}' is not a duration in milliseconds`));
  const fault: LabFault = { kind, until: ms === 0 ? 0 : now + ms };
  const rest = argv.slice(4);
  if (kind === 'withhold-event') {
    if (rest.length === 0) return client.reply(errorReply('ERR withhold-event needs the events to withhold, e.g. +switch-master'));
    fault.events = [...rest];
  } else if (kind === 'delay-hello') {
    const period = rest.length === 1 ? wholeNumber(rest[0]!) : undefined;
    if (period === undefined || period === 0) return client.reply(errorReply('ERR delay-hello needs the period between hellos in ms'));
    fault.helloPeriodMs = period;
  } else if (rest.length > 0) {
    return client.reply(errorReply(`ERR ${kind} takes no arguments after the duration`));
  }
  if (kind === 'stale-master') {
    const frozen = new Map<string, Addr>();
    for (const master of ctx.engine.state.masters.values()) frozen.set(master.name, { ...currentMasterAddress(master) });
    fault.frozen = frozen;
  }
  faults.set(fault);
  ctx.hooks.log(LogLevel.WARNING, `lab fault set: ${describeFault(fault, now)}`);
  client.reply(ok());
}

/** "withhold-event +switch-master (59000 ms left)", as LIST and the log say it. */
function describeFault(fault: LabFault, now: number): string {
  const detail =
    fault.kind === 'withhold-event'
      ? ` ${fault.events!.join(' ')}`
      : fault.kind === 'delay-hello'
        ? ` every ${fault.helloPeriodMs} ms`
        : fault.kind === 'stale-master'
          ? ` ${[...fault.frozen!].map(([name, a]) => `${name}=${a.ip}:${a.port}`).join(' ')}`
          : '';
  return `${fault.kind}${detail} (${fault.until === 0 ? 'until cleared' : `${Math.max(0, fault.until - now)} ms left`})`;
}

function isKind(value: string): value is LabFaultKind {
  return (labFaultKinds as readonly string[]).includes(value);
}

function wholeNumber(value: string): number | undefined {
  return /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}
