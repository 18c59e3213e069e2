import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageRoot } from '../../src/common/package-paths.js';
import { skipDocker, testEngineImage, testImage } from '../support/docker-helpers.js';
import { cliEnv, testHome } from '../support/run-cli.js';

interface GuideCommand {
  line: number;
  command: string;
  keepRunning: boolean;
  exitCode: number;
}

interface GuideSection {
  title: string;
  blocks: GuideCommand[][];
}

/** Every command of docs/WORKSHOP.md: each line of a ```sh block, grouped by exercise and block. */
export function readGuide(text: string): GuideSection[] {
  const sections: GuideSection[] = [{ title: 'before the exercises', blocks: [] }];
  let block: GuideCommand[] | undefined;
  text.split('\n').forEach((raw, i) => {
    if (block === undefined && raw.startsWith('## ')) sections.push({ title: raw.slice(3), blocks: [] });
    else if (block === undefined && raw.trim() === '```sh') sections.at(-1)!.blocks.push((block = []));
    else if (block !== undefined && raw.trim() === '```') block = undefined;
    else if (block !== undefined && raw.trim() !== '' && !raw.trim().startsWith('#')) {
      const [command, marker = ''] = raw.split(/\s+#\s+/);
      block.push({
        line: i + 1,
        command: command!.trim(),
        keepRunning: marker.includes('keep running'),
        exitCode: /exits (\d+)/.exec(marker) ? Number(/exits (\d+)/.exec(marker)![1]) : 0,
      });
    }
  });
  return sections.filter((s) => s.blocks.length > 0);
}

describe('docs/WORKSHOP.md, every command as written', { skip: skipDocker }, () => {
  const guide = readFileSync(join(packageRoot, 'docs', 'WORKSHOP.md'), 'utf8');
  const sections = readGuide(guide);
  const home = testHome();
  const shims = mkdtempSync(join(tmpdir(), 'redis-ha-lab-shim-'));
  let env: NodeJS.ProcessEnv;

  before(() => {
    // `redis-ha-lab` on PATH, as after `npm install -g`.
    writeFileSync(
      join(shims, 'redis-ha-lab'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(packageRoot, 'bin', 'redis-ha-lab.js')}" "$@"\n`,
    );
    chmodSync(join(shims, 'redis-ha-lab'), 0o755);
    env = cliEnv(home, {
      REDIS_HA_LAB_IMAGE: testImage(),
      REDIS_HA_LAB_ENGINE_IMAGE: testEngineImage(),
      PATH: `${shims}:${process.env.PATH}`,
    });
  });
  after(async () => {
    for (const lab of ['redis-ha-lab', 'prio']) await shell(`redis-ha-lab down --name ${lab}`, env).done;
    rmSync(home, { recursive: true, force: true });
    rmSync(shims, { recursive: true, force: true });
  });

  test('has commands in every exercise', () => {
    assert.ok(sections.length >= 14, `sections with commands: ${sections.map((s) => s.title).join(' | ')}`);
  });

  for (const section of sections) {
    test(section.title, { timeout: 600_000 }, async () => {
      for (const block of section.blocks) {
        const background: ReturnType<typeof shell>[] = [];
        for (const step of block) {
          if (step.keepRunning) {
            const job = shell(step.command, env);
            background.push(job);
            // A command kept running is under way once it has printed something (or it ended: judged below).
            await Promise.race([job.printed, job.done]);
            continue;
          }
          const run = await shell(step.command, env).done;
          assert.equal(
            run.code,
            step.exitCode,
            `docs/WORKSHOP.md:${step.line}: ${step.command}\nexit ${run.code}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`,
          );
        }
        for (const job of background) {
          job.interrupt();
          const run = await job.done;
          assert.equal(run.code, 0, `a command kept running ended badly:\n${run.stderr.slice(-1500)}`);
          assert.ok(run.stdout.length > 0, 'a command kept running printed nothing');
        }
      }
    });
  }
});

function shell(command: string, env: NodeJS.ProcessEnv) {
  const child = spawn('bash', ['-c', command], { cwd: packageRoot, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let onPrinted: () => void = () => undefined;
  const printed = new Promise<void>((resolve) => (onPrinted = resolve));
  child.stdout.on('data', (c) => {
    stdout += c;
    onPrinted();
  });
  child.stderr.on('data', (c) => (stderr += c));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return {
    done,
    printed,
    interrupt: () => {
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch {
        // already ended
      }
    },
  };
}
