/** A one-line progress indicator on stderr: rewritten in place on a terminal, every 10% in a log. */
export function progress(total: number, stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  let lastDecile = -1;
  return {
    update(done: number, current: string) {
      if (total < 3) return;
      const elapsed = (performance.now() - started) / 1000;
      const eta = done > 0 ? ((total - done) * elapsed) / done : 0;
      const line = `checking ${done + 1}/${total}: ${current}${done > 0 ? `  (${elapsed.toFixed(0)} s, ~${eta.toFixed(0)} s left)` : ''}`;
      if (stream.isTTY) {
        stream.write(`\r\x1b[K${line}`);
      } else {
        const decile = Math.floor((done / total) * 10);
        if (decile !== lastDecile) stream.write(`${line}\n`);
        lastDecile = decile;
      }
    },
    done() {
      if (total >= 3 && stream.isTTY) stream.write('\r\x1b[K');
    },
  };
}
