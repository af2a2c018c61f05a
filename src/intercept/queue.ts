/** One review at a time per frame: a second pick, drop, paste or inline image waits for the first. */
let queue: Promise<unknown> = Promise.resolve();

export function serial<T>(job: () => Promise<T>): Promise<T> {
  const run = queue.then(job, job);
  queue = run.catch(() => undefined);
  return run;
}
