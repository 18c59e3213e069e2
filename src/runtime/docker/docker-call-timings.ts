import type Dockerode from 'dockerode';

interface DialOptions {
  method?: string;
  path?: string;
}
type Dial = (options: DialOptions, callback: (error: unknown, result: unknown) => void) => unknown;

/**
 * Writes one line per Docker API call as it ends: when it began (ms since the runtime was made), how long it took,
 * the method and path, and the status of a failure (`+812 ms  786 ms  POST /containers/lab-redis-master/start?`).
 * Every dockerode call goes through the modem's dial, so wrapping it sees them all. For finding where `up` spends its
 * time: REDIS_HA_LAB_TIMINGS=1.
 */
export function traceDockerCalls(docker: Dockerode, write: (line: string) => void, now: () => number = () => performance.now()): void {
  const modem = docker.modem as unknown as { dial: Dial };
  const dial = modem.dial.bind(modem);
  const origin = now();
  modem.dial = (options, callback) => {
    const began = now();
    return dial(options, (error, result) => {
      const status = error ? ` -> ${(error as { statusCode?: number }).statusCode ?? 'error'}` : '';
      const path = (options.path ?? '').replace(/\?$/, '');
      write(`docker +${Math.round(began - origin)} ms  ${Math.round(now() - began)} ms  ${options.method ?? '?'} ${path}${status}`);
      callback(error, result);
    });
  };
}
