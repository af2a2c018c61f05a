/**
 * A progress line on stderr while photos are checked. On a terminal it is rewritten in place and cleared before each
 * result is printed; in a log (not a terminal) it appears every 10% of long runs only.
 */
export function progress(total: number, stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  const tty = Boolean(stream.isTTY);
  let lastDecile = -1;
  return {
    update(done: number, current: string) {
      if (tty ? total < 2 : total < 20) return;
      const elapsed = (performance.now() - started) / 1000;
      const eta = done > 0 ? ((total - done) * elapsed) / done : 0;
      const line = `checking ${done + 1}/${total}: ${current}${done > 0 ? `  (${elapsed.toFixed(0)} s, ~${eta.toFixed(0)} s left)` : ''}`;
      if (tty) {
        stream.write(`\r\x1b[K${line}`);
      } else {
        const decile = Math.floor((done / total) * 10);
        if (decile !== lastDecile) stream.write(`${line}\n`);
        lastDecile = decile;
      }
    },
    /** Before printing a result: take the progress line off the terminal. */
    clear() {
      if (tty && total >= 2) stream.write('\r\x1b[K');
    },
  };
}
