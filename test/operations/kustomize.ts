import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { parseAllDocuments } from "yaml";

/** A Kubernetes object as read from YAML. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}

type Json = Record<string, unknown>;
/** Every kubernetes-models class validates like Deployment. */
type ModelClass = new (data: unknown) => Pick<Deployment, "validate">;

const supported = new Set(["apiVersion", "kind", "resources", "namespace", "labels", "images", "replicas", "patches"]);
const clusterScoped = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"]);

/**
 * The subset of `kustomize build` Guichet's manifests use: resources (files and directories),
 * namespace, labels, images, replicas and strategic-merge patches (lists of named items merged by
 * name). Anything else in a kustomization is an error rather than silently ignored, so the test
 * never validates something other than what `kubectl apply -k` would apply.
 */
export function kustomizeBuild(dir: string): Manifest[] {
  const file = path.join(dir, "kustomization.yaml");
  const k = parseYaml(file)[0] as Json | undefined;
  if (k?.kind !== "Kustomization") throw new Error(`${file}: not a Kustomization`);
  for (const key of Object.keys(k)) if (!supported.has(key)) throw new Error(`${file}: unsupported field ${key}`);

  let docs: Manifest[] = [];
  for (const resource of (k.resources as string[] | undefined) ?? []) {
    const target = path.resolve(dir, resource);
    docs.push(...(statSync(target).isDirectory() ? kustomizeBuild(target) : (parseYaml(target) as Manifest[])));
  }
  for (const patch of (k.patches as { path: string }[] | undefined) ?? []) {
    for (const p of parseYaml(path.resolve(dir, patch.path)) as Manifest[]) {
      const i = docs.findIndex((d) => d.kind === p.kind && d.metadata.name === p.metadata.name);
      if (i < 0) throw new Error(`${patch.path}: no ${p.kind} ${p.metadata.name} to patch`);
      docs[i] = merge(docs[i], p) as Manifest;
    }
  }
  if (typeof k.namespace === "string") {
    const ns = k.namespace;
    docs = docs.map((d) => (clusterScoped.has(d.kind) ? d : { ...d, metadata: { ...d.metadata, namespace: ns } }));
  }
  for (const image of (k.images as { name: string; newName?: string; newTag?: string }[] | undefined) ?? []) {
    let used = false;
    for (const container of docs.flatMap(containersOf)) {
      const [name, tag] = splitImage(container.image as string);
      if (name !== image.name) continue;
      container.image = `${image.newName ?? name}:${image.newTag ?? tag}`;
      used = true;
    }
    if (!used) throw new Error(`${file}: image ${image.name} is used by no container`);
  }
  for (const r of (k.replicas as { name: string; count: number }[] | undefined) ?? []) {
    const target = docs.find((d) => ["Deployment", "StatefulSet"].includes(d.kind) && d.metadata.name === r.name);
    if (!target) throw new Error(`${file}: replicas for unknown workload ${r.name}`);
    (target.spec as Json).replicas = r.count;
  }
  for (const set of (k.labels as { pairs: Record<string, string> }[] | undefined) ?? []) {
    for (const d of docs) d.metadata.labels = { ...d.metadata.labels, ...set.pairs };
  }
  return docs;
}

function parseYaml(file: string): unknown[] {
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  const out: unknown[] = [];
  for (const doc of documents) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]?.message}`);
    const value = doc.toJS() as unknown;
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

function splitImage(image: string): [string, string] {
  const at = image.lastIndexOf(":");
  return at > image.lastIndexOf("/") ? [image.slice(0, at), image.slice(at + 1)] : [image, "latest"];
}

/** Pod templates' containers of any workload, to read or edit in place. */
export function containersOf(doc: Manifest): Json[] {
  const spec = doc.spec as Json | undefined;
  const template = (doc.kind === "CronJob" ? ((spec?.jobTemplate as Json)?.spec as Json) : spec)?.template as
    | Json
    | undefined;
  const podSpec = template?.spec as Json | undefined;
  return [...((podSpec?.initContainers as Json[]) ?? []), ...((podSpec?.containers as Json[]) ?? [])];
}

/** Strategic merge for the shapes used here: maps merge, lists of named objects merge by name. */
function merge(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch)) {
    const named = (x: unknown): boolean => typeof x === "object" && x !== null && "name" in x;
    if (!patch.every(named) || !base.every(named)) return patch;
    const out: unknown[] = [...base];
    for (const item of patch as Json[]) {
      const i = out.findIndex((b) => (b as Json).name === item.name);
      if (i >= 0) out[i] = merge(out[i], item);
      else out.push(item);
    }
    return out;
  }
  if (isObject(base) && isObject(patch)) {
    const out: Json = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = key in base ? merge(base[key], value) : value;
    }
    return out;
  }
  return patch;
}

function isObject(x: unknown): x is Json {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** Every *.yaml file under a directory (for the copy-and-break test). */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => path.join(dir, f));
}

/**
 * Validates one object against the Kubernetes OpenAPI schema of its apiVersion and kind (the
 * compiled JSON-schema validators of `kubernetes-models`): types, required fields, enums, formats.
 */
export async function validateManifest(doc: Manifest): Promise<void> {
  if (typeof doc.apiVersion !== "string" || typeof doc.kind !== "string") {
    throw new Error(`object without apiVersion/kind: ${JSON.stringify(doc).slice(0, 80)}`);
  }
  const [group, version] = doc.apiVersion.includes("/") ? doc.apiVersion.split("/") : ["", doc.apiVersion];
  const modulePath = `kubernetes-models/${group ? `${group}/` : ""}${version}/${doc.kind}`;
  let model: ModelClass | undefined;
  try {
    model = ((await import(modulePath)) as Record<string, ModelClass | undefined>)[doc.kind];
  } catch {
    model = undefined;
  }
  if (!model)
    throw new Error(`${doc.kind} ${doc.metadata?.name}: unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`);
  try {
    new model(doc).validate();
  } catch (error) {
    throw new Error(`${doc.kind} ${doc.metadata?.name}: ${(error as Error).message}`);
  }
}
