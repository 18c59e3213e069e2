import { describeError } from '../../common/errors.js';
import { defineStep, StepError } from '../step-kind.js';

/**
 * DEBUG SLEEP on a node: the server blocks, answering nothing, while its process and sockets stay up, as in
 * the classic write-up. Sent without waiting for the reply, which only comes when the sleep ends; restore
 * restarts a node that is still asleep so the lab is usable at once.
 */
export const sleepStep = defineStep<{ node: string; seconds: number; alias?: string }>({
  kind: 'sleep',
  category: 'fault',
  summary: 'DEBUG SLEEP N on a node (blocks it without stopping it)',
  parse(args) {
    const node = args.selector('node');
    const seconds = args.number('seconds', { required: true, min: 1, max: 3600 });
    const alias = args.alias();
    return node !== undefined && seconds !== undefined ? { node, seconds, alias } : undefined;
  },
  title: (args) => `DEBUG SLEEP ${args.seconds} on ${args.node}`,
  async run(args, ctx) {
    const node = await ctx.resolveOne(args.node);
    if (node.kind !== 'redis') throw new StepError(`sleep needs a redis node; ${node.name} is a sentinel`);
    if (args.alias) ctx.bind(args.alias, node);
    const client = await ctx.connect(node);
    ctx.markFault();
    const reply = client.call('DEBUG', 'SLEEP', String(args.seconds)) as Promise<unknown>;
    // Only an immediate refusal (DEBUG disabled) counts; the normal reply arrives when the sleep is over.
    const refused = await Promise.race([
      reply.then(
        () => undefined,
        (error: unknown) => describeError(error),
      ),
      ctx.clock.sleep(100).then(() => undefined),
    ]);
    if (refused) {
      client.disconnect();
      throw new StepError(
        `DEBUG SLEEP refused by ${node.name}: ${refused} (the lab's redis.conf sets enable-debug-command yes; a lab booted otherwise may not)`,
      );
    }
    void reply.catch(() => undefined).finally(() => client.disconnect());
    ctx.sleeping.set(node.name, ctx.clock.now() + args.seconds * 1000);
    return { status: 'done', detail: `${node.name} sleeps ${args.seconds} s` };
  },
});
