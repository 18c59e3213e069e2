import { resolve } from 'node:path';
import { writeRendered } from '../../lab/lab-store.js';
import { buildTopology } from '../../topology/build-topology.js';
import type { RawLabOptions } from '../../topology/lab-options.js';
import { parseLabOptions } from '../../topology/lab-options.js';
import { renderDockerLab } from '../../topology/render.js';
import type { CliDeps } from '../cli-deps.js';

export async function runRender(options: RawLabOptions & { out?: string }, deps: CliDeps): Promise<number> {
  const labOptions = parseLabOptions(options, deps.env);
  const topology = buildTopology(labOptions);
  const dir = resolve(options.out ?? topology.name);
  const files = renderDockerLab(topology);
  await writeRendered(dir, files);
  deps.stdout.write(
    `wrote ${files.length} files to ${dir}:\n` +
      files.map((f) => `  ${f.path}`).join('\n') +
      `\nboot it with:  docker compose -p ${topology.name} -f ${dir}/compose.yaml up -d   (or docker-compose)\n`,
  );
  return 0;
}
