// Detection figures only (for tuning): npx tsx test/bench/quick-detect.ts [rounds]
import { startNodeEngine } from '../../src/faces/node';
import { detectionBench } from './detection';
const engine = await startNodeEngine({ selfTest: 'detect', detection: JSON.parse(process.env.DETECTION ?? '{}') });
if (!engine.status.ready) throw new Error(engine.status.error.message);
const f = await detectionBench(engine, Number(process.argv[2] ?? 1), console.log);
console.log(`recall ${f.found}/${f.boxedFaces} (plain ${f.plainFound}), false ${f.falseBoxes} (plain ${f.plainFalseBoxes}) on ${f.photos} photos; ratio groups mean ${f.meanRatioGroups.toFixed(2)} max ${f.maxRatioGroups.toFixed(2)}; all mean ${f.meanRatioAll.toFixed(2)} max ${f.maxRatioAll.toFixed(2)}; full ×${f.full.ratio.toFixed(2)}`);
