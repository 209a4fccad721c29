import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { containersOf, kustomizeBuild, type Manifest, validateManifest } from "./kustomize.ts";

const k8s = fileURLToPath(new URL("../../deploy/k8s/", import.meta.url));
const services = ["intake", "routing", "notification", "reporting", "appointments", "web"];
type Json = Record<string, unknown>;

async function validateAll(docs: Manifest[]): Promise<void> {
  for (const doc of docs) await validateManifest(doc);
}

const find = (docs: Manifest[], kind: string, name: string): Manifest => {
  const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!doc) throw new Error(`no ${kind} ${name}`);
  return doc;
};
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);
const podLabels = (d: Manifest) =>
  ((d.spec as Json).template as { metadata: { labels: Record<string, string> } }).metadata.labels;

describe("Kubernetes manifests (deploy/k8s)", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "guichet-k8s-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  for (const variant of ["base", "overlays/production"]) {
    it(`${variant}: every document is valid against the Kubernetes schemas`, async () => {
      const docs = kustomizeBuild(path.join(k8s, variant));
      expect(docs.length).toBeGreaterThan(15);
      await validateAll(docs);
    });
  }

  it("production overlay: a scaled-out, disruption-tolerant platform", () => {
    const docs = kustomizeBuild(path.join(k8s, "overlays/production"));
    const configMaps = new Set(docs.filter((d) => d.kind === "ConfigMap").map((d) => d.metadata.name));
    for (const doc of docs) {
      if (doc.kind !== "Namespace") expect(doc.metadata.namespace, `${doc.kind} ${doc.metadata.name}`).toBe("guichet");
      expect(doc.metadata.labels?.["app.kubernetes.io/part-of"]).toBe("guichet");
    }
    // NATS: three servers in one JetStream cluster, R3 streams, at most one down at a time.
    const nats = find(docs, "StatefulSet", "nats");
    expect((nats.spec as Json).replicas).toBe(3);
    const conf = (find(docs, "ConfigMap", "nats-config").data as Json)["nats.conf"] as string;
    expect(conf).toMatch(/jetstream/);
    expect(conf.match(/nats-route:\/\/nats-\d\.nats-headless:6222/g)).toHaveLength(3);
    expect((find(docs, "ConfigMap", "guichet-config").data as Json).NATS_REPLICAS).toBe("3");
    expect((find(docs, "PodDisruptionBudget", "nats").spec as Json).maxUnavailable).toBe(1);

    for (const name of services) {
      const deployment = find(docs, "Deployment", name);
      expect((deployment.spec as Json).replicas as number, name).toBeGreaterThanOrEqual(2);
      const labels = podLabels(deployment);
      const pdb = docs.find(
        (d) =>
          d.kind === "PodDisruptionBudget" &&
          matches(((d.spec as Json).selector as Json).matchLabels as Record<string, string>, labels),
      );
      expect(pdb, `${name} disruption budget`).toBeDefined();
      const service = docs.find(
        (d) => d.kind === "Service" && matches((d.spec as Json).selector as Record<string, string>, labels),
      );
      expect(service, `${name} Service`).toBeDefined();
      for (const container of containersOf(deployment)) {
        expect(container.image, name).toMatch(/^registry\.mairie\.example\/guichet\/app:1\.0\.0$/);
        const resources = container.resources as { requests?: Json; limits?: Json };
        expect(resources.requests?.cpu && resources.requests.memory && resources.limits?.memory, name).toBeTruthy();
        expect((container.livenessProbe as Json).httpGet).toMatchObject({ path: "/healthz" });
        expect((container.readinessProbe as Json).httpGet).toMatchObject({ path: "/readyz" });
        const ports = new Set((container.ports as { name: string }[]).map((p) => p.name));
        for (const probe of ["livenessProbe", "readinessProbe", "startupProbe"]) {
          expect(ports.has(((container[probe] as Json).httpGet as { port: string }).port), `${name} ${probe}`).toBe(
            true,
          );
        }
        for (const source of container.envFrom as { configMapRef?: { name: string }; secretRef?: { name: string } }[]) {
          if (source.configMapRef) expect(configMaps.has(source.configMapRef.name)).toBe(true);
          // PostgreSQL is external: its URL comes from this Secret, created outside git.
          if (source.secretRef) expect(source.secretRef.name).toBe("guichet-secrets");
        }
      }
    }
    expect((find(docs, "Deployment", "intake").spec as Json).replicas).toBe(3);
    const reporting = containersOf(find(docs, "Deployment", "reporting"))[0];
    expect(reporting?.resources).toMatchObject({ limits: { memory: "1Gi" } });
  });

  it("a broken manifest fails validation", async () => {
    const docs = kustomizeBuild(path.join(k8s, "base"));
    const broken = (mutate: (docs: Manifest[]) => void) => {
      const copy = structuredClone(docs);
      mutate(copy);
      return validateAll(copy);
    };
    await expect(
      broken((d) => {
        const c = containersOf(find(d, "Deployment", "intake"))[0] as Json;
        c.ports = [{ name: "http", containerPort: "3001x" }];
      }),
    ).rejects.toThrow(/containerPort must be integer/);
    await expect(
      broken((d) => {
        delete (find(d, "Deployment", "routing").spec as Json).selector;
      }),
    ).rejects.toThrow(/selector/);
    await expect(
      broken((d) => {
        find(d, "PodDisruptionBudget", "nats").apiVersion = "policy/v1beta9";
      }),
    ).rejects.toThrow(/unknown apiVersion/);
    await expect(
      broken((d) => {
        ((find(d, "StatefulSet", "nats").spec as Json).template as Json).spec = { containers: "nats" };
      }),
    ).rejects.toThrow(/must be array/);
  });

  it("a broken file in the tree fails the build or the validation", async () => {
    const copy = path.join(tmp, "k8s");
    cpSync(k8s, copy, { recursive: true });
    const intake = path.join(copy, "base/intake.yaml");
    const original = readFileSync(intake, "utf8");
    writeFileSync(intake, original.replace("replicas: 2", "replicas: two"));
    await expect(validateAll(kustomizeBuild(path.join(copy, "overlays/production")))).resolves.toBeUndefined(); // overlay sets it
    await expect(validateAll(kustomizeBuild(path.join(copy, "base")))).rejects.toThrow(/replicas must be integer/);
    writeFileSync(intake, original.replace("/healthz", "/healthz\n  bad: [indent"));
    expect(() => kustomizeBuild(path.join(copy, "base"))).toThrow(/intake\.yaml/);
    writeFileSync(intake, original);
    const patch = path.join(copy, "overlays/production/reporting-resources.patch.yaml");
    writeFileSync(patch, readFileSync(patch, "utf8").replace("name: reporting", "name: reportng"));
    expect(() => kustomizeBuild(path.join(copy, "overlays/production"))).toThrow(/no Deployment reportng to patch/);
  });
});
