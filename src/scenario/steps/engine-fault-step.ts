import type { LabFaultKind } from '../../sentinel/core/lab-faults.js';
import { labFaultKinds, labFaultSummaries } from '../../sentinel/core/lab-faults.js';
import { sentinelNodes } from '../../topology/topology.js';
import { defineStep, StepError } from '../step-kind.js';
import { sendCommand } from './command-steps.js';

interface EngineFaultArgs {
  fault: LabFaultKind;
  sentinels: string[];
  events: string[];
  periodMs?: number;
  /** How long it lasts; undefined: until restore. */
  forMs?: number;
}

/**
 * Makes engine sentinels misbehave on purpose (LABFAULT, sentinel/core/lab-faults.ts): what a client does when
 * Sentinel's answers or notifications fail, which no real sentinel can be made to show. Every fault ends at its
 * `for:` time or at restore.
 */
export const engineFaultStep = defineStep<EngineFaultArgs>({
  kind: 'engine-fault',
  category: 'fault',
  summary: `make engine sentinels misbehave for a time: ${labFaultKinds.map((k) => `${k} (${labFaultSummaries[k]})`).join('; ')}`,
  shorthand: 'fault',
  parse(args) {
    const fault = args.string('fault', { required: true, oneOf: labFaultKinds }) as LabFaultKind | undefined;
    const sentinels = args.selectors('on', { group: true, default: 'sentinels' });
    const events = args.words('event') ?? [];
    const periodMs = args.duration('period', { max: 600_000 });
    const forMs = args.duration('for', { max: 3_600_000 });
    if (fault === 'withhold-event' && events.length === 0)
      args.problem('fault', `withhold-event needs 'event': the events to withhold, e.g. event: +switch-master`);
    if (fault !== 'withhold-event' && events.length > 0) args.problem('event', `'event' is for withhold-event only`);
    if (fault === 'delay-hello' && (periodMs === undefined || periodMs === 0))
      args.problem('fault', `delay-hello needs 'period': how often hellos go out, e.g. period: 10s`);
    if (fault !== 'delay-hello' && periodMs !== undefined) args.problem('period', `'period' is for delay-hello only`);
    if (!sentinelNodes(args.lab).some((n) => n.engine))
      args.problem(
        'fault',
        `engine-fault needs engine sentinels, and this lab runs redis-sentinel only: run it with --sentinel engine or --sentinel mixed`,
      );
    return fault && sentinels ? { fault, sentinels, events, periodMs, forMs } : undefined;
  },
  title: (args) =>
    `${args.fault}${args.events.length > 0 ? ` ${args.events.join(' ')}` : ''}${args.periodMs ? ` every ${args.periodMs / 1000}s` : ''} on ${args.sentinels.join(', ')}` +
    `${args.forMs ? ` for ${args.forMs / 1000}s` : ' until restore'}`,
  async run(args, ctx) {
    const nodes = (await Promise.all(args.sentinels.map((s) => ctx.resolve(s)))).flat();
    const notSentinels = nodes.filter((n) => n.kind !== 'sentinel');
    if (notSentinels.length > 0)
      throw new StepError(`engine-fault applies to sentinels; ${notSentinels.map((n) => n.name).join(', ')} are redis nodes`);
    const engines = nodes.filter((n) => n.engine);
    const named = args.sentinels.some((s) => s !== 'sentinels');
    const real = nodes.filter((n) => !n.engine);
    // A group (sentinels) means its engines; a sentinel named on its own must be one.
    if (engines.length === 0 || (named && real.length > 0))
      throw new StepError(
        `engine-fault needs engine sentinels; ${real.map((n) => n.name).join(', ')} ${real.length === 1 ? 'runs' : 'run'} redis-sentinel`,
      );
    ctx.markFault();
    const words = [
      'LABFAULT',
      'SET',
      args.fault,
      String(args.forMs ?? 0),
      ...args.events,
      ...(args.periodMs ? [String(args.periodMs)] : []),
    ];
    for (const node of engines) {
      await sendCommand(ctx, node, words);
      ctx.onRestore(
        `LABFAULT CLEAR ${args.fault} on ${node.name}`,
        async () => void (await sendCommand(ctx, node, ['LABFAULT', 'CLEAR', args.fault])),
      );
    }
    return {
      status: 'done',
      detail: `${args.fault} on ${engines.map((n) => n.name).join(', ')}${args.forMs ? ` for ${args.forMs / 1000} s` : ' until restore'}`,
    };
  },
});
