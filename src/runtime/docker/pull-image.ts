import type Dockerode from 'dockerode';
import type { ProgressListener } from '../runtime.js';

interface PullEvent {
  id?: string;
  status?: string;
  progress?: string;
  error?: string;
}

/** Pulls an image, reporting Docker's progress lines ("<layer>: Downloading [==>   ] 12MB/30MB"). */
export async function pullImage(docker: Dockerode, image: string, onProgress: ProgressListener): Promise<void> {
  const stream = await docker.pull(image);
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: PullEvent[]) => {
        const failed = output?.find((event) => event.error);
        if (error) reject(error);
        else if (failed) reject(new Error(failed.error));
        else resolve();
      },
      (event: PullEvent) => {
        if (event.status) onProgress([event.id, event.status, event.progress].filter(Boolean).join(' '));
      },
    );
  });
}
