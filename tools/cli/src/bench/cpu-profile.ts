import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  fn: string;
  ms: number;
  share: number;
}

/** Top self-time functions of a V8 .cpuprofile (what `node --cpu-prof` writes). */
export function topSelfTime(file: string, limit = 12): SelfTime[] {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const delta = profile.timeDeltas[i] ?? 0;
    all += delta;
    const where = frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : "";
    const key = `${frame.functionName || "(anonymous)"} ${where}`.trim();
    totals.set(key, (totals.get(key) ?? 0) + delta);
  });
  return [...totals.entries()]
    .filter(([fn]) => fn !== "(idle)")
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([fn, us]) => ({ fn, ms: us / 1000, share: us / all }));
}

function shorten(url: string): string {
  const at = url.lastIndexOf("node_modules/");
  if (at >= 0) return url.slice(at + "node_modules/".length);
  const src = url.search(/(services|libs|tools)\//);
  return src >= 0 ? url.slice(src) : url.replace(/^file:\/\//, "");
}

export function profilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => path.join(dir, f));
}
