// Runs in its own process: RSS and tensor count after analysing 50 photos with descriptors.
import { readFileSync } from 'node:fs';
import { loadNodeBackend, startNodeEngine } from '../../src/faces/node';
import { groupTruth, people } from './data';

const photos = [...groupTruth().map((g) => g.file), ...people('identities').flatMap((p) => p.photos)];
const engine = await startNodeEngine({ selfTest: 'full' });
if (!engine.status.ready) throw new Error(engine.status.error.message);
const { tf } = await loadNodeBackend();
const tensorsBefore = tf.memory().numTensors;
const rss: number[] = [];
for (let i = 0; i < 50; i++) {
  const r = await engine.analyseBytes(new Uint8Array(readFileSync(photos[i % photos.length]!)), { describe: true });
  if (!r.ok) throw new Error(r.error.message);
  if ((i + 1) % 10 === 0) rss.push(process.memoryUsage().rss);
}
process.stdout.write(
  JSON.stringify({ photos: 50, rssAfter10MB: rss[0]! / 2 ** 20, rssAfter50MB: rss[rss.length - 1]! / 2 ** 20, maxRssMB: process.resourceUsage().maxRSS / 1024, tensorsBefore, tensorsAfter: tf.memory().numTensors, wasmBytes: tf.memory().numBytes }),
);
