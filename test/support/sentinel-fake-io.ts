// A fake EngineIo for unit tests of the sentinel decision logic: it records every call the engine makes and
// lets the test own the clock, the random numbers and the replies. Replies are never delivered from inside
// send() (a real link answers later, and the engine counts a command as pending only after send returns);
// the test delivers them with answer()/answerAll() or closes links with closeLink().

import type { LogLevel } from '../../src/sentinel/constants.js';
import { LINK_CLOSED, type EngineIo, type LinkKind, type LinkSetup, type ReplyOrClosed } from '../../src/sentinel/core/engine-io.js';
import type { Explanation } from '../../src/sentinel/core/explanation.js';
import type { Instance } from '../../src/sentinel/core/instance.js';
import type { RespValue } from '../../src/sentinel/resp/reply-parser.js';

export interface SentCommand {
  instance: Instance;
  args: string[];
  onReply: (reply: ReplyOrClosed) => void;
  answered: boolean;
}

/** What a test's responder returns: a reply, or undefined to leave the command unanswered. */
export type Responder = (instance: Instance, args: string[]) => RespValue | undefined;

export class RecordingIo implements EngineIo {
  time: number;
  /** Values returned by random(), in order; `defaultRandom` once they run out. */
  randomValues: number[] = [];
  defaultRandom = 0;
  localAddr: string | null = '127.0.0.1';
  /** When false, send() refuses every command (a link that cannot queue). */
  accepting = true;

  readonly connects: { instance: Instance; kind: LinkKind; setup: LinkSetup }[] = [];
  readonly sent: SentCommand[] = [];
  readonly closes: { instance: Instance; kind: LinkKind }[] = [];
  readonly published: { channel: string; message: string }[] = [];
  readonly logs: { level: LogLevel; text: string }[] = [];
  readonly explanations: Explanation[] = [];
  readonly scripts: { path: string; args: string[] }[] = [];
  flushes = 0;
  crashes = 0;

  constructor(start = 1_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  random(): number {
    return this.randomValues.length ? this.randomValues.shift()! : this.defaultRandom;
  }

  connect(instance: Instance, kind: LinkKind, setup: LinkSetup): void {
    this.connects.push({ instance, kind, setup });
  }

  send(instance: Instance, args: string[], onReply: (reply: ReplyOrClosed) => void): boolean {
    if (!this.accepting) return false;
    this.sent.push({ instance, args, onReply, answered: false });
    return true;
  }

  close(instance: Instance, kind: LinkKind): void {
    this.closes.push({ instance, kind });
    // A closed link never answers: its pending commands end with LINK_CLOSED, as socket-io does.
    if (kind === 'cc') for (const c of this.pending(instance)) this.settle(c, LINK_CLOSED);
  }

  localAddress(): string | null {
    return this.localAddr;
  }

  publish(channel: string, message: string): void {
    this.published.push({ channel, message });
  }

  log(level: LogLevel, text: string): void {
    this.logs.push({ level, text });
  }

  explain(explanation: Explanation): void {
    this.explanations.push(explanation);
  }

  flushConfig(): void {
    this.flushes++;
  }

  crash(): void {
    this.crashes++;
  }

  runScript(path: string, args: string[]): void {
    this.scripts.push({ path, args });
  }

  // ---- Test controls. ----

  advance(ms: number): void {
    this.time += ms;
  }

  /** Commands not answered yet, optionally only those to `instance`. */
  pending(instance?: Instance): SentCommand[] {
    return this.sent.filter((c) => !c.answered && (!instance || c.instance === instance));
  }

  /** Commands sent (answered or not) whose words start with `prefix`, case-insensitively. */
  commands(prefix: string[], instance?: Instance): SentCommand[] {
    const p = prefix.map((w) => w.toUpperCase());
    return this.sent.filter((c) => (!instance || c.instance === instance) && p.every((w, i) => c.args[i]?.toUpperCase() === w));
  }

  /** Answer every pending command for which the responder has a reply. Returns how many were answered. */
  answerAll(responder: Responder): number {
    let n = 0;
    for (const c of this.pending()) {
      if (c.answered) continue; // answered by a callback of an earlier reply
      const reply = responder(c.instance, c.args);
      if (reply === undefined) continue;
      this.settle(c, reply);
      n++;
    }
    return n;
  }

  answer(command: SentCommand, reply: RespValue): void {
    this.settle(command, reply);
  }

  /** Events published since `from` (an index into `published`), as "type message". */
  events(from = 0): string[] {
    return this.published.slice(from).map((p) => `${p.channel} ${p.message}`);
  }

  /** Forget what was recorded (not the clock). */
  clearRecords(): void {
    this.connects.length = 0;
    this.sent.length = 0;
    this.closes.length = 0;
    this.published.length = 0;
    this.logs.length = 0;
    this.explanations.length = 0;
    this.scripts.length = 0;
    this.flushes = 0;
  }

  private settle(c: SentCommand, reply: ReplyOrClosed): void {
    if (c.answered) return;
    c.answered = true;
    c.onReply(reply);
  }
}
