import { nonMaxSuppression, type ScoredRect } from './boxes';
import { dropCutAtRegionEdge, mergeFaces, planFirstPass, planSecondPass, type DetectionSettings, type PassPlan } from './plan';
import type { Raster } from './raster';
import type { SsdNetwork } from './ssd';

/** Boxes under this score are dropped straight after the network; second-look candidates start at 0.3. */
const RAW_SCORE_FLOOR = 0.2;

async function runPass(ssd: SsdNetwork, raster: Raster, plan: PassPlan): Promise<ScoredRect[]> {
  const rgb = await raster.read(plan.region, plan.inputW, plan.inputH);
  // One box per object before planning: the anchors around a face also fire, with lower scores.
  const found = nonMaxSuppression(await ssd.detect(rgb, plan.inputW, plan.inputH, RAW_SCORE_FLOOR), 0.3, 0.7);
  const kx = plan.region.w / plan.inputW, ky = plan.region.h / plan.inputH;
  return found.map((b) => ({ x: plan.region.x + b.x * kx, y: plan.region.y + b.y * ky, w: b.w * kx, h: b.h * ky, score: b.score }));
}

/** Multi-scale detection (see plan.ts): a whole-photo pass, then a closer look where small faces may hide. */
export async function detectFaces(ssd: SsdNetwork, raster: Raster, settings: DetectionSettings): Promise<{ faces: ScoredRect[]; passes: PassPlan[] }> {
  const { width, height } = raster;
  const first = planFirstPass(width, height, settings);
  const firstBoxes = await runPass(ssd, raster, first);
  const all = [...firstBoxes];
  const second = planSecondPass(first, firstBoxes, width, height, settings);
  for (const plan of second) all.push(...dropCutAtRegionEdge(plan, await runPass(ssd, raster, plan), width, height));
  return { faces: mergeFaces(all, width, height, settings), passes: [first, ...second] };
}
